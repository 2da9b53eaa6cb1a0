import { ALIYUN_GPU_MEM, GPU_TAINT, GPU_TOLERATION, NVIDIA_GPU, type GpuScheduling } from "../../core/gpu";
import { lookupGpuInstanceType } from "../../core/gpu-catalog";
import type { ProblemList } from "../../core/validation";
import type { GpuClusterParsed, GpuPoolParsed } from "./args";

/** Node label every pool sets; GPU pools' scheduling handles select on it. */
export const POOL_LABEL = "llm-serving/pool";
/** Label the NVIDIA device plugin chart's default affinity admits (EKS AL2023 nodes have no NFD labels). */
export const GPU_PRESENT_LABEL = "nvidia.com/gpu.present";
/** ACK shared-GPU scheduling mode label. */
export const ACK_GPU_SCHEDULE_LABEL = "ack.node.gpu.schedule";
/** Labels the component sets itself; users may not override them. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([POOL_LABEL, GPU_PRESENT_LABEL, ACK_GPU_SCHEDULE_LABEL]);

/** Role of a node pool's child: the system pool's, or a GPU pool's by its name. */
export type PoolRole = "system" | `gpu-${string}`;

/** A node pool, resolved: the same facts for both clouds, rendered into each provider's shape. */
export interface ResolvedPool {
    readonly name: string;
    /** Child-name role: `system` or `gpu-<name>`. Permanent: renaming replaces the pool's nodes. */
    readonly role: PoolRole;
    readonly kind: "system" | "gpu";
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    /** minSize < maxSize: an autoscaler owns the node count. */
    readonly autoscaled: boolean;
    readonly diskSizeGiB: number;
    /** Kubernetes node labels (the user's plus the component's). */
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly (typeof GPU_TAINT)[];
    /** Indexes into the cluster's zones; undefined for every zone. */
    readonly zoneIndexes?: readonly number[];
    readonly capacityType: "onDemand" | "spot";
    readonly gpuSharing?: "cgpu" | "share" | "core_mem";
}

/** A GPU pool, with what serving components need to schedule onto it. */
export interface ResolvedGpuPool extends ResolvedPool {
    readonly scheduling: GpuScheduling;
}

const DEFAULT_SYSTEM_TYPES = { aws: ["m6i.xlarge", "m5.xlarge"], alicloud: ["ecs.g7.xlarge", "ecs.g6.xlarge"] } as const;

interface Sizes {
    readonly minSize?: number;
    readonly desiredSize?: number;
    readonly maxSize?: number;
}

/** min <= desired <= max, with defaults filled the way the JSDoc says; problems name the field. */
export function resolveSizes(s: Sizes, defaultMin: number, path: string, problems: ProblemList): { minSize: number; desiredSize: number; maxSize: number } {
    const minSize = s.minSize ?? Math.min(defaultMin, s.desiredSize ?? defaultMin, s.maxSize ?? defaultMin);
    const desiredSize = s.desiredSize ?? minSize;
    const maxSize = s.maxSize ?? Math.max(desiredSize, 1);
    if (desiredSize < minSize) problems.add(`${path}.desiredSize`, `${desiredSize} is below minSize (${minSize})`);
    if (desiredSize > maxSize) problems.add(`${path}.desiredSize`, `${desiredSize} is above maxSize (${maxSize})`);
    if (minSize > maxSize) problems.add(`${path}.minSize`, `${minSize} is above maxSize (${maxSize})`);
    return { minSize, desiredSize, maxSize };
}

/** GPU facts of a pool: per-node GPUs and per-GPU memory are the smallest over its instance types. */
export function poolGpu(cloud: GpuClusterParsed["cloud"], pool: GpuPoolParsed): { model?: string; memoryGiB: number; count: number } {
    const facts = pool.instanceTypes.map((t) => {
        const known = lookupGpuInstanceType(cloud, t);
        if (known) return { model: known.gpuModel, memoryGiB: known.gpuMemoryGiB, count: known.gpus };
        return { model: pool.gpu?.model, memoryGiB: pool.gpu?.memoryGiB ?? 0, count: pool.gpu?.count ?? 0 };
    });
    const models = new Set(facts.map((f) => f.model));
    const model = models.size === 1 ? facts[0]?.model : undefined;
    return {
        ...(model ? { model } : {}),
        memoryGiB: Math.min(...facts.map((f) => f.memoryGiB)),
        count: Math.min(...facts.map((f) => f.count)),
    };
}

/** The handle serving components take as `gpuPool`. */
export function poolScheduling(cloud: GpuClusterParsed["cloud"], pool: GpuPoolParsed): GpuScheduling {
    const gpu = poolGpu(cloud, pool);
    return {
        nodeSelector: { [POOL_LABEL]: pool.name },
        tolerations: [{ ...GPU_TOLERATION }],
        gpuResourceName: pool.gpuSharing ? ALIYUN_GPU_MEM : NVIDIA_GPU,
        gpuMemoryGiB: gpu.memoryGiB,
        gpusPerNode: gpu.count,
        ...(gpu.model ? { gpuModel: gpu.model } : {}),
    };
}

function zoneIndexes(pool: GpuPoolParsed, zones: readonly string[] | undefined): number[] | undefined {
    if (!pool.zones || !zones) return undefined;
    return pool.zones.map((z) => zones.indexOf(z)).filter((i) => i >= 0);
}

export function resolvePools(
    args: GpuClusterParsed,
    zones: readonly string[] | undefined,
    problems: ProblemList,
): { systemPool: ResolvedPool; gpuPools: ResolvedGpuPool[] } {
    const sys = args.systemPool;
    const systemPool: ResolvedPool = {
        name: "system",
        role: "system",
        kind: "system",
        instanceTypes: sys.instanceTypes ?? DEFAULT_SYSTEM_TYPES[args.cloud],
        ...withAutoscaled(resolveSizes(sys, 2, "systemPool", problems)),
        diskSizeGiB: sys.diskSizeGiB,
        labels: { [POOL_LABEL]: "system" },
        taints: [],
        capacityType: "onDemand",
    };
    const gpuPools = args.gpuPools.map((pool, i): ResolvedGpuPool => {
        const labels: Record<string, string> = { ...pool.labels, [POOL_LABEL]: pool.name, [GPU_PRESENT_LABEL]: "true" };
        if (pool.gpuSharing) labels[ACK_GPU_SCHEDULE_LABEL] = pool.gpuSharing;
        const indexes = zoneIndexes(pool, zones);
        return {
            name: pool.name,
            role: `gpu-${pool.name}`,
            kind: "gpu",
            instanceTypes: pool.instanceTypes,
            ...withAutoscaled(resolveSizes(pool, 1, `gpuPools[${i}]`, problems)),
            diskSizeGiB: pool.diskSizeGiB,
            labels,
            taints: [GPU_TAINT],
            ...(indexes ? { zoneIndexes: indexes } : {}),
            capacityType: pool.capacityType,
            ...(pool.gpuSharing ? { gpuSharing: pool.gpuSharing } : {}),
            scheduling: poolScheduling(args.cloud, pool),
        };
    });
    return { systemPool, gpuPools };
}

function withAutoscaled(s: { minSize: number; desiredSize: number; maxSize: number }) {
    return { ...s, autoscaled: s.minSize < s.maxSize };
}
