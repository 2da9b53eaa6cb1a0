import { text, type Deferrable } from "../../core/deferrable";
import { contentName, selectorLabels, standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { images } from "../../core/versions";
import { renderScaledObject, type AutoscalingRole } from "../common/autoscaling";
import { literalArg } from "../common/engine-flags";
import { PINNED_ENGINES, uncheckedEngineWarning } from "../common/pinned-engines";
import { externalUrl, renderExposure, type ExposureRole } from "../common/exposure";
import { ENGINE_METRICS, renderMetrics, type MetricsRole } from "../common/metrics";
import { renderServingDeployment } from "../common/workload";
import { exposurePlatform, renderNetworkPolicy, type NetworkPolicyRole } from "../common/network-policy";
import { containerResources, defaultShmSize, MODEL_VOLUME, readinessProbe, secretEnv, shmMount, shmVolume, startupProbe } from "../common/pod";
import { fasterTransformerConfig, tensorRtLlmConfig, toPbtxt, vllmConfig, vllmModelJson } from "./model-config";
import { renderServiceAccount } from "../common/pod-security";
import type { TritonResolved } from "./validate";

export const TRITON_PORTS = { http: 8000, grpc: 8001, metrics: ENGINE_METRICS.triton.port } as const;
const COMPONENT = "triton";
const CONFIG_VOLUME = "model-config";
const REPOSITORY_VOLUME = "model-repository";
const CONFIG_MOUNT = "/etc/triton/model-config";

function labels(r: TritonResolved): Record<string, string> {
    return standardLabels(r.name, COMPONENT, r.args.labels);
}

export function tritonImage(r: TritonResolved): Deferrable<string> {
    if (r.args.image) return r.args.image;
    return { vllm: images.tritonVllm, tensorrtllm: images.tritonTrtLlm, fastertransformer: images.tritonFasterTransformer }[r.args.backend];
}

/** The generated repository, by path inside it: `<model>/config.pbtxt` (and `<model>/1/model.json` for vLLM). */
export function modelRepositoryFiles(r: TritonResolved): Record<string, string> {
    const m = r.model;
    if (!m) return {};
    const a = r.args;
    const model = a.model!;
    const { tensor, pipeline } = a.parallelism;
    if (a.backend === "vllm") {
        const v = model.vllm ?? { dtype: "auto", gpuMemoryUtilization: 0.9, engineArgs: {} };
        return {
            [`${m.name}/config.pbtxt`]: toPbtxt(vllmConfig(m.name)),
            [`${m.name}/1/model.json`]: vllmModelJson({
                model: m.weights,
                tensor,
                pipeline,
                dtype: v.dtype,
                gpuMemoryUtilization: v.gpuMemoryUtilization,
                maxModelLen: v.maxModelLen,
                engineArgs: v.engineArgs,
            }),
        };
    }
    if (a.backend === "tensorrtllm") {
        const t = model.tensorRtLlm ?? { decoupled: false, kvCacheFreeGpuMemFraction: 0.9, batchSchedulerPolicy: "guaranteed_no_evict" };
        return { [`${m.name}/config.pbtxt`]: toPbtxt(tensorRtLlmConfig({ name: m.name, engineDir: m.weights, maxBatchSize: m.maxBatchSize, ...t })) };
    }
    const f = model.fasterTransformer ?? { dataType: "fp16", int8Mode: 0 };
    return {
        [`${m.name}/config.pbtxt`]: toPbtxt(
            fasterTransformerConfig({
                name: m.name,
                checkpointDir: m.weights,
                maxBatchSize: m.maxBatchSize,
                tensor,
                pipeline,
                dataType: f.dataType,
                int8Mode: f.int8Mode,
            }),
        ),
    };
}

/** ConfigMap keys cannot hold '/': each file gets a flat key and its path back through `items[].path`. */
export function configMapKey(path: string): string {
    return path.replace(/\//g, "--");
}

export function configMapName(r: TritonResolved): string {
    return contentName(`${r.name}-model-repository`, modelRepositoryFiles(r));
}

export function renderConfigMap(r: TritonResolved): KubeObject {
    const files = modelRepositoryFiles(r);
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: configMapName(r), namespace: r.args.namespace, labels: labels(r) },
        data: Object.fromEntries(Object.entries(files).map(([path, text]) => [configMapKey(path), text])),
    };
}

/** `tritonserver` flags: the repository, the three ports, metrics on, and Arena's `--load-model`. */
export function tritonServerArgs(r: TritonResolved): string[] {
    const load = r.args.loadModels;
    return [
        // The directory comes from the volume's paths, user text: a `$` in it is literal.
        `--model-repository=${literalArg(r.repositoryDir)}`,
        `--http-port=${TRITON_PORTS.http}`,
        `--grpc-port=${TRITON_PORTS.grpc}`,
        `--metrics-port=${TRITON_PORTS.metrics}`,
        "--allow-metrics=true",
        ...(load ? ["--model-control-mode=explicit", ...load.map((m) => `--load-model=${m}`)] : []),
    ];
}

