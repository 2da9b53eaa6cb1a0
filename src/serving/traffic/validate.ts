import { isKnown, whenKnown, type Deferrable } from "../../core/deferrable";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, failArgs, ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { checkExposure } from "../common/exposure";
import { trafficSplitArgsSchema, type TrafficSplitArgs, type TrafficSplitArgsParsed } from "./args";

export const TRAFFIC_COMPONENT = "TrafficSplit";

/** A TrafficSplit's arguments after validation, ready to render. */
export interface TrafficResolved {
    readonly name: string;
    readonly args: TrafficSplitArgsParsed;
}

const NAME = lazySchema(() => dns1123Label().max(55, "must be at most 55 characters (the canary Ingress appends '-canary')"));

const duplicateOf = <T>(values: readonly T[]): T | undefined => values.find((x, i, all) => all.indexOf(x) !== i);
const duplicateServiceReason = (service: string) => `service '${service}' is given twice: each version is its own Service`;

/**
 * The backends' Service names, checked for duplicates: now when every name is known, else once
 * they are (each name the render uses becomes an Output that fails naming `backends`).
 */
function checkServices(backends: TrafficSplitArgsParsed["backends"], problems: ProblemList): Deferrable<string>[] {
    const services = backends.map((b) => b.service);
    if (services.every((s) => isKnown(s))) {
        const dup = duplicateOf(services);
        if (dup !== undefined) problems.add("backends", duplicateServiceReason(dup));
        return services;
    }
    return services.map((_, i) =>
        whenKnown<string[], string>(services, (...known) => {
            const dup = duplicateOf(known);
            if (dup !== undefined) failArgs(TRAFFIC_COMPONENT, [{ propertyPath: "backends", reason: duplicateServiceReason(dup) }]);
            return known[i];
        }),
    );
}

export function resolveTrafficArgs(name: string, raw: TrafficSplitArgs): TrafficResolved {
    const { parsed, problems } = beginResolve(TRAFFIC_COMPONENT, name, NAME(), trafficSplitArgsSchema(), raw);
    const total = parsed.backends.reduce((sum, b) => sum + b.weight, 0);
    if (total !== 100) problems.add("backends", `the weights add up to ${total}; they must add up to 100`);
    const dupName = duplicateOf(parsed.backends.map((b) => b.name));
    if (dupName) problems.add("backends", `version '${dupName}' is given twice`);
    const services = checkServices(parsed.backends, problems);
    checkExposure(parsed.route, "route", problems);
    if (parsed.route.kind === "ingress") {
        if ((parsed.route.ingress?.className ?? "nginx") !== "nginx") {
            problems.add(
                "route.ingress.className",
                "weighted Ingress routing uses ingress-nginx canary annotations: use class 'nginx', or route kind 'istio' / 'gatewayApi'",
            );
        }
        if (parsed.backends.length !== 2)
            problems.add("backends", "ingress-nginx splits between exactly two versions (a main and a canary Ingress): use 'istio' or 'gatewayApi' for more");
    }
    problems.throwIfAny(TRAFFIC_COMPONENT);
    const args = services.every((s, i) => s === parsed.backends[i].service)
        ? parsed
        : { ...parsed, backends: parsed.backends.map((b, i) => ({ ...b, service: services[i] })) };
    return { name, args };
}
