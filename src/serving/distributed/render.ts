import { text, type Deferrable } from "../../core/deferrable";
import { selectorLabels, standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { images } from "../../core/versions";
import { literalArg } from "../common/engine-flags";
import { externalUrl, renderExposure, type ExposureRole } from "../common/exposure";
import { ENGINE_METRICS, renderMetrics, type MetricsRole } from "../common/metrics";
import { exposurePlatform, renderNetworkPolicy, type NetworkPolicyRole } from "../common/network-policy";
import {
    containerResources,
    defaultShmSize,
    modelClaimMount,
    modelClaimVolume,
    readinessProbe,
    secretEnv,
    servingPodProfile,
    servingPodTemplate,
    shmMount,
    shmVolume,
    startupProbe,
} from "../common/pod";
import { renderServiceAccount, runAsRootAnnotation } from "../common/pod-security";
import type { DistributedResolved } from "./validate";

const COMPONENT = "distributed";
export const ROLE_LABEL = "llm-serving/role";
/** torch.distributed rendezvous port on the leader (vLLM `--master-port`). */
export const MASTER_PORT = 29500;
/** Set by LWS on every pod of a group. */
const LWS_INDEX_LABEL = "leaderworkerset.sigs.k8s.io/worker-index";
const LWS_SIZE_ANNOTATION = "leaderworkerset.sigs.k8s.io/size";

function labels(r: DistributedResolved): Record<string, string> {
    return standardLabels(r.name, COMPONENT, r.args.labels);
}

function leaderSelector(r: DistributedResolved): Record<string, string> {
    return { ...selectorLabels(r.name, COMPONENT), [ROLE_LABEL]: "leader" };
}

/**
 * vLLM flags for one pod of the group: the same model and parallel layout everywhere; rank 0 serves
 * the API, the others join headless. `$(LWS_...)` are expanded by Kubernetes from the variables LWS
 * injects (vLLM's LWS guide, multiprocessing variant); user text (the model path, `extraArgs`) is
 * escaped so that only those generated references expand.
 */
export function vllmPodArgs(r: DistributedResolved, role: "leader" | "worker"): string[] {
    const m = r.args.model!;
    return [
        `--model=${literalArg(r.modelPathOrId as string)}`,
        `--served-model-name=${r.servedModelName}`,
        `--port=${r.port}`,
        `--tensor-parallel-size=${r.tensor}`,
        `--pipeline-parallel-size=${r.pipeline}`,
        "--distributed-executor-backend=mp",
        `--nnodes=${r.args.nodes}`,
        `--node-rank=${role === "leader" ? "0" : "$(LWS_WORKER_INDEX)"}`,
        "--master-addr=$(LWS_LEADER_ADDRESS)",
        `--master-port=${MASTER_PORT}`,
        ...(role === "worker" ? ["--headless"] : []),
        ...(m.dtype !== "auto" ? [`--dtype=${m.dtype}`] : []),
        ...(m.maxModelLen !== undefined ? [`--max-model-len=${m.maxModelLen}`] : []),
        `--gpu-memory-utilization=${m.gpuMemoryUtilization}`,
        ...m.extraArgs.map((arg) => literalArg(arg)),
    ];
}

function container(r: DistributedResolved, role: "leader" | "worker") {
    const a = r.args;
    const volume = a.model?.source.volume;
    const vllm = a.engine === "vllm";
    const env = vllm
        ? [
              ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : []),
              ...(a.apiKeySecret && role === "leader" ? [secretEnv("VLLM_API_KEY", a.apiKeySecret)] : []),
          ]
        : [
              // What Arena's `serve distributed` gives its commands; the leader's address is $(LWS_LEADER_ADDRESS).
              { name: "WORLD_SIZE", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${LWS_SIZE_ANNOTATION}']` } } },
              { name: "POD_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.labels['${LWS_INDEX_LABEL}']` } } },
              ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : []),
          ];
    const probes =
        role === "worker"
            ? {}
            : vllm
              ? { startupProbe: startupProbe("/health", r.port, a.startupTimeoutSeconds), readinessProbe: readinessProbe("/v1/models", r.port) }
              : {
                    startupProbe: a.custom!.readinessPath
                        ? startupProbe(a.custom!.readinessPath, r.port, a.startupTimeoutSeconds)
                        : { tcpSocket: { port: r.port }, periodSeconds: 10, failureThreshold: Math.ceil(a.startupTimeoutSeconds / 10), timeoutSeconds: 5 },
                    readinessProbe: a.custom!.readinessPath
                        ? readinessProbe(a.custom!.readinessPath, r.port)
                        : { tcpSocket: { port: r.port }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 },
                };
    return {
        name: vllm ? "vllm" : role,
        image: a.image ?? images.vllmOpenAi,
        ...(vllm ? { args: vllmPodArgs(r, role) } : { command: role === "leader" ? a.custom!.leaderCommand : a.custom!.workerCommand }),
        ...(role === "leader" ? { ports: [{ name: "http", containerPort: r.port, protocol: "TCP" }] } : {}),
        ...(env.length > 0 ? { env } : {}),
        resources: containerResources(a, r.gpu),
        ...probes,
        volumeMounts: [shmMount(), ...(volume ? [modelClaimMount(volume)] : [])],
    };
}

function podTemplate(r: DistributedResolved, role: "leader" | "worker") {
    const a = r.args;
    const volume = a.model?.source.volume;
    return servingPodTemplate(
        r,
        COMPONENT,
        { containers: [container(r, role)], volumes: [shmVolume(a.shmSize ?? defaultShmSize(r.gpu)), ...(volume ? [modelClaimVolume(volume)] : [])] },
        { [ROLE_LABEL]: role },
    );
}

/** The LeaderWorkerSet: `replicas` groups of `nodes` pods, rank 0 the leader (`leaderworkerset.x-k8s.io/v1`). */
export function renderLeaderWorkerSet(r: DistributedResolved): KubeObject {
    const a = r.args;
    return {
        apiVersion: "leaderworkerset.x-k8s.io/v1",
        kind: "LeaderWorkerSet",
        metadata: {
            name: r.name,
            namespace: a.namespace,
            labels: labels(r),
            annotations: { ...a.annotations, ...runAsRootAnnotation(servingPodProfile(r, { containers: [container(r, "leader")], volumes: [] })) },
        },
        spec: {
            replicas: a.replicas.min,
            // The default (Shared) policy puts every pod under one headless Service named like the
            // LeaderWorkerSet, which is this component's client Service: LWS then creates no headless
            // one, and LWS_LEADER_ADDRESS never resolves. One headless Service per group, named after
            // its leader pod, keeps both (found by the twin with LWS's real manager).
            networkConfig: { subdomainPolicy: "UniquePerReplica" },
            leaderWorkerTemplate: {
                size: a.nodes,
                restartPolicy: a.restartPolicy,
                leaderTemplate: podTemplate(r, "leader"),
                workerTemplate: podTemplate(r, "worker"),
            },
        },
    };
}

/** Clients reach the leaders only: they serve the API, the workers hold the other ranks. */
export function renderService(r: DistributedResolved): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: r.name, namespace: r.args.namespace, labels: labels(r) },
        spec: { type: "ClusterIP", selector: leaderSelector(r), ports: [{ name: "http", port: r.port, targetPort: "http", protocol: "TCP" }] },
    };
}

