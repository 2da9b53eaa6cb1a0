import { nodeSelectorSchema, nonEmptyString, positiveInt, positiveNumber, toleration, type Toleration } from "./schemas";
import { lazySchema } from "./zod";

/**
 * Where and how a serving pod gets its GPUs: the handle a GpuCluster gives for each GPU pool,
 * and what every serving component accepts as its `gpuPool` argument. It is plain data, so
 * serving code never reaches into cloud resources.
 */
export interface GpuScheduling {
    /** Node labels that select the pool's nodes. */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** Tolerations for the pool's taints (GPU pools carry `nvidia.com/gpu:NoSchedule`). */
    readonly tolerations: readonly Toleration[];
    /**
     * Extended resource a pod requests GPUs with: `nvidia.com/gpu` for whole GPUs,
     * `aliyun.com/gpu-mem` (GiB) on ACK shared-GPU nodes, or a MIG/time-slicing resource.
     */
    readonly gpuResourceName: string;
    /** Memory of one GPU in GiB, when known (used to check that a model fits). */
    readonly gpuMemoryGiB?: number;
    /** GPUs on one node of the pool, when known. */
    readonly gpusPerNode?: number;
    /** GPU model, e.g. `NVIDIA A10`. */
    readonly gpuModel?: string;
}

/**
 * A GPU pool's scheduling as an argument: a {@link GpuScheduling} from `GpuCluster`, or written by
 * hand for a cluster made elsewhere.
 */
export interface GpuSchedulingArgs {
    /**
     * Node labels that select the pool's nodes. Keys are label keys and values label values, by Kubernetes' rules ({@link nodeSelectorSchema}).
     * @default {}
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Tolerations for the pool's taints. @default [] */
    readonly tolerations?: readonly Toleration[];
    /** Extended resource a pod requests GPUs with. @default "nvidia.com/gpu" */
    readonly gpuResourceName?: string;
    /** Memory of one GPU in GiB, for the model-fits check. @default unknown (unchecked) */
    readonly gpuMemoryGiB?: number;
    /** GPUs on one node of the pool, for the per-pod check. @default unknown (unchecked) */
    readonly gpusPerNode?: number;
    /** GPU model, e.g. `NVIDIA A10`. @default unknown */
    readonly gpuModel?: string;
}

export const gpuScheduling = lazySchema((z) =>
    z.strictObject({
        nodeSelector: nodeSelectorSchema().default({}),
        tolerations: z.array(toleration()).default([]),
        gpuResourceName: nonEmptyString().default("nvidia.com/gpu"),
        gpuMemoryGiB: positiveNumber().optional(),
        gpusPerNode: positiveInt().optional(),
        gpuModel: z.string().optional(),
    }),
);

/** Resource names for GPU sharing that count memory (GiB) rather than whole devices. */
export const GPU_MEMORY_RESOURCES: ReadonlySet<string> = new Set(["aliyun.com/gpu-mem"]);

export const NVIDIA_GPU = "nvidia.com/gpu";
export const ALIYUN_GPU_MEM = "aliyun.com/gpu-mem";

/** The taint on every GPU node of a GpuCluster: only pods tolerating it (GPU workloads) land there. */
export const GPU_TAINT = { key: NVIDIA_GPU, value: "true", effect: "NoSchedule" } as const;

/** The toleration that matches the taint GPU pools carry. */
export const GPU_TOLERATION = { key: NVIDIA_GPU, operator: "Exists", effect: "NoSchedule" } as const;

/**
 * Tolerations of a pod that requests GPUs: the given ones, plus {@link GPU_TOLERATION} unless one
 * already tolerates the GPU taint. GPU pools are tainted so that only GPU pods land there, and a pod
 * placed without a `gpuPool` handle would otherwise stay Pending on every node (what the
 * ExtendedResourceToleration admission plugin does on clusters that enable it).
 */
export function gpuPodTolerations(tolerations: readonly Toleration[], requestsGpus: boolean): Toleration[] {
    const covered = tolerations.some((t) => tolerates(t, GPU_TAINT));
    return requestsGpus && !covered ? [...tolerations, { ...GPU_TOLERATION }] : [...tolerations];
}

/** Kubernetes' toleration-matches-taint rule (an empty key with `Exists` matches every taint). */
function tolerates(t: Toleration, taint: { key: string; value: string; effect: string }): boolean {
    const effect = t.effect === undefined || t.effect === taint.effect;
    if (!t.key) return t.operator === "Exists" && effect;
    return t.key === taint.key && effect && (t.operator === "Exists" || (t.value ?? "") === taint.value);
}

/**
 * Refuses (on `<field>.<key>`) node-selector entries that replace the GPU pool's own value for the
 * same label: the merged selector would match no node of the pool, and the pods would stay Pending.
 */
export function checkPoolSelector(
    pool: { readonly nodeSelector: Readonly<Record<string, string>> } | undefined,
    nodeSelector: Readonly<Record<string, string>>,
    field: string,
    problems: { add(path: string, reason: string): void },
): void {
    for (const [key, value] of Object.entries(nodeSelector)) {
        const own = pool?.nodeSelector[key];
        if (own !== undefined && own !== value) {
            problems.add(
                `${field}.${key}`,
                `'${value}' replaces the GPU pool's '${own}' for this label, so the pods could never land on the pool: leave it out, or pass that pool's gpuPool`,
            );
        }
    }
}
