import { standardLabels, type KubeObject } from "../../core/kube";
import { platformVersions } from "../../core/versions";
import type { KServeStackResolved } from "./validate";

export const KNATIVE_SERVING_NAMESPACE = "knative-serving";

/**
 * Knative Serving feature flags (`config-features`) for the pod-spec fields KServe copies from a
 * predictor into the Knative Service. Knative's webhook refuses ("must not set the field(s)") a
 * field its flag leaves disabled: knative/serving `pkg/apis/serving/fieldmask.go` (`PodSpecMask`,
 * `PodSecurityContextMask`, `VolumeSourceMask`) checked by `k8s_validation.go`, defaults in
 * `pkg/apis/config/features.go` (tag knative-v1.21.1). Allowed without a flag, so not listed:
 * `serviceAccountName`, `automountServiceAccountToken: false`, a container's whole
 * `securityContext` but `capabilities.add`.
 */
const KNATIVE_FEATURES = {
    // The restricted pod profile's pod securityContext (runAsNonRoot, runAsUser, runAsGroup,
    // fsGroup, seccompProfile) on every VllmInferenceService predictor; disabled by default.
    "kubernetes.podspec-securitycontext": "enabled",
    "kubernetes.podspec-nodeselector": "enabled",
    "kubernetes.podspec-tolerations": "enabled",
    "kubernetes.podspec-affinity": "enabled",
    // Memory-backed /dev/shm for NCCL (KServe #1937) and the writable /tmp and HOME. Enabled by
    // default (features.go, knative-v1.21.1); kept explicit so a changed default cannot refuse them.
    "kubernetes.podspec-volumes-emptydir": "enabled",
    // Models mounted from a PVC (pvc:// storage URIs, ModelBucketVolume).
    "kubernetes.podspec-persistent-volume-claim": "enabled",
} as const;

/** Registries Knative must not resolve tags against (KServe's own KnativeServing template). */
const SKIP_TAG_RESOLUTION = ["nvcr.io", "index.docker.io"];

function labels(r: KServeStackResolved): Record<string, string> {
    return standardLabels(r.name, "kserve-platform");
}

export function renderKnativeNamespace(r: KServeStackResolved): KubeObject {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: KNATIVE_SERVING_NAMESPACE, labels: labels(r) } };
}

/**
 * Knative Serving through the operator, tuned so a model that takes minutes to load on a node that
 * takes minutes to appear is not failed (progress deadline) nor thrown away (scale-down delay).
 * Pulumi waits for its `Ready` condition before KServe, which checks for Knative at start-up.
 */
export function renderKnativeServing(r: KServeStackResolved): KubeObject {
    const k = r.args.knative;
    const mirrorHost = r.args.registries.images?.split("/")[0];
    return {
        apiVersion: "operator.knative.dev/v1beta1",
        kind: "KnativeServing",
        metadata: {
            name: "knative-serving",
            namespace: KNATIVE_SERVING_NAMESPACE,
            labels: labels(r),
            annotations: { "pulumi.com/waitFor": "condition=Ready" },
        },
        spec: {
            version: platformVersions.knativeServing,
            config: {
                deployment: {
                    "progress-deadline": k.progressDeadline,
                    "registries-skipping-tag-resolving": [...SKIP_TAG_RESOLUTION, ...(mirrorHost ? [mirrorHost] : [])].join(","),
                },
                autoscaler: {
                    "enable-scale-to-zero": String(k.scaleToZero),
                    "scale-down-delay": k.scaleDownDelay,
                },
                features: { ...KNATIVE_FEATURES },
                domain: { [r.args.ingress.domain]: "" },
            },
            ingress: { istio: { enabled: true } },
            ...(k.imageTemplate !== undefined ? { registry: { default: k.imageTemplate } } : {}),
        },
    };
}

/** The `istio` IngressClass KServe's ingress configuration names (KServe's Knative-mode install creates it). */
export function renderIstioIngressClass(r: KServeStackResolved): KubeObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "IngressClass",
        metadata: { name: "istio", labels: labels(r) },
        spec: { controller: "istio.io/ingress-controller" },
    };
}
