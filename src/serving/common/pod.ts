import type { SecretKeyRef } from "../../core/schemas";
import { selectorLabels, standardLabels } from "../../core/kube";
import { ALIYUN_GPU_MEM, GPU_MEMORY_RESOURCES, NVIDIA_GPU, checkPoolSelector, gpuPodTolerations } from "../../core/gpu";
import type { ModelVolumeRef } from "../../core/model-volume";
import { mergeResources } from "../../core/resources";
import { checkModelFits, type Dtype } from "../../core/sizing";
import type { ProblemList } from "../../core/validation";
import type { Toleration } from "../../core/schemas";
import type { ServingCommonParsed } from "./args";
import type { Deferrable } from "../../core/deferrable";
import { resolvePodProfile, restrictedContainer, restrictedPodFields, writableVolumes, type PodProfile } from "./pod-security";

export const SHM_VOLUME = "devshm";
export const MODEL_VOLUME = "model";

/** The GPU request a replica makes, resolved from the arguments and the GPU pool. */
export interface GpuRequest {
    readonly resourceName: string;
    /** Amount of `resourceName`: GPUs, or GiB for `aliyun.com/gpu-mem`. */
    readonly amount: number;
    /** Whole GPUs this amounts to (0 for a memory share of one GPU). */
    readonly devices: number;
}

/**
 * Resolves and checks the GPU request: whole GPUs must equal the parallel world size
 * (`expectedDevices`), and a GPU-memory share (ACK `aliyun.com/gpu-mem`, GiB) only serves a
 * single-device engine.
 */
export function resolveGpuRequest(common: ServingCommonParsed, expectedDevices: number, problems: ProblemList): GpuRequest {
    checkPoolSelector(common.gpuPool, common.nodeSelector, "nodeSelector", problems);
    const poolResource = common.gpuPool?.gpuResourceName;
    if (common.gpus.memoryGiB !== undefined) {
        if (common.gpus.count !== undefined) {
            problems.add("gpus.memoryGiB", "aliyun.com/gpu-mem requests a share of one GPU in GiB and excludes gpus.count (whole GPUs)");
        }
        if (expectedDevices !== 1) {
            problems.add("gpus.memoryGiB", `a GPU-memory share serves one device, but the parallel world size is ${expectedDevices}`);
        }
        if (common.gpus.resourceName !== undefined && common.gpus.resourceName !== ALIYUN_GPU_MEM) {
            problems.add("gpus.resourceName", `gpus.memoryGiB is requested as ${ALIYUN_GPU_MEM}, not ${common.gpus.resourceName}`);
        }
        const perGpu = common.gpuPool?.gpuMemoryGiB;
        if (perGpu !== undefined && common.gpus.memoryGiB > perGpu) {
            problems.add("gpus.memoryGiB", `${common.gpus.memoryGiB} GiB is more than one GPU of the pool has (${perGpu} GiB)`);
        }
        return { resourceName: ALIYUN_GPU_MEM, amount: common.gpus.memoryGiB, devices: 0 };
    }
    const resourceName = common.gpus.resourceName ?? (poolResource && !GPU_MEMORY_RESOURCES.has(poolResource) ? poolResource : NVIDIA_GPU);
    if (GPU_MEMORY_RESOURCES.has(resourceName)) {
        problems.add("gpus.resourceName", `${resourceName} counts GiB of GPU memory: set gpus.memoryGiB instead`);
    }
    const count = common.gpus.count ?? expectedDevices;
    if (count !== expectedDevices) {
        problems.add("gpus.count", `must equal the parallel world size (${expectedDevices}), got ${count}`);
    }
    const perNode = common.gpuPool?.gpusPerNode;
    if (perNode !== undefined && count > perNode) {
        problems.add("gpus.count", `${count} GPUs per replica, but a node of the GPU pool has ${perNode}; use multi-node serving`);
    }
    // CUDA shows a process one MIG instance; time-sliced replicas may all be the same GPU.
    if (count > 1 && (MIG_RESOURCE.test(resourceName) || resourceName === TIME_SLICED_GPU)) {
        problems.add("gpus.count", `${resourceName} is a share of one GPU, so ${count} of them give no tensor parallelism: use whole GPUs`);
    }
    return { resourceName, amount: count, devices: count };
}

/** NVIDIA MIG resources (mixed strategy) name their memory: `nvidia.com/mig-1g.10gb`. */
const MIG_RESOURCE = /^nvidia\.com\/mig-\d+g\.(\d+)gb$/;
/** NVIDIA time-slicing with `renameByDefault`. */
const TIME_SLICED_GPU = "nvidia.com/gpu.shared";

/** GPU memory of one device of the request, in GiB: a MIG instance's own, else the pool's. */
function deviceMemoryGiB(gpu: GpuRequest, poolGiB: number | undefined): number | undefined {
    const mig = MIG_RESOURCE.exec(gpu.resourceName);
    return mig ? Math.floor(((Number(mig[1]) * 1e9) / 1024 ** 3) * 10) / 10 : poolGiB;
}

/** Fails when the model cannot fit the GPUs given, with the numbers in the message. */
export function checkFits(
    problems: ProblemList,
    field: string,
    input: { parameters?: number; dtype: Dtype; gpu: GpuRequest; gpuMemoryGiB?: number; utilization?: number },
): void {
    if (input.parameters === undefined) return;
    const memoryGiB = input.gpu.devices === 0 ? input.gpu.amount : deviceMemoryGiB(input.gpu, input.gpuMemoryGiB);
    const gpus = input.gpu.devices === 0 ? 1 : input.gpu.devices;
    if (memoryGiB === undefined) return;
    const fit = checkModelFits({
        parameters: input.parameters,
        dtype: input.dtype,
        gpus,
        gpuMemoryGiB: memoryGiB,
        gpuMemoryUtilization: input.utilization,
    });
    if (!fit.fits) problems.add(field, `model does not fit: ${fit.message}`);
}