/**
 * The container command. A TensorRT-LLM engine split over several GPUs runs one MPI rank per GPU,
 * as TensorRT-LLM's `launch_triton_server.py` starts them: rank 0 serves, the other ranks load only
 * the `tensorrt_llm` model, each with its own Python-backend shared-memory prefix.
 */
export function tritonCommand(r: TritonResolved): string[] {
    const world = r.args.parallelism.tensor * r.args.parallelism.pipeline;
    if (r.args.backend !== "tensorrtllm" || world === 1) return ["tritonserver", ...tritonServerArgs(r)];
    const trtModel = r.model?.name ?? "tensorrt_llm";
    const ranks = Array.from({ length: world }, (_, rank) => [
        "-n",
        "1",
        "tritonserver",
        ...tritonServerArgs(r),
        ...(rank > 0 ? ["--model-control-mode=explicit", `--load-model=${trtModel}`] : []),
        "--disable-auto-complete-config",
        `--backend-config=python,shm-region-prefix-name=prefix${rank}_`,
    ]);
    return ["mpirun", "--allow-run-as-root", ...ranks.flatMap((rank, i) => (i === 0 ? rank : [":", ...rank]))];
}

/** Lays the generated files out as a directory tree Triton can read and write beside (an emptyDir). */
function repositoryInitContainer(r: TritonResolved) {
    const model = r.model!.name;
    return {
        name: "model-repository",
        image: tritonImage(r),
        // -L: the ConfigMap volume's entries are symlinks into its `..data` directory.
        command: ["sh", "-c", `set -eu; cp -RL '${CONFIG_MOUNT}/${model}' '${r.repositoryDir}/'; mkdir -p '${r.repositoryDir}/${model}/1'`],
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        volumeMounts: [
            { name: CONFIG_VOLUME, mountPath: CONFIG_MOUNT, readOnly: true },
            { name: REPOSITORY_VOLUME, mountPath: r.repositoryDir },
        ],
    };
}

function volumesAndMounts(r: TritonResolved) {
    const a = r.args;
    const claim = a.repository?.volume ?? a.model?.source.volume;
    const files = modelRepositoryFiles(r);
    const volumes: Record<string, unknown>[] = [shmVolume(a.shmSize ?? defaultShmSize(r.gpu))];
    const mounts: Record<string, unknown>[] = [shmMount()];
    if (claim) {
        volumes.push({ name: MODEL_VOLUME, persistentVolumeClaim: { claimName: claim.claimName, readOnly: claim.readOnly } });
        mounts.push({ name: MODEL_VOLUME, mountPath: claim.mountPath, readOnly: claim.readOnly });
    }
    if (r.model) {
        volumes.push({
            name: CONFIG_VOLUME,
            configMap: { name: configMapName(r), items: Object.keys(files).map((path) => ({ key: configMapKey(path), path })) },
        });
        volumes.push({ name: REPOSITORY_VOLUME, emptyDir: { sizeLimit: "64Mi" } });
        mounts.push({ name: REPOSITORY_VOLUME, mountPath: r.repositoryDir });
    }
    return { volumes, mounts };
}

export function renderDeployment(r: TritonResolved): KubeObject {
    const a = r.args;
    const { volumes, mounts } = volumesAndMounts(r);
    const env = [
        ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : []),
        // Open MPI's shared-memory transport copies between ranks with ptrace-like calls, which a
        // container without CAP_SYS_PTRACE refuses ("Read -1, expected ..."): use plain copies.
        ...(tritonCommand(r)[0] === "mpirun" ? [{ name: "OMPI_MCA_btl_vader_single_copy_mechanism", value: "none" }] : []),
    ];
    const port = TRITON_PORTS.http;
    // A changed generated repository is another ConfigMap (contentName): the pods roll.
    return renderServingDeployment(r, COMPONENT, {
        ...(r.model ? { initContainers: [repositoryInitContainer(r)] } : {}),
        containers: [
            {
                name: COMPONENT,
                image: tritonImage(r),
                command: tritonCommand(r),
                ports: [
                    { name: "http", containerPort: TRITON_PORTS.http, protocol: "TCP" },
                    { name: "grpc", containerPort: TRITON_PORTS.grpc, protocol: "TCP" },
                    { name: "metrics", containerPort: TRITON_PORTS.metrics, protocol: "TCP" },
                ],
                ...(env.length > 0 ? { env } : {}),
                resources: containerResources(a, r.gpu),
                // Triton opens its endpoints only after loading the models at start-up.
                startupProbe: startupProbe("/v2/health/ready", port, a.startupTimeoutSeconds),
                readinessProbe: readinessProbe("/v2/health/ready", port),
                livenessProbe: { httpGet: { path: "/v2/health/live", port }, periodSeconds: 30, failureThreshold: 3, timeoutSeconds: 5 },
                volumeMounts: mounts,
            },
        ],
        volumes,
    });
}

