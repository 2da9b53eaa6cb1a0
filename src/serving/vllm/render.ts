import { text, type Deferrable } from "../../core/deferrable";
import { images } from "../../core/versions";
import { throughMirror } from "../../core/mirror";
import { withBothBounds } from "../../core/resources";
import { standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import {
    containerResources,
    defaultShmSize,
    modelClaimMount,
    modelClaimVolume,
    placement,
    readinessProbe,
    secretEnv,
    shmMount,
    shmVolume,
    startupProbe,
} from "../common/pod";
import { literalArg } from "../common/engine-flags";
import { externalUrl } from "../common/exposure";
import { ENGINE_METRICS } from "../common/metrics";
import {
    DEFAULT_NAMESPACES,
    KNATIVE_QUEUE_PORTS,
    httpNetworkTarget,
    namespacePeers,
    renderNetworkPolicy,
    type NetworkPolicyRole,
    type NetworkPolicyTarget,
} from "../common/network-policy";
import { renderHttpService, renderServingDeployment, renderWorkloadFeatures, type HttpWorkload, type WorkloadFeatureRole } from "../common/workload";
import {
    containerSecurityContext,
    renderServiceAccount,
    resolvePodProfile,
    restrictedPodFields,
    runAsRootAnnotation,
    withWritableEnv,
    writableMounts,
    writableVolumes,
    type PodProfile,
} from "../common/pod-security";
import type { VllmResolved } from "./validate";

export const VLLM_PORT = 8000;
export const KSERVE_PORT = 8080;

/** vLLM engine flags from the typed arguments (the same in every mode). */
export function vllmEngineArgs(r: VllmResolved): string[] {
    const m = r.args.model;
    const out: string[] = [];
    if (r.args.parallelism.tensor > 1) out.push(`--tensor-parallel-size=${r.args.parallelism.tensor}`);
    if (r.args.parallelism.pipeline > 1) out.push(`--pipeline-parallel-size=${r.args.parallelism.pipeline}`);
    if (m.dtype !== "auto") out.push(`--dtype=${m.dtype}`);
    if (m.maxModelLen !== undefined) out.push(`--max-model-len=${m.maxModelLen}`);
    out.push(`--gpu-memory-utilization=${m.gpuMemoryUtilization}`);
    if (m.quantization) out.push(`--quantization=${m.quantization}`);
    if (m.kvCacheDtype) out.push(`--kv-cache-dtype=${m.kvCacheDtype}`);
    if (m.enablePrefixCaching === true) out.push("--enable-prefix-caching");
    if (m.enablePrefixCaching === false) out.push("--no-enable-prefix-caching");
    if (m.loraAdapters.length > 0) {
        out.push("--enable-lora", `--max-loras=${m.loraAdapters.length}`);
        out.push("--lora-modules", ...m.loraAdapters.map((a) => literalArg(`${a.name}=${a.path}`)));
        if (m.maxLoraRank !== undefined) out.push(`--max-lora-rank=${m.maxLoraRank}`);
    }
    // User text: a `$` reaches vLLM as written, never expanded by Kubernetes.
    out.push(...m.extraArgs.map((arg) => literalArg(arg)));
    return out;
}

function labels(r: VllmResolved): Record<string, string> {
    return standardLabels(r.name, "vllm", r.args.labels);
}

function env(r: VllmResolved) {
    const out: Record<string, unknown>[] = [];
    if (r.args.hfTokenSecret) out.push(secretEnv("HF_TOKEN", r.args.hfTokenSecret));
    if (r.args.apiKeySecret) out.push(secretEnv("VLLM_API_KEY", r.args.apiKeySecret));
    return out;
}

/**
 * The image the KServe predictor runs: the user's `image`, else the pinned image of the runtime
 * (through the platform's registry mirror, if it has one). It is set on the model container, whose
 * image KServe puts over the ClusterServingRuntime's, so the runtime's own image never decides what
 * runs: KServe v0.20.0's chart sets `vllm/vllm-openai:latest` for `kserve-vllmserver` and the CPU
 * build `kserve/huggingfaceserver:v0.20.0` for `kserve-huggingfaceserver`.
 */
export function predictorImage(r: VllmResolved): Deferrable<string> {
    if (r.args.image !== undefined) return r.args.image;
    const pinned = r.args.kserve.runtime === "huggingface" ? images.kserveHuggingFaceServerGpu : images.vllmOpenAi;
    return throughMirror(pinned, r.imageRegistry);
}

/** The restricted profile of the KServe predictor: the user of the image it runs (`predictorImage`). */
export function predictorProfile(r: VllmResolved): PodProfile {
    return resolvePodProfile(r.args.podSecurity, predictorImage(r), r.name);
}

/** The provider's annotation that turns its await off. */
const SKIP_AWAIT = "pulumi.com/skipAwait";

/** The KServe InferenceService (`serving.kserve.io/v1beta1`). */
export function renderInferenceService(r: VllmResolved): KubeObject {
    const a = r.args;
    const ks = a.kserve;
    const port = KSERVE_PORT;
    const hf = ks.runtime === "huggingface";
    const profile = predictorProfile(r);
    const args = hf
        ? [`--model_name=${r.servedModelName}`, "--backend=vllm", ...(r.storageUri === undefined ? [text`--model_id=${literalArg(r.modelPathOrId)}`] : [])]
        : [`--served-model-name=${r.servedModelName}`, ...(r.storageUri === undefined ? [text`--model=${literalArg(r.modelPathOrId)}`] : [])];
    const annotations: Record<string, string> = {
        "serving.kserve.io/deploymentMode": ks.deploymentMode,
        ...(ks.deploymentMode === "Knative"
            ? {
                  "serving.knative.dev/progress-deadline": ks.progressDeadline,
                  // Keep a pod while a GPU node is still being added (KServe #1247).
                  "autoscaling.knative.dev/scale-down-delay": "15m",
              }
            : {}),
        ...a.annotations,
        ...runAsRootAnnotation(profile),
        // Not awaited: the provider's await requires status.observedGeneration >= metadata.generation,
        // and KServe copies observedGeneration from the predictor's Deployment (Knative Service), so
        // an InferenceService change that leaves the Deployment alone would be waited on forever.
        [SKIP_AWAIT]: "true",
    };
    const maxReplicas = a.replicas.max ?? a.replicas.min;
    return {
        apiVersion: "serving.kserve.io/v1beta1",
        kind: "InferenceService",
        metadata: { name: r.name, namespace: a.namespace, labels: labels(r), annotations },
        spec: {
            predictor: {
                minReplicas: a.replicas.min,
                maxReplicas,
                ...(ks.scaleMetric ? { scaleMetric: ks.scaleMetric } : {}),
                ...(ks.scaleTarget !== undefined ? { scaleTarget: ks.scaleTarget } : {}),
                ...(ks.canaryTrafficPercent !== undefined ? { canaryTrafficPercent: ks.canaryTrafficPercent } : {}),
                ...placement(a, r.gpu.amount > 0),
                // The pod fields KServe copies into the predictor's pod; the model container's are
                // merged over the ServingRuntime's container.
                ...restrictedPodFields(profile),
                model: {
                    modelFormat: { name: hf ? "huggingface" : "vLLM" },
                    runtime: hf ? "kserve-huggingfaceserver" : "kserve-vllmserver",
                    ...(r.storageUri !== undefined ? { storageUri: r.storageUri } : {}),
                    image: predictorImage(r),
                    args: [...args, ...vllmEngineArgs(r)],
                    env: withWritableEnv(env(r)),
                    // KServe's defaulter adds its own CPU and memory limits where none is set (1 CPU,
                    // 2Gi in its chart), below the requests of any real model server: set both here.
                    resources: withBothBounds(containerResources(a, r.gpu), ["cpu", "memory"]),
                    startupProbe: startupProbe(hf ? "/v2/health/live" : "/health", port, a.startupTimeoutSeconds),
                    readinessProbe: readinessProbe(hf ? "/openai/v1/models" : "/v1/models", port),
                    securityContext: containerSecurityContext(profile),
                    volumeMounts: [shmMount(), ...writableMounts()],
                },
                volumes: [shmVolume(a.shmSize ?? defaultShmSize(r.gpu)), ...writableVolumes()],
            },
        },
    };
}

/** A plain Deployment running `vllm/vllm-openai`, for clusters without KServe. */
export function renderDeployment(r: VllmResolved): KubeObject {
    const a = r.args;
    const volume = a.model.source.volume;
    return renderServingDeployment(r, "vllm", {
        containers: [
            {
                name: "vllm",
                image: a.image ?? images.vllmOpenAi,
                args: [text`--model=${literalArg(r.modelPathOrId)}`, `--served-model-name=${r.servedModelName}`, `--port=${VLLM_PORT}`, ...vllmEngineArgs(r)],
                ports: [{ name: "http", containerPort: VLLM_PORT, protocol: "TCP" }],
                ...(env(r).length > 0 ? { env: env(r) } : {}),
                resources: containerResources(a, r.gpu),
                startupProbe: startupProbe("/health", VLLM_PORT, a.startupTimeoutSeconds),
                readinessProbe: readinessProbe("/v1/models", VLLM_PORT),
                livenessProbe: { httpGet: { path: "/health", port: VLLM_PORT }, periodSeconds: 30, failureThreshold: 3, timeoutSeconds: 5 },
                volumeMounts: [shmMount(), ...(volume ? [modelClaimMount(volume)] : [])],
            },
        ],
        volumes: [shmVolume(a.shmSize ?? defaultShmSize(r.gpu)), ...(volume ? [modelClaimVolume(volume)] : [])],
    });
}

export function renderService(r: VllmResolved): KubeObject {
    return renderHttpService(workload(r));
}

function workload(r: VllmResolved): HttpWorkload {
    return { name: r.name, namespace: r.args.namespace, labels: labels(r), component: "vllm", port: VLLM_PORT, metricsPath: ENGINE_METRICS.vllm.path };
}

/**
 * Labels KServe v0.20.0 puts on every predictor pod, in both modes, over the InferenceService's
 * own (`buildObjectMeta` in `pkg/controller/v1beta1/inferenceservice/components/predictor.go`:
 * `serving.kserve.io/inferenceservice` is `constants.InferenceServicePodLabelKey`, `component`
 * is `constants.KServiceComponentLabel`).
 */
export function kservePredictorPodLabels(name: string): Record<string, string> {
    return { "serving.kserve.io/inferenceservice": name, component: "predictor" };
}

/**
 * What the NetworkPolicy protects and admits. Mode deployment: the pods on port 8000, the
 * exposure's controller, the metrics scraper. KServe Standard: the predictor pods on 8080, from
 * KServe's Istio ingress (`istio-system`). KServe Knative: queue-proxy's ports, from Knative's
 * activator and autoscaler (`knative-serving`) and the Istio gateway.
 */
export function vllmNetworkTarget(r: VllmResolved): NetworkPolicyTarget {
    const a = r.args;
    const base = { name: r.name, namespace: a.namespace, labels: labels(r) };
    if (a.mode === "deployment") return httpNetworkTarget(workload(r), { exposure: a.exposure, metricsPort: a.metrics ? ENGINE_METRICS.vllm.port : undefined });
    if (a.kserve.deploymentMode === "Standard") {
        return {
            ...base,
            podSelector: kservePredictorPodLabels(r.name),
            servingPorts: [KSERVE_PORT],
            platform: { peers: namespacePeers(DEFAULT_NAMESPACES.istio), ports: [KSERVE_PORT] },
        };
    }
    const q = KNATIVE_QUEUE_PORTS;
    return {
        ...base,
        podSelector: kservePredictorPodLabels(r.name),
        servingPorts: [q.http, q.http2, q.https],
        platform: { peers: namespacePeers(DEFAULT_NAMESPACES.knativeServing, DEFAULT_NAMESPACES.istio), ports: Object.values(q) },
    };
}

/** Roles of VllmInferenceService's children: `serviceaccount` always, `isvc` in mode kserve, the others in mode deployment; `networkpolicy` unless turned off. */
export type VllmRoles = Roles<"serviceaccount", "isvc" | "deployment" | "service" | WorkloadFeatureRole | NetworkPolicyRole>;

/** Everything the component registers, by role. Roles never change between versions. */
export function renderVllm(r: VllmResolved): RenderedObject<RoleOf<VllmRoles>>[] {
    const policy = renderNetworkPolicy(vllmNetworkTarget(r), r.args.networkPolicy);
    const serviceAccount = { role: "serviceaccount", object: renderServiceAccount(r.name, r.args.namespace, labels(r)) } as const;
    if (r.args.mode === "kserve") return [serviceAccount, { role: "isvc", object: renderInferenceService(r), dependsOn: ["serviceaccount"] }, ...policy];
    return [
        serviceAccount,
        { role: "deployment", object: renderDeployment(r), dependsOn: ["serviceaccount"] },
        { role: "service", object: renderService(r) },
        ...renderWorkloadFeatures(workload(r), { exposure: r.args.exposure, metrics: r.args.metrics, autoscaling: r.autoscaling }),
        ...policy,
    ];
}

/** In-cluster URL and OpenAI base URL (they differ between KServe's Hugging Face server and vLLM); Outputs when the namespace is one. */
export function vllmUrls(r: VllmResolved): { url: Deferrable<string>; openAiBaseUrl: Deferrable<string>; externalUrl?: Deferrable<string> } {
    const ns = r.args.namespace;
    if (r.args.mode === "deployment") {
        const url = text`http://${r.name}.${ns}.svc.cluster.local:${VLLM_PORT}`;
        return { url, openAiBaseUrl: text`${url}/v1`, ...(r.args.exposure ? { externalUrl: externalUrl(r.args.exposure) } : {}) };
    }
    // Standard mode serves through the `<name>-predictor` Service; Knative through `<name>`.
    const host = r.args.kserve.deploymentMode === "Standard" ? `${r.name}-predictor` : r.name;
    const url = text`http://${host}.${ns}.svc.cluster.local`;
    return { url, openAiBaseUrl: r.args.kserve.runtime === "huggingface" ? text`${url}/openai/v1` : text`${url}/v1` };
}
