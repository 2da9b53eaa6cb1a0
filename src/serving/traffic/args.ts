import type * as pulumi from "@pulumi/pulumi";
import { dns1123Label, inputLabel, integer, labelsSchema, positiveInt } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";
import { exposureSchema, type ExposureArgs } from "../common/exposure";

export const trafficSplitArgsSchema = lazySchema((z) =>
    z.strictObject({
        namespace: inputLabel().default("default"),
        backends: z
            .array(
                z.strictObject({
                    name: dns1123Label(),
                    service: inputLabel(),
                    port: positiveInt().max(65535, "must be at most 65535"),
                    weight: integer().min(0, "must be at least 0").max(100, "must be at most 100"),
                }),
            )
            .min(2, "a split needs at least two versions"),
        route: exposureSchema(),
        labels: labelsSchema().default({}),
    }),
);

export type TrafficSplitArgsParsed = Infer<typeof trafficSplitArgsSchema>;

/** One version of the service and its share of the traffic. */
export interface TrafficBackend {
    /** Version name (Arena's `--version`), e.g. `v1`. @default none: required */
    readonly name: string;
    /**
     * The version's Service in the split's namespace (a serving component's name, e.g.
     * `VllmInferenceService` in mode `deployment`). May be an Output (checked when known).
     * @default none: required
     */
    readonly service: pulumi.Input<string>;
    /** Service port (vLLM 8000, Triton 8000, DJL 8080, OpenLLM 3000). @default none: required */
    readonly port: number;
    /** Percent of requests; the weights add up to 100. @default none: required */
    readonly weight: number;
}

/**
 * Arguments of {@link TrafficSplit}. KServe InferenceServices split traffic themselves: set
 * `kserve.canaryTrafficPercent` on the service (Knative deployment mode) instead.
 */
export interface TrafficSplitArgs {
    /** Namespace of the route and of every backend Service. May be an Output (checked when known). @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /** Two or more versions with their weights (Arena's `--version-weight v1:80,v2:20`). @default none: required */
    readonly backends: readonly TrafficBackend[];
    /**
     * How clients reach the versions, which decides the mechanism: `istio` (weighted VirtualService
     * routes; needs Istio), `gatewayApi` (weighted HTTPRoute backendRefs; needs a Gateway API
     * implementation), or `ingress` with ingress-nginx (a canary Ingress with `canary-weight`; exactly two versions).
     * TrafficSplit has no pods and renders no NetworkPolicy; each backend's own NetworkPolicy must
     * admit this route's controller: give it as the backend component's `networkPolicy.platformFrom`
     * (e.g. `[{namespaceSelector: {"kubernetes.io/metadata.name": "ingress-nginx"}}]`).
     * @default none: required
     */
    readonly route: ExposureArgs;
    /**
     * Extra labels on every object. Kubernetes' label rules apply; the library's own keys (`app.kubernetes.io/name`, `app.kubernetes.io/component`, `app.kubernetes.io/managed-by`, `llm-serving/role`) are refused, since selectors rely on them ({@link labelsSchema}).
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
}
