import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { GpuSchedulingArgs } from "../../core/gpu";
import type { ModelVolumeRef } from "../../core/model-volume";
import { isKnown, whenKnown, type Deferrable } from "../../core/deferrable";
import { exactlyOneOf, failArgs, type ProblemList } from "../../core/validation";
import { gpuScheduling } from "../../core/gpu";
import {
    inputImage,
    inputLabel,
    labelsSchema,
    modelMountPath,
    nodeSelectorSchema,
    nonEmptyString,
    nonNegativeInt32,
    positiveInt,
    positiveInt32,
    quantity,
    resources,
    secretKeyRef,
    toleration,
    type SecretKeyRefArgs,
    type Toleration,
} from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";
import { networkPolicySchema, type NetworkPolicyArgs } from "./network-policy";
import { podSecuritySchema, type PodSecurityArgs } from "./pod-security";
import { workloadAnnotationsSchema } from "./generated-annotations";

/** A `ModelVolumeRef` (plain data from `ModelBucketVolume.ref` or written by hand; claim and namespace may be Outputs). */
export const modelVolumeRefSchema = lazySchema((z) =>
    z.strictObject({
        claimName: inputLabel(),
        namespace: inputLabel(),
        mountPath: modelMountPath(),
        subPath: z.string(),
        readOnly: z.boolean(),
        writer: z.strictObject({ uid: positiveInt32(), gid: positiveInt32() }).optional(),
    }),
);
export type ModelVolumeRefParsed = Infer<typeof modelVolumeRefSchema>;

/**
 * Where a model's weights come from: exactly one of the sources in `shape` (every key but `path`),
 * and `path` (inside the volume) only with `volume`. Call it inside a schema builder.
 */
export function modelSourceSchema<
    const Shape extends z.core.$ZodLooseShape & { readonly volume: z.ZodOptional<ReturnType<typeof modelVolumeRefSchema>>; readonly path: z.ZodType },
>(shape: Shape) {
    const sources = Object.keys(shape).filter((key) => key !== "path") as (keyof Shape & string)[];
    return exactlyOneOf(shape, sources, (source, report) => {
        const { volume, path } = source as { volume?: unknown; path?: unknown };
        if (path !== undefined && volume === undefined) report("path is only used with volume", "path");
    });
}

/**
 * Pods can only mount claims of their own namespace. Each volume's namespace is compared with the
 * workload's now when both are known (into `problems`), else once their Outputs resolve: the
 * namespace returned, which the render uses, then fails the preview or update that learns them,
 * naming the volume's field.
 */
export function claimNamespaceChecked(c: {
    readonly component: string;
    /** What mounts the claims, for the message: "service", "job", "RayService". */
    readonly workload: string;
    readonly namespace: Deferrable<string>;
    /** Each volume with its argument path (`model.source.volume`); absent volumes are skipped. */
    readonly volumes: readonly (readonly [field: string, volume: { readonly namespace: Deferrable<string> } | undefined])[];
    readonly problems: ProblemList;
}): Deferrable<string> {
    const mismatch = (claim: string, ns: string) =>
        `the claim is in namespace '${claim}', the ${c.workload} in '${ns}'; pods can only mount claims of their own namespace`;
    const later: { field: string; claim: Deferrable<string> }[] = [];
    for (const [field, volume] of c.volumes) {
        if (!volume) continue;
        if (!isKnown(c.namespace) || !isKnown(volume.namespace)) later.push({ field, claim: volume.namespace });
        else if (volume.namespace !== c.namespace) c.problems.add(field, mismatch(volume.namespace, c.namespace));
    }
    if (later.length === 0) return c.namespace;
    return whenKnown<string[], string>([c.namespace, ...later.map((l) => l.claim)], (ns, ...claims) => {
        const found = later.flatMap((l, i) => (claims[i] === ns ? [] : [{ propertyPath: l.field, reason: mismatch(claims[i], ns) }]));
        if (found.length > 0) failArgs(c.component, found);
        return ns;
    });
}

/**
 * The name clients send as `model`. It lands in container args, where Kubernetes expands `$(VAR)`
 * and reduces `$$` to `$`: a `$` is refused rather than escaped, since a served name has no use
 * for one and `$(HF_TOKEN)` there is far likelier an attempt at expansion than a name.
 */
export const servedModelNameSchema = lazySchema(() =>
    nonEmptyString().refine((name) => !name.includes("$"), "must not contain '$' (Kubernetes would expand $(VAR) in the container args it is passed in)"),
);

