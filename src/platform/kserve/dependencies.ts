/**
 * Values of the charts KServe depends on, following KServe v0.20's own Helm installs
 * (`hack/setup/quick-install/*-dependency-install.sh`, `hack/setup/infra/knative/`).
 */
import { mirrorImage } from "../../core/mirror";
import type { KServeStackResolved } from "./validate";

const SAFE_TO_EVICT = { "cluster-autoscaler.kubernetes.io/safe-to-evict": "true" };

function mirrored(r: KServeStackResolved, image: string): string | undefined {
    const registry = r.args.registries.images;
    return registry === undefined ? undefined : mirrorImage(image, registry);
}

/** cert-manager with its CRDs (`crds.enabled`, as KServe installs it). */
export function certManagerValues(r: KServeStackResolved): Record<string, unknown> {
    const values: Record<string, unknown> = { crds: { enabled: true } };
    if (r.args.registries.images !== undefined) {
        values.image = { repository: mirrored(r, "quay.io/jetstack/cert-manager-controller") };
        for (const part of ["webhook", "cainjector", "acmesolver", "startupapicheck"]) {
            values[part] = { image: { repository: mirrored(r, `quay.io/jetstack/cert-manager-${part}`) } };
        }
    }
    return values;
}

export function istioBaseValues(): Record<string, unknown> {
    return { defaultRevision: "default" };
}

/** istiod without automatic sidecar injection: Knative's data path does not need sidecars. */
export function istiodValues(r: KServeStackResolved): Record<string, unknown> {
    const global: Record<string, unknown> = { proxy: { autoInject: "disabled" } };
    const hub = mirrored(r, "docker.io/istio");
    if (hub !== undefined) global.hub = hub;
    return { global, pilot: { podAnnotations: SAFE_TO_EVICT } };
}

/** The ingress gateway; its image comes from istiod's injection template (and so its hub). */
export function istioGatewayValues(r: KServeStackResolved): Record<string, unknown> {
    const svc = r.args.istio.gatewayService;
    return {
        podAnnotations: SAFE_TO_EVICT,
        service: { type: svc.type, ...(Object.keys(svc.annotations).length > 0 ? { annotations: svc.annotations } : {}) },
    };
}

export function knativeOperatorValues(r: KServeStackResolved): Record<string, unknown> {
    if (r.args.registries.images === undefined) return {};
    return {
        knative_operator: {
            knative_operator: { image: mirrored(r, "gcr.io/knative-releases/knative.dev/operator/cmd/operator") },
            operator_webhook: { image: mirrored(r, "gcr.io/knative-releases/knative.dev/operator/cmd/webhook") },
        },
    };
}

/** KEDA 2.20 charts name each image by registry (default ghcr.io) and repository. */
export function kedaValues(r: KServeStackResolved): Record<string, unknown> {
    const registry = r.args.registries.images;
    if (registry === undefined) return {};
    return {
        image: {
            keda: { registry },
            metricsApiServer: { registry },
            webhooks: { registry },
        },
    };
}
