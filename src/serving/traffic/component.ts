import * as pulumi from "@pulumi/pulumi";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { TrafficSplitArgs } from "./args";
import { renderTrafficSplit, trafficUrl, type TrafficSplitRoles } from "./render";
import { resolveTrafficArgs } from "./validate";

/**
 * A canary or traffic split between versions of a service, as Arena's `serve traffic-split`: one
 * host, requests shared by weight through Istio, the Gateway API or ingress-nginx. Changing the
 * weights is an in-place update of the route. All validation runs before anything is registered.
 */
export class TrafficSplit extends pulumi.ComponentResource {
    /** URL clients use. */
    public readonly url: pulumi.Output<string>;
    /** Percent of requests per version. */
    public readonly weights: pulumi.Output<Record<string, number>>;
    public readonly resources: ChildrenByRole<TrafficSplitRoles>;

    constructor(name: string, args: TrafficSplitArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const resolved = resolveTrafficArgs(name, args);
        super("llm-serving:traffic:TrafficSplit", name, {}, opts);
        this.resources = registerKubeObjects<TrafficSplitRoles>(this, name, renderTrafficSplit(resolved));
        this.url = pulumi.output(trafficUrl(resolved));
        this.weights = pulumi.output(Object.fromEntries(resolved.args.backends.map((b) => [b.name, b.weight])));
        this.registerOutputs({ url: this.url, weights: this.weights });
    }
}