/** Arguments every serving component shares, validated the same way everywhere. */
export const servingCommon = lazySchema((z) =>
    z.strictObject({
        namespace: inputLabel().default("default"),
        gpus: z
            .strictObject({
                count: positiveInt().optional(),
                resourceName: nonEmptyString().optional(),
                memoryGiB: positiveInt().optional(),
            })
            .default({}),
        gpuPool: gpuScheduling().optional(),
        replicas: z
            .strictObject({
                min: nonNegativeInt32().default(1),
                max: positiveInt32().optional(),
            })
            .default({ min: 1 }),
        nodeSelector: nodeSelectorSchema().default({}),
        tolerations: z.array(toleration()).default([]),
        resources: resources().optional(),
        shmSize: quantity().optional(),
        apiKeySecret: secretKeyRef().optional(),
        hfTokenSecret: secretKeyRef().optional(),
        image: inputImage().optional(),
        startupTimeoutSeconds: positiveInt32().min(60, "must be at least 60 seconds").default(1800),
        labels: labelsSchema().default({}),
        annotations: workloadAnnotationsSchema().default({}),
        networkPolicy: networkPolicySchema(),
        podSecurity: podSecuritySchema(),
    }),
);

export type ServingCommonParsed = Infer<typeof servingCommon>;

/** GPUs per replica of a serving component (`gpus`). */
export interface GpuRequestArgs {
    /**
     * Whole GPUs per replica; must equal the parallel world size (tensor x pipeline parallel size)
     * and fit one node of the GPU pool. Excludes `memoryGiB`.
     * @default tensor x pipeline parallel size
     */
    readonly count?: number;
    /**
     * Extended resource the GPUs are requested as (e.g. a MIG resource `nvidia.com/mig-1g.10gb`).
     * GPU-memory resources (`aliyun.com/gpu-mem`) are asked for with `memoryGiB` instead.
     * @default the GPU pool's resource, else "nvidia.com/gpu"
     */
    readonly resourceName?: string;
    /**
     * GiB of shared GPU memory, requested as `aliyun.com/gpu-mem` instead of whole GPUs (ACK
     * shared-GPU nodes); serves a single-device engine only, and excludes `count`.
     * @default none: whole GPUs (`count`)
     */
    readonly memoryGiB?: number;
}

/**
 * Replica bounds: of a serving component (`replicas`), or of the pods of a RayLLMApp worker group
 * (`workerGroups[i].replicas`, the RayCluster's `minReplicas`/`maxReplicas`).
 */
export interface ReplicaRangeArgs {
    /** Replicas (pods) kept running, and the fewest an autoscaler may shrink to. @default 1 */
    readonly min?: number;
    /** Most replicas (pods) an autoscaler may grow to; above `min` enables autoscaling where the platform supports it. @default none: `min` (no autoscaling) */
    readonly max?: number;
}

/** CPU/memory requests and limits of the serving container (`resources`); GPU resources are added. */
export interface ContainerResourcesArgs {
    /** Resource requests, e.g. `{cpu: "8", memory: "32Gi"}`. @default {cpu: "4", memory: "16Gi"}, less what `limits` sets without a request */
    readonly requests?: Record<string, string>;
    /** Resource limits, e.g. `{memory: "64Gi"}`. @default {memory: "32Gi"}, raised to a larger request */
    readonly limits?: Record<string, string>;
}

