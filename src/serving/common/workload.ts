import type { Deferrable } from "../../core/deferrable";
import { selectorLabels, type KubeObject, type RenderedObject } from "../../core/kube";
import type { ProblemList } from "../../core/validation";
import { renderScaledObject, resolveAutoscaling, type AutoscalingParsed, type AutoscalingRole, type ResolvedAutoscaling } from "./autoscaling";
import { checkExposure, renderExposure, type ExposureParsed, type ExposureRole } from "./exposure";
import { renderMetrics, type MetricsParsed, type MetricsRole } from "./metrics";

/** A serving Deployment behind a ClusterIP Service with one named `http` port. */
export interface HttpWorkload {
    readonly name: string;
    readonly namespace: Deferrable<string>;
    readonly labels: Readonly<Record<string, string>>;
    /** `app.kubernetes.io/component` of the pods (part of the selector, so it never changes). */
    readonly component: string;
    readonly port: number;
    /** Path of the engine's Prometheus metrics on `port`. */
    readonly metricsPath: string;
}

export function renderHttpService(w: HttpWorkload): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: w.name, namespace: w.namespace, labels: w.labels },
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(w.name, w.component),
            ports: [{ name: "http", port: w.port, targetPort: "http", protocol: "TCP" }],
        },
    };
}

/** Roles of the optional serving features: rendered only when the feature is configured. */
export type WorkloadFeatureRole = ExposureRole | MetricsRole | AutoscalingRole;

/** The shared serving features, the same for every Deployment-based server: exposure, metrics, KEDA autoscaling. */
export function renderWorkloadFeatures(
    w: HttpWorkload,
    features: { exposure?: ExposureParsed; metrics?: MetricsParsed; autoscaling?: ResolvedAutoscaling },
): RenderedObject<WorkloadFeatureRole>[] {
    const base = { name: w.name, namespace: w.namespace, labels: w.labels };
    const out: RenderedObject<WorkloadFeatureRole>[] = [];
    if (features.exposure) out.push(...renderExposure({ ...base, serviceName: w.name, servicePort: w.port }, features.exposure));
    if (features.metrics) {
        // The Service and the pods both carry the selector labels.
        out.push(renderMetrics({ ...base, selector: selectorLabels(w.name, w.component), portName: "http", path: w.metricsPath }, features.metrics));
    }
    if (features.autoscaling) {
        out.push({ ...renderScaledObject({ ...base, deploymentName: w.name }, features.autoscaling), dependsOn: ["deployment"] });
    }
    return out;
}

/**
 * Checks shared by every server without its own API-key support that runs as a plain Deployment:
 * no API key, no scale to zero, sane replica bounds, exposure and KEDA settings. Returns the
 * resolved autoscaling.
 */
export function checkPlainWorkload(
    server: string,
    args: {
        apiKeySecret?: unknown;
        replicas: { min: number; max?: number };
        exposure?: ExposureParsed;
        autoscaling?: AutoscalingParsed;
        metrics?: MetricsParsed;
    },
    problems: ProblemList,
): ResolvedAutoscaling | undefined {
    if (args.apiKeySecret !== undefined) {
        problems.add("apiKeySecret", `${server} does not check API keys; put authentication in front of it (e.g. at the exposure)`);
    }
    if (args.replicas.min === 0) problems.add("replicas.min", "a plain Deployment cannot scale to zero");
    if (args.replicas.max !== undefined && args.replicas.max < args.replicas.min) {
        problems.add("replicas.max", `must be at least replicas.min (${args.replicas.min})`);
    }
    if (args.exposure) checkExposure(args.exposure, "exposure", problems);
    return args.autoscaling
        ? resolveAutoscaling(args.autoscaling, { field: "autoscaling", replicas: args.replicas, hasMetrics: args.metrics !== undefined }, problems)
        : undefined;
}