/** Roles of DistributedServing's children. */
export type DistributedRoles = Roles<"serviceaccount" | "lws" | "service", ExposureRole | MetricsRole | NetworkPolicyRole>;

export function renderDistributed(r: DistributedResolved): RenderedObject<RoleOf<DistributedRoles>>[] {
    const a = r.args;
    const base = { name: r.name, namespace: a.namespace, labels: labels(r) };
    return [
        { role: "serviceaccount", object: renderServiceAccount(r.name, a.namespace, labels(r)) },
        { role: "lws", object: renderLeaderWorkerSet(r), dependsOn: ["serviceaccount"] },
        { role: "service", object: renderService(r) },
        ...(a.exposure ? renderExposure({ ...base, serviceName: r.name, servicePort: r.port }, a.exposure) : []),
        ...(a.metrics ? [renderMetrics({ ...base, selector: leaderSelector(r), portName: "http", path: ENGINE_METRICS.vllm.path }, a.metrics)] : []),
        // Every pod of the groups (leaders and workers): the API port (only leaders listen on it),
        // and every port among the pods for the rendezvous, NCCL and the engines' own traffic.
        ...renderNetworkPolicy(
            {
                ...base,
                podSelector: selectorLabels(r.name, COMPONENT),
                servingPorts: [r.port],
                platform: exposurePlatform(a.exposure, a.namespace, [r.port]),
                ...(a.metrics ? { metricsPort: r.port } : {}),
                intraService: true,
            },
            a.networkPolicy,
        ),
    ];
}

export function distributedUrls(r: DistributedResolved): { url: Deferrable<string>; openAiBaseUrl?: Deferrable<string>; externalUrl?: Deferrable<string> } {
    const url = text`http://${r.name}.${r.args.namespace}.svc.cluster.local:${r.port}`;
    return {
        url,
        ...(r.args.engine === "vllm" ? { openAiBaseUrl: text`${url}/v1` } : {}),
        ...(r.args.exposure ? { externalUrl: externalUrl(r.args.exposure) } : {}),
    };
}
