import type { KubeObject, RenderedObject } from "../../core/kube";
import { dns1123Subdomain, nonEmptyString, nonNegativeInt32, positiveInt32, positiveNumber } from "../../core/schemas";
import { whenKnown, type Deferrable } from "../../core/deferrable";
import type { ProblemList } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";

const PROMETHEUS_URL = "must be an http(s) URL of the Prometheus KEDA queries";

export const autoscalingSchema = lazySchema((z) =>
    z.strictObject({
        keda: z.strictObject({
            prometheusUrl: z.string(PROMETHEUS_URL).refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: PROMETHEUS_URL }),
            query: nonEmptyString().optional(),
            targetValue: positiveNumber().default(5),
            pollingIntervalSeconds: positiveInt32().default(15),
            scaleDownStabilizationSeconds: nonNegativeInt32().default(600),
            authenticationRef: dns1123Subdomain().optional(),
        }),
    }),
);

export type AutoscalingParsed = Infer<typeof autoscalingSchema>;

/** Autoscaling of a plain Deployment by KEDA on a Prometheus metric (queue length by default). */
export interface AutoscalingArgs {
    /** A KEDA `ScaledObject` (`keda.sh/v1alpha1`) with a `prometheus` trigger; replicas range over `replicas.min..max`. @default none: required */
    readonly keda: KedaAutoscalingArgs;
}

/** A KEDA `ScaledObject` with a `prometheus` trigger (`autoscaling.keda`). */
export interface KedaAutoscalingArgs {
    /** Prometheus server KEDA queries, e.g. `http://prometheus-operated.monitoring.svc:9090`. @default none: required */
    readonly prometheusUrl: string;
    /**
     * PromQL returning the load of the whole service. @default for vLLM, the waiting requests:
     * `sum(vllm:num_requests_waiting{namespace="<ns>",model_name="<served name>"})`; other engines have none
     */
    readonly query?: string;
    /** Value of `query` per replica KEDA aims for (e.g. waiting requests per replica). @default 5 */
    readonly targetValue?: number;
    /** How often KEDA evaluates the query. @default 15 */
    readonly pollingIntervalSeconds?: number;
    /** Scale-down stabilization window: GPU replicas take minutes to come back. @default 600 */
    readonly scaleDownStabilizationSeconds?: number;
    /** A KEDA `TriggerAuthentication` for a Prometheus that needs credentials. @default none */
    readonly authenticationRef?: string;
}

/** The resolved scaling: the query to use and the replica range. */
export interface ResolvedAutoscaling {
    readonly keda: AutoscalingParsed["keda"];
    readonly query: Deferrable<string>;
    readonly minReplicas: number;
    readonly maxReplicas: number;
}

/**
 * Cross-field checks and the query. `defaultQuery` is the engine's queue metric (vLLM's
 * `vllm:num_requests_waiting`); without one the caller must give `query`. The default query
 * needs the pods scraped, so it requires `metrics` (`hasMetrics`).
 */
export function resolveAutoscaling(
    a: AutoscalingParsed,
    input: { field: string; replicas: { min: number; max?: number }; defaultQuery?: Deferrable<string>; hasMetrics: boolean },
    problems: ProblemList,
): ResolvedAutoscaling | undefined {
    const { field, replicas } = input;
    const before = problems.size;
    if (replicas.max === undefined || replicas.max <= replicas.min) {
        problems.add("replicas.max", `autoscaling needs replicas.max above replicas.min (${replicas.min})`);
    }
    if (replicas.min < 1) {
        problems.add("replicas.min", "the queue metric comes from the pods themselves, so at least one replica must run");
    }
    if (a.keda.query === undefined && input.defaultQuery === undefined) {
        problems.add(`${field}.keda.query`, "this engine exports no known queue metric: give a PromQL query");
    }
    if (a.keda.query === undefined && input.defaultQuery !== undefined && !input.hasMetrics) {
        problems.add(`${field}.keda.query`, "the default query reads the pods' metrics: enable metrics (ServiceMonitor/PodMonitor) or give your own query");
    }
    if (problems.size > before) return undefined;
    return { keda: a.keda, query: a.keda.query ?? (input.defaultQuery as Deferrable<string>), minReplicas: replicas.min, maxReplicas: replicas.max as number };
}

/** PromQL string literal (double-quoted, escaped). */
export function promLabelValue(value: string): string {
    return JSON.stringify(value);
}

/** vLLM's waiting-request queue for one served model in one namespace. */
export function vllmQueueQuery(namespace: Deferrable<string>, servedModelName: string): Deferrable<string> {
    return whenKnown(
        [namespace],
        (ns: string) => `sum(vllm:num_requests_waiting{namespace=${promLabelValue(ns)},model_name=${promLabelValue(servedModelName)}})`,
    );
}

/** What the ScaledObject scales. */
export interface ScaleTarget {
    readonly name: string;
    readonly namespace: Deferrable<string>;
    readonly labels: Readonly<Record<string, string>>;
    readonly deploymentName: string;
}

export type AutoscalingRole = "scaledobject";

/** A KEDA ScaledObject (role `scaledobject`) scaling a Deployment on a Prometheus query. */
export function renderScaledObject(t: ScaleTarget, r: ResolvedAutoscaling): RenderedObject<AutoscalingRole> {
    const object: KubeObject = {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name: t.name, namespace: t.namespace, labels: { ...t.labels } },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: t.deploymentName },
            minReplicaCount: r.minReplicas,
            maxReplicaCount: r.maxReplicas,
            pollingInterval: r.keda.pollingIntervalSeconds,
            advanced: {
                horizontalPodAutoscalerConfig: {
                    behavior: { scaleDown: { stabilizationWindowSeconds: r.keda.scaleDownStabilizationSeconds } },
                },
            },
            triggers: [
                {
                    type: "prometheus",
                    metricType: "AverageValue",
                    metadata: {
                        serverAddress: r.keda.prometheusUrl,
                        query: r.query,
                        threshold: String(r.keda.targetValue),
                    },
                    ...(r.keda.authenticationRef ? { authenticationRef: { name: r.keda.authenticationRef } } : {}),
                },
            ],
        },
    };
    return { role: "scaledobject", object };
}
