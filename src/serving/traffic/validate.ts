import * as v from "valibot";
import { dns1123Label } from "../../core/schemas";
import { parseArgs, ProblemList } from "../../core/validation";
import { checkExposure } from "../common/exposure";
import { trafficSplitArgsSchema, type TrafficSplitArgs, type TrafficSplitArgsParsed } from "./args";

export const TRAFFIC_COMPONENT = "TrafficSplit";

export interface TrafficResolved {
    readonly name: string;
    readonly args: TrafficSplitArgsParsed;
}

const NAME = v.pipe(dns1123Label, v.maxLength(55, "must be at most 55 characters (the canary Ingress appends '-canary')"));

export function resolveTrafficArgs(name: string, raw: TrafficSplitArgs): TrafficResolved {
    const problems = new ProblemList();
    const nameCheck = v.safeParse(NAME, name);
    if (!nameCheck.success) problems.add("name", nameCheck.issues[0].message);
    const args = parseArgs(TRAFFIC_COMPONENT, trafficSplitArgsSchema, raw);
    const total = args.backends.reduce((sum, b) => sum + b.weight, 0);
    if (total !== 100) problems.add("backends", `the weights add up to ${total}; they must add up to 100`);
    const dup = (key: "name" | "service") => args.backends.map((b) => b[key]).find((x, i, all) => all.indexOf(x) !== i);
    if (dup("name")) problems.add("backends", `version '${dup("name")}' is given twice`);
    if (dup("service")) problems.add("backends", `service '${dup("service")}' is given twice: each version is its own Service`);
    checkExposure(args.route, "route", problems);
    if (args.route.kind === "ingress") {
        if ((args.route.ingress?.className ?? "nginx") !== "nginx") {
            problems.add("route.ingress.className", "weighted Ingress routing uses ingress-nginx canary annotations: use class 'nginx', or route kind 'istio' / 'gatewayApi'");
        }
        if (args.backends.length !== 2) problems.add("backends", "ingress-nginx splits between exactly two versions (a main and a canary Ingress): use 'istio' or 'gatewayApi' for more");
    }
    problems.throwIfAny(TRAFFIC_COMPONENT);
    return { name, args };
}
