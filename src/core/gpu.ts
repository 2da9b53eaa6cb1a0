import * as v from "valibot";
import { labelMap, nonEmptyString, positiveInt, positiveNumber, toleration } from "./schemas";

/**
 * Where and how a serving pod gets its GPUs: the handle a GpuCluster gives for each GPU pool,
 * and what every serving component accepts as its `gpuPool` argument. It is plain data, so
 * serving code never reaches into cloud resources.
 */
export interface GpuScheduling {
    /** Node labels that select the pool's nodes. */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** Tolerations for the pool's taints (GPU pools carry `nvidia.com/gpu:NoSchedule`). */
    readonly tolerations: readonly v.InferOutput<typeof toleration>[];
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

export const gpuScheduling = v.strictObject({
    nodeSelector: v.optional(labelMap, {}),
    tolerations: v.optional(v.array(toleration), []),
    gpuResourceName: v.optional(nonEmptyString, "nvidia.com/gpu"),
    gpuMemoryGiB: v.optional(positiveNumber),
    gpusPerNode: v.optional(positiveInt),
    gpuModel: v.optional(v.string()),
});

/** Resource names for GPU sharing that count memory (GiB) rather than whole devices. */
export const GPU_MEMORY_RESOURCES: ReadonlySet<string> = new Set(["aliyun.com/gpu-mem"]);

export const NVIDIA_GPU = "nvidia.com/gpu";
export const ALIYUN_GPU_MEM = "aliyun.com/gpu-mem";

/** The toleration that matches the taint GPU pools carry. */
export const GPU_TOLERATION = { key: NVIDIA_GPU, operator: "Exists", effect: "NoSchedule" } as const;
