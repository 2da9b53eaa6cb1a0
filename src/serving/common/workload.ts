import type { Deferrable } from "../../core/deferrable";
import { selectorLabels, standardLabels, type KubeObject, type RenderedObject } from "../../core/kube";
import type { ProblemList } from "../../core/validation";
import { renderScaledObject, resolveAutoscaling, type AutoscalingParsed, type AutoscalingRole, type ResolvedAutoscaling } from "./autoscaling";
import { checkExposure, renderExposure, type ExposureParsed, type ExposureRole } from "./exposure";
import { renderMetrics, type MetricsParsed, type MetricsRole } from "./metrics";
import { checkNetworkPolicy, type NetworkPolicyParsed } from "./network-policy";
import type { ServingCommonParsed } from "./args";
import { servingPodProfile, servingPodTemplate, type ServingPodParts, type ServingPodSource } from "./pod";
import { runAsRootAnnotation } from "./pod-security";

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

/** What a serving Deployment is built from: the resolved arguments every Deployment-based server shares. */
export interface ServingDeploymentSource extends ServingPodSource {
    readonly args: ServingPodSource["args"] & Pick<ServingCommonParsed, "namespace" | "annotations" | "replicas">;
    /** KEDA scaling; when present its HPA owns the replica count. */
    readonly autoscaling?: ResolvedAutoscaling;
}

/**
 * The Deployment of a serving engine, named after the component's resource and labelled with
 * `component` (part of the selector, so it never changes). The engine supplies only its pod's
 * containers, volumes and init containers; the rest is the same for every engine: replicas
 * (unless KEDA scales), the selector, a rolling update without surge, and the pod template of
 * {@link servingPodTemplate}.
 */
export function renderServingDeployment(r: ServingDeploymentSource, component: string, pod: ServingPodParts): KubeObject {
    const a = r.args;
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name: r.name,
            namespace: a.namespace,
            labels: standardLabels(r.name, component, a.labels),
            annotations: { ...a.annotations, ...runAsRootAnnotation(servingPodProfile(r, pod)) },
        },
        spec: {
            // Under KEDA the HPA owns the replica count; setting it here would fight it on every update.
            ...(r.autoscaling ? {} : { replicas: a.replicas.min }),
            selector: { matchLabels: selectorLabels(r.name, component) },
            // GPU nodes rarely have room for a surge pod: replace one replica at a time.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
            template: servingPodTemplate(r, component, pod),
        },
    };
}

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
 * no API key, no scale to zero, sane replica bounds, exposure, NetworkPolicy and KEDA settings. Returns the
 * resolved autoscaling; `defaultQuery` is the engine's queue query KEDA uses when none is given.
 */
export function checkPlainWorkload(
    server: string,
    args: {
        apiKeySecret?: unknown;
        replicas: { min: number; max?: number };
        exposure?: ExposureParsed;
        autoscaling?: AutoscalingParsed;
        metrics?: MetricsParsed;
        networkPolicy: NetworkPolicyParsed;
    },
    problems: ProblemList,
    defaultQuery?: Deferrable<string>,
): ResolvedAutoscaling | undefined {
    if (args.apiKeySecret !== undefined) {
        problems.add("apiKeySecret", `${server} does not check API keys; put authentication in front of it (e.g. at the exposure)`);
    }
    if (args.replicas.min === 0) problems.add("replicas.min", "a plain Deployment cannot scale to zero");
    if (args.replicas.max !== undefined && args.replicas.max < args.replicas.min) {
        problems.add("replicas.max", `must be at least replicas.min (${args.replicas.min})`);
    }
    if (args.exposure) checkExposure(args.exposure, "exposure", problems);
    checkNetworkPolicy(args.networkPolicy, { exposure: args.exposure, hasMetrics: args.metrics !== undefined }, "networkPolicy", problems);
    return args.autoscaling
        ? resolveAutoscaling(
              args.autoscaling,
              { field: "autoscaling", replicas: args.replicas, defaultQuery, hasMetrics: args.metrics !== undefined },
              problems,
          )
        : undefined;
}
