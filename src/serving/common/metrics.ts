import type { Deferrable } from "../../core/deferrable";
import type { KubeObject, RenderedObject } from "../../core/kube";
import { labelsSchema } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";

export const metricsSchema = lazySchema((z) =>
    z.strictObject({
        monitor: z.enum(["serviceMonitor", "podMonitor"]).default("serviceMonitor"),
        interval: z
            .string()
            .regex(/^\d+(ms|s|m)$/, "must be a Prometheus duration such as '30s'")
            .default("30s"),
        labels: labelsSchema().default({}),
    }),
);

export type MetricsParsed = Infer<typeof metricsSchema>;

/** Prometheus scraping of a serving component (prometheus-operator `monitoring.coreos.com/v1`). */
export interface MetricsArgs {
    /** `serviceMonitor` scrapes through the component's Service; `podMonitor` scrapes every pod directly. @default "serviceMonitor" */
    readonly monitor?: "serviceMonitor" | "podMonitor";
    /** Scrape interval. @default "30s" */
    readonly interval?: string;
    /**
     * Labels on the monitor, so the Prometheus instance selects it (e.g. `{release: "kube-prometheus-stack"}`). Kubernetes' label rules apply; the library's own keys (`app.kubernetes.io/name`, `app.kubernetes.io/component`, `app.kubernetes.io/managed-by`, `llm-serving/role`) are refused, since selectors rely on them ({@link labelsSchema}).
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Where each engine serves Prometheus metrics (port number and path), so every component scrapes
 * the same way: vLLM `/metrics` on its API port; Triton `:8002/metrics`; Ray `:8080/metrics`;
 * DJLServing `/server/metrics` on its API port once `SERVING_PROMETHEUS=true`; OpenLLM (BentoML)
 * `/metrics` on its API port.
 */
export const ENGINE_METRICS = {
    vllm: { port: 8000, path: "/metrics" },
    triton: { port: 8002, path: "/metrics" },
    ray: { port: 8080, path: "/metrics" },
    djl: { port: 8080, path: "/server/metrics" },
    openllm: { port: 3000, path: "/metrics" },
} as const;

/** What to scrape: the pods (or their Service) by labels, a named port and a path. */
export interface MetricsTarget {
    readonly name: string;
    readonly namespace: Deferrable<string>;
    readonly labels: Readonly<Record<string, string>>;
    /** Labels of the Service (serviceMonitor) or of the pods (podMonitor) to scrape. */
    readonly selector: Readonly<Record<string, string>>;
    /** Name of the Service port (serviceMonitor) or container port (podMonitor). */
    readonly portName: string;
    readonly path: string;
}

/** A ServiceMonitor (role `servicemonitor`) or PodMonitor (role `podmonitor`). */
/** Role of the monitor object, by `metrics.monitor`. */
export type MetricsRole = "podmonitor" | "servicemonitor";

export function renderMetrics(t: MetricsTarget, m: MetricsParsed): RenderedObject<MetricsRole> {
    const endpoint = { port: t.portName, path: t.path, interval: m.interval };
    const common = {
        metadata: { name: t.name, namespace: t.namespace, labels: { ...t.labels, ...m.labels } },
    };
    const selector = { matchLabels: { ...t.selector } };
    const namespaceSelector = { matchNames: [t.namespace] };
    if (m.monitor === "podMonitor") {
        const object: KubeObject = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            ...common,
            spec: { selector, namespaceSelector, podMetricsEndpoints: [endpoint] },
        };
        return { role: "podmonitor", object };
    }
    const object: KubeObject = {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        ...common,
        spec: { selector, namespaceSelector, endpoints: [endpoint] },
    };
    return { role: "servicemonitor", object };
}