export function renderService(r: TritonResolved): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: r.name, namespace: r.args.namespace, labels: labels(r) },
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(r.name, COMPONENT),
            ports: [
                { name: "http", port: TRITON_PORTS.http, targetPort: "http", protocol: "TCP" },
                { name: "grpc", port: TRITON_PORTS.grpc, targetPort: "grpc", protocol: "TCP", appProtocol: "grpc" },
                { name: "metrics", port: TRITON_PORTS.metrics, targetPort: "metrics", protocol: "TCP" },
            ],
        },
    };
}

/** Roles of TritonInferenceService's children: `model-repository` with a generated model. */
export type TritonRoles = Roles<
    "serviceaccount" | "deployment" | "service",
    "model-repository" | ExposureRole | MetricsRole | AutoscalingRole | NetworkPolicyRole
>;

/** Everything the component registers, by role. Roles never change between versions. */
export function renderTriton(r: TritonResolved): RenderedObject<RoleOf<TritonRoles>>[] {
    const a = r.args;
    const base = { name: r.name, namespace: a.namespace, labels: labels(r) };
    const out: RenderedObject<RoleOf<TritonRoles>>[] = [{ role: "serviceaccount", object: renderServiceAccount(r.name, a.namespace, labels(r)) }];
    if (r.model) out.push({ role: "model-repository", object: renderConfigMap(r) });
    out.push({ role: "deployment", object: renderDeployment(r), dependsOn: ["serviceaccount", ...(r.model ? ["model-repository"] : [])] });
    out.push({ role: "service", object: renderService(r) });
    if (a.exposure) out.push(...renderExposure({ ...base, serviceName: r.name, servicePort: TRITON_PORTS.http }, a.exposure));
    if (a.metrics) {
        out.push(renderMetrics({ ...base, selector: selectorLabels(r.name, COMPONENT), portName: "metrics", path: ENGINE_METRICS.triton.path }, a.metrics));
    }
    if (r.autoscaling) out.push({ ...renderScaledObject({ ...base, deploymentName: r.name }, r.autoscaling), dependsOn: ["deployment"] });
    // Clients use HTTP and gRPC; the exposure routes HTTP only; metrics have their own port.
    const target = {
        ...base,
        podSelector: selectorLabels(r.name, COMPONENT),
        servingPorts: [TRITON_PORTS.http, TRITON_PORTS.grpc],
        platform: exposurePlatform(a.exposure, a.namespace, [TRITON_PORTS.http]),
        ...(a.metrics ? { metricsPort: TRITON_PORTS.metrics } : {}),
    };
    out.push(...renderNetworkPolicy(target, a.networkPolicy));
    return out;
}

/** In-cluster HTTP and gRPC endpoints, the generated model's URL, and the external URL with exposure. */
export function tritonUrls(r: TritonResolved): {
    url: Deferrable<string>;
    grpcEndpoint: Deferrable<string>;
    modelUrl?: Deferrable<string>;
    externalUrl?: Deferrable<string>;
} {
    const host = text`${r.name}.${r.args.namespace}.svc.cluster.local`;
    const url = text`http://${host}:${TRITON_PORTS.http}`;
    return {
        url,
        grpcEndpoint: text`${host}:${TRITON_PORTS.grpc}`,
        ...(r.model ? { modelUrl: text`${url}/v2/models/${r.model.name}` } : {}),
        ...(r.args.exposure ? { externalUrl: externalUrl(r.args.exposure) } : {}),
    };
}

/** Preview warnings (an Output where they name an image override that is one). */
export function tritonWarnings(r: TritonResolved): Deferrable<string>[] {
    if (r.args.backend === "vllm") {
        const keys = Object.keys(r.args.model?.vllm?.engineArgs ?? {}).length;
        const warning = uncheckedEngineWarning("model.vllm.engineArgs", keys, PINNED_ENGINES.tritonVllm, r.args.image);
        return warning === undefined ? [] : [warning];
    }
    if (r.args.backend !== "fastertransformer") return [];
    return [
        text`backend 'fastertransformer': FasterTransformer development moved to TensorRT-LLM, and no maintained Triton image has this backend; this service runs ${tritonImage(r)}, which gets no updates. Prefer backend 'tensorrtllm' (ModelConversionJob builds the engines) or 'vllm'.`,
    ];
}
