import * as v from "valibot";
import type { GpuScheduling } from "../../core/gpu";
import { exactlyOneOf } from "../../core/validation";
import { gpuScheduling } from "../../core/gpu";
import {
    dns1123Label,
    labelMap,
    nonEmptyString,
    nonNegativeInt,
    pinnedImage,
    positiveInt,
    quantity,
    resources,
    secretKeyRef,
    toleration,
    type SecretKeyRef,
    type Toleration,
} from "../../core/schemas";

/** A `ModelVolumeRef` (plain data from `ModelBucketVolume.ref` or written by hand). */
export const modelVolumeRefSchema = v.strictObject({
    claimName: dns1123Label,
    namespace: dns1123Label,
    mountPath: v.pipe(v.string(), v.startsWith("/", "must be an absolute path")),
    subPath: v.string(),
    readOnly: v.boolean(),
});

/**
 * Where a model's weights come from: exactly one of the sources in `entries` (every key but `path`),
 * and `path` (inside the volume) only with `volume`.
 */
export function modelSourceSchema<const E extends v.ObjectEntries & { readonly volume: v.OptionalSchema<typeof modelVolumeRefSchema, undefined>; readonly path: v.GenericSchema }>(entries: E) {
    const sources = Object.keys(entries).filter((key) => key !== "path") as (keyof E & string)[];
    return exactlyOneOf(entries, sources, (source, report) => {
        const { volume, path } = source as { volume?: unknown; path?: unknown };
        if (path !== undefined && volume === undefined) report("path is only used with volume", "path");
    });
}

/** Arguments every serving component shares, validated the same way everywhere. */
export const servingCommon = v.strictObject({
    namespace: v.optional(dns1123Label, "default"),
    gpus: v.optional(
        v.strictObject({
            count: v.optional(positiveInt),
            resourceName: v.optional(nonEmptyString),
            memoryGiB: v.optional(positiveInt),
        }),
        {},
    ),
    gpuPool: v.optional(gpuScheduling),
    replicas: v.optional(
        v.strictObject({
            min: v.optional(nonNegativeInt, 1),
            max: v.optional(positiveInt),
        }),
        { min: 1 },
    ),
    nodeSelector: v.optional(labelMap, {}),
    tolerations: v.optional(v.array(toleration), []),
    resources: v.optional(resources),
    shmSize: v.optional(quantity),
    apiKeySecret: v.optional(secretKeyRef),
    hfTokenSecret: v.optional(secretKeyRef),
    image: v.optional(pinnedImage),
    startupTimeoutSeconds: v.optional(v.pipe(positiveInt, v.minValue(60, "must be at least 60 seconds")), 1800),
    labels: v.optional(labelMap, {}),
    annotations: v.optional(labelMap, {}),
});

export type ServingCommonParsed = v.InferOutput<typeof servingCommon>;

/** Arguments every serving component shares. */
export interface ServingCommonArgs {
    /** Namespace to deploy into; must be the model volume's namespace when one is used. @default "default" */
    readonly namespace?: string;
    /**
     * GPUs per replica. `count` defaults to tensor x pipeline parallel size; `resourceName`
     * defaults to the GPU pool's (`nvidia.com/gpu`); `memoryGiB` asks for that much shared GPU
     * memory with `aliyun.com/gpu-mem` instead of whole GPUs (ACK shared-GPU nodes).
     * @default {count: tensor x pipeline, resourceName: "nvidia.com/gpu"}
     */
    readonly gpus?: { readonly count?: number; readonly resourceName?: string; readonly memoryGiB?: number };
    /** Scheduling handle of a GPU pool (`GpuCluster.gpuPools[i].scheduling`): node selector, tolerations, GPU resource and memory. @default none */
    readonly gpuPool?: GpuScheduling;
    /** Replica bounds; `max` above `min` enables autoscaling where the platform supports it. @default {min: 1, max: min} */
    readonly replicas?: { readonly min?: number; readonly max?: number };
    /** Extra node selector, merged over the GPU pool's. @default {} */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Extra tolerations, added to the GPU pool's. @default [] */
    readonly tolerations?: readonly Toleration[];
    /** CPU/memory requests and limits of the serving container (GPU resources are added). @default {requests: {cpu: "4", memory: "16Gi"}, limits: {memory: "32Gi"}} */
    readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
    /** Size of the memory-backed `/dev/shm`. @default 2Gi per GPU, at least 2Gi */
    readonly shmSize?: string;
    /** Secret key holding an API key clients must send (vLLM `--api-key`). @default none (no auth) */
    readonly apiKeySecret?: SecretKeyRef;
    /** Secret key holding a Hugging Face token, for gated models. @default none */
    readonly hfTokenSecret?: SecretKeyRef;
    /** Container image override, pinned to a tag or digest. @default the pinned image in `core/versions` */
    readonly image?: string;
    /** How long the model may take to load before the pod is restarted. @default 1800 */
    readonly startupTimeoutSeconds?: number;
    /** Extra labels on every object. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /** Extra annotations on the serving object. @default {} */
    readonly annotations?: Readonly<Record<string, string>>;
}
