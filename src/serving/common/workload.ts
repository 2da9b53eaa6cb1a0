import { selectorLabels, type KubeObject, type RenderedObject } from "../../core/kube";
import { renderScaledObject, type ResolvedAutoscaling } from "./autoscaling";
import { renderExposure, type ExposureParsed } from "./exposure";
import { renderMetrics, type MetricsParsed } from "./metrics";

/** A serving Deployment behind a ClusterIP Service with one named `http` port. */
export interface HttpWorkload {
    readonly name: string;
    readonly namespace: string;
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

/** The shared serving features, the same for every Deployment-based server: exposure, metrics, KEDA autoscaling. */
export function renderWorkloadFeatures(
    w: HttpWorkload,
    features: { exposure?: ExposureParsed; metrics?: MetricsParsed; autoscaling?: ResolvedAutoscaling },
): RenderedObject[] {
    const base = { name: w.name, namespace: w.namespace, labels: w.labels };
    const out: RenderedObject[] = [];
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