/** Arguments every serving component shares. */
export interface ServingCommonArgs {
    /** Namespace to deploy into; must be the model volume's namespace when one is used. May be an Output (e.g. `ns.metadata.name`), checked when known. @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /**
     * GPUs per replica. `count` defaults to tensor x pipeline parallel size; `resourceName`
     * defaults to the GPU pool's (`nvidia.com/gpu`); `memoryGiB` asks for that much shared GPU
     * memory with `aliyun.com/gpu-mem` instead of whole GPUs (ACK shared-GPU nodes).
     * @default {count: tensor x pipeline, resourceName: "nvidia.com/gpu"}
     */
    readonly gpus?: GpuRequestArgs;
    /** Scheduling handle of a GPU pool (`GpuCluster.gpuPools[i].scheduling`): node selector, tolerations, GPU resource and memory. @default none */
    readonly gpuPool?: GpuSchedulingArgs;
    /** Replica bounds; `max` above `min` enables autoscaling where the platform supports it. @default {min: 1, max: min} */
    readonly replicas?: ReplicaRangeArgs;
    /**
     * Extra node selector, merged over the GPU pool's. Keys are label keys and values label values, by Kubernetes' rules ({@link nodeSelectorSchema}).
     * @default {}
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Extra tolerations, added to the GPU pool's. @default [] */
    readonly tolerations?: readonly Toleration[];
    /**
     * CPU/memory requests and limits of the serving container (GPU resources are added). Yours take
     * effect as written: a default request is dropped for what you limit (so only-limits gives
     * exactly those), a default limit below your request is raised to it, and a request above its
     * own limit is refused. On KServe, CPU and memory always get both bounds (a missing limit is the
     * request, a missing request the limit): KServe would otherwise fill in its own default limits
     * (1 CPU, 2Gi), below any real model server's requests, and its Deployment would be refused.
     * @default {requests: {cpu: "4", memory: "16Gi"}, limits: {memory: "32Gi"}}
     */
    readonly resources?: ContainerResourcesArgs;
    /** Size of the memory-backed `/dev/shm`. @default 2Gi per GPU, at least 2Gi */
    readonly shmSize?: string;
    /** Secret key holding an API key clients must send (vLLM `--api-key`). @default none (no auth) */
    readonly apiKeySecret?: SecretKeyRefArgs;
    /** Secret key holding a Hugging Face token, for gated models. @default none */
    readonly hfTokenSecret?: SecretKeyRefArgs;
    /** Container image override, pinned to a tag or digest. May be an Output (checked when known). @default the pinned image in `core/versions` */
    readonly image?: pulumi.Input<string>;
    /** How long the model may take to load before the pod is restarted. @default 1800 */
    readonly startupTimeoutSeconds?: number;
    /**
     * Extra labels on every object. Kubernetes' label rules apply; the library's own keys (`app.kubernetes.io/name`, `app.kubernetes.io/component`, `app.kubernetes.io/managed-by`, `llm-serving/role`) are refused, since selectors rely on them ({@link labelsSchema}).
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Extra annotations on the serving object. Keys are qualified names and keys and values together at most 256 KiB, by Kubernetes' rules ({@link workloadAnnotationsSchema}). Keys the library writes itself are refused, naming the argument to set instead (`llm-serving/run-as-root`: `podSecurity.runAsRoot`; see `generated-annotations`).
     * @default {}
     */
    readonly annotations?: Readonly<Record<string, string>>;
    /**
     * The NetworkPolicy rendered for the serving pods (child `<name>-networkpolicy`): ingress only
     * (egress stays open for model downloads), from the service's namespace and the platform in
     * front of it on the serving ports, from the monitoring namespace on the metrics port, and
     * between the component's own pods where they work together. `{enabled: false}` renders none.
     * @default {enabled: true}: see {@link NetworkPolicyArgs} for each peer's default
     */
    readonly networkPolicy?: NetworkPolicyArgs;
    /**
     * Relaxations of the restricted profile every pod runs under (numeric non-root user, read-only
     * root filesystem with emptyDirs at /tmp and HOME, no service account token): run as root, or
     * another user, or with a writable root filesystem, e.g. for your own `image`.
     * @default {readOnlyRootFilesystem: true}: the image's non-root user (`core/image-users`)
     */
    readonly podSecurity?: PodSecurityArgs;
}

/** Tensor- and pipeline-parallel sizes of one replica (`parallelism` of vLLM and Triton services). */
export interface ParallelismArgs {
    /** Tensor-parallel size: GPUs each layer is split across. @default 1 */
    readonly tensor?: number;
    /** Pipeline-parallel size: stages the layers are split into. @default 1 */
    readonly pipeline?: number;
}

/**
 * Where weights come from when they are on a volume or downloaded from the Hugging Face Hub
 * (`model.source` of DistributedServing and TritonInferenceService): exactly one of `volume`
 * (with optional `path`) or `huggingFaceId`.
 */
export interface VolumeOrHubSourceArgs {
    /** A model volume (`ModelBucketVolume.ref`, or any PVC described by hand). @default none: `huggingFaceId` is given instead */
    readonly volume?: ModelVolumeRef;
    /** Path of the model inside the volume (only with `volume`). @default the volume's subPath */
    readonly path?: string;
    /** A Hugging Face repository id, downloaded at start-up by each pod. @default none: `volume` is given instead */
    readonly huggingFaceId?: string;
}