/** Default `/dev/shm` size: 2Gi per GPU, at least 2Gi (NCCL needs it for tensor parallelism). */
export function defaultShmSize(gpu: GpuRequest): string {
    return `${Math.max(2, 2 * gpu.devices)}Gi`;
}

export function shmVolume(size: string) {
    return { name: SHM_VOLUME, emptyDir: { medium: "Memory", sizeLimit: size } };
}

export function shmMount() {
    return { name: SHM_VOLUME, mountPath: "/dev/shm" };
}

export function modelClaimVolume(volume: ModelVolumeRef) {
    return { name: MODEL_VOLUME, persistentVolumeClaim: { claimName: volume.claimName, readOnly: volume.readOnly } };
}

export function modelClaimMount(volume: ModelVolumeRef) {
    return { name: MODEL_VOLUME, mountPath: volume.mountPath, readOnly: volume.readOnly };
}

const SERVING_RESOURCES = { requests: { cpu: "4", memory: "16Gi" }, limits: { memory: "32Gi" } };

/** Container resources: the user's CPU/memory over the defaults ({@link mergeResources}), plus the GPU request in both requests and limits. */
export function containerResources(common: Pick<ServingCommonParsed, "resources">, gpu: GpuRequest) {
    const { requests, limits } = mergeResources(SERVING_RESOURCES, common.resources);
    requests[gpu.resourceName] = String(gpu.amount);
    limits[gpu.resourceName] = String(gpu.amount);
    return { requests, limits };
}

/**
 * Node selector and tolerations: the GPU pool's, then the caller's on top; a pod that requests GPUs
 * also tolerates the GPU pools' taint ({@link gpuPodTolerations}).
 */
export function placement(
    common: Pick<ServingCommonParsed, "gpuPool" | "nodeSelector" | "tolerations">,
    requestsGpus: boolean,
): { nodeSelector?: Record<string, string>; tolerations?: Toleration[] } {
    const nodeSelector = { ...(common.gpuPool?.nodeSelector ?? {}), ...common.nodeSelector };
    const tolerations = gpuPodTolerations([...(common.gpuPool?.tolerations ?? []), ...common.tolerations], requestsGpus);
    return {
        ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
        ...(tolerations.length > 0 ? { tolerations } : {}),
    };
}

/** Kubernetes pod-spec pieces an engine supplies; everything else of a serving pod is shared. */
export interface ServingPodParts {
    readonly containers: readonly Record<string, unknown>[];
    readonly volumes: readonly Record<string, unknown>[];
    /** Run before the containers, e.g. to lay out a generated model repository. @default none */
    readonly initContainers?: readonly Record<string, unknown>[];
}

/** What a serving pod is placed and labelled by: the resolved arguments every serving component shares. */
export interface ServingPodSource {
    readonly name: string;
    readonly args: Pick<ServingCommonParsed, "labels" | "gpuPool" | "nodeSelector" | "tolerations" | "podSecurity">;
    readonly gpu: GpuRequest;
}

/**
 * The restricted profile of a serving pod ({@link resolvePodProfile}): the user of its first
 * container's image, the user's `podSecurity`, and the ServiceAccount named like the workload.
 */
export function servingPodProfile(r: ServingPodSource, parts: ServingPodParts): PodProfile {
    return resolvePodProfile(r.args.podSecurity, parts.containers[0].image as Deferrable<string>, r.name);
}

/**
 * The pod template of a serving workload: the component's labels with the selector labels (plus
 * `extraLabels`, e.g. a role), GPU placement ({@link placement}), the restricted profile
 * ({@link servingPodProfile}: own ServiceAccount without token, non-root user, read-only root
 * filesystem with the writable emptyDirs, RuntimeDefault seccomp) on the pod and every container,
 * then the engine's init containers, containers and volumes, in that order.
 */
export function servingPodTemplate(r: ServingPodSource, component: string, parts: ServingPodParts, extraLabels: Readonly<Record<string, string>> = {}) {
    const profile = servingPodProfile(r, parts);
    return {
        metadata: { labels: { ...standardLabels(r.name, component, r.args.labels), ...selectorLabels(r.name, component), ...extraLabels } },
        spec: {
            ...placement(r.args, r.gpu.amount > 0),
            ...restrictedPodFields(profile),
            ...(parts.initContainers ? { initContainers: parts.initContainers.map((c) => restrictedContainer(c, profile)) } : {}),
            containers: parts.containers.map((c) => restrictedContainer(c, profile)),
            volumes: [...parts.volumes, ...writableVolumes()],
        },
    };
}

/** Startup probe budget covering the model load: `periodSeconds` x `failureThreshold` >= timeout. */
export function startupProbe(path: string, port: number, timeoutSeconds: number) {
    const periodSeconds = 10;
    return {
        httpGet: { path, port },
        periodSeconds,
        failureThreshold: Math.ceil(timeoutSeconds / periodSeconds),
        timeoutSeconds: 5,
    };
}

export function readinessProbe(path: string, port: number) {
    return { httpGet: { path, port }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 };
}

export function secretEnv(name: string, ref: SecretKeyRef) {
    return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}
