import type * as pulumi from "@pulumi/pulumi";
import { gpuScheduling, type GpuSchedulingArgs } from "../../core/gpu";
import type { ModelVolumeRef } from "../../core/model-volume";
import { modelSourceSchema, modelVolumeRefSchema, type ReplicaRangeArgs } from "../common/args";
import {
    envVarName,
    finiteNumber,
    fraction,
    inputImage,
    inputLabel,
    labelsSchema,
    nodeSelectorSchema,
    nonEmptyString,
    nonNegativeInt,
    nonNegativeInt32,
    nonNegativeNumber,
    positiveInt,
    positiveInt32,
    positiveNumber,
    quantity,
    resources,
    secretKeyRef,
    toleration,
    type Resources,
    type SecretKeyRefArgs,
    type Toleration,
} from "../../core/schemas";
import { inputOf } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";
import { rayNetworkPolicySchema, type RayNetworkPolicyArgs } from "../common/network-policy";
import { podSecuritySchema, type PodSecurityArgs } from "../common/pod-security";
import type { KubeRayOperatorArgs } from "../../platform/kuberay/args";
import { kubeRayOperatorSchema } from "../../platform/kuberay/args";
import { NVIDIA_ACCELERATOR_TYPES, type NvidiaAcceleratorType } from "./llm-config-schema";
import { workloadAnnotationsSchema } from "../common/generated-annotations";

/** A bucket prefix Ray downloads from; may be a `pulumi.Input` (checked when known). */
const bucketUri = lazySchema((z) =>
    inputOf(z, z.string().regex(/^(s3|gs|abfss|azure):\/\/.+/, "must be an s3://, gs://, abfss:// or azure:// URI (Ray downloads it)")),
);
const loraUri = lazySchema((z) => inputOf(z, z.string().regex(/^(s3|gs|abfss|azure):\/\/.+/, "must be an s3://, gs://, abfss:// or azure:// URI")));

const engineScalar = lazySchema((z) => z.union([z.string(), finiteNumber(), z.boolean()], "must be a string, number or boolean"));

const llmModel = lazySchema((z) =>
    z.strictObject({
        id: z
            .string()
            .min(1, "must not be empty")
            .regex(/^[^\s]+$/, "must not contain whitespace"),
        source: modelSourceSchema({
            huggingFaceId: z
                .string()
                .regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'meta-llama/Llama-2-7b-chat-hf'")
                .optional(),
            volume: modelVolumeRefSchema().optional(),
            path: z.string().optional(),
            uri: bucketUri().optional(),
        }),
        parameters: positiveInt().optional(),
        engine: z
            .strictObject({
                tensorParallelSize: positiveInt().default(1),
                pipelineParallelSize: positiveInt().default(1),
                maxModelLen: positiveInt().optional(),
                gpuMemoryUtilization: fraction().optional(),
                dtype: z.enum(["auto", "float16", "bfloat16", "float32"]).optional(),
                extra: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case vLLM engine argument"), engineScalar()).default({}),
            })
            .default({ tensorParallelSize: 1, pipelineParallelSize: 1, extra: {} }),
        acceleratorType: z.enum(NVIDIA_ACCELERATOR_TYPES).optional(),
        autoscaling: z
            .strictObject({
                minReplicas: nonNegativeInt().default(1),
                maxReplicas: positiveInt().optional(),
                initialReplicas: nonNegativeInt().optional(),
                targetOngoingRequests: positiveNumber().optional(),
                upscaleDelaySeconds: nonNegativeNumber().optional(),
                downscaleDelaySeconds: nonNegativeNumber().optional(),
            })
            .default({ minReplicas: 1 }),
        maxOngoingRequests: positiveInt().optional(),
        lora: z
            .strictObject({
                dynamicLoadingPath: loraUri(),
                maxAdaptersPerReplica: positiveInt().default(16),
                maxLoraRank: positiveInt().optional(),
            })
            .optional(),
        env: z.record(envVarName(), z.string()).default({}),
    }),
);

const groupName = lazySchema((z) =>
    z
        .string()
        .max(40, "must be at most 40 characters")
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lower-case letters, digits and '-'"),
);

const workerGroup = lazySchema((z) =>
    z.strictObject({
        name: groupName(),
        replicas: z.strictObject({ min: nonNegativeInt32().default(1), max: positiveInt32().optional() }).default({ min: 1 }),
        gpusPerPod: positiveInt().default(1),
        gpuPool: gpuScheduling().optional(),
        resources: resources().optional(),
        nodeSelector: nodeSelectorSchema().default({}),
        tolerations: z.array(toleration()).default([]),
        shmSize: quantity().optional(),
    }),
);

export const rayLlmAppSchema = lazySchema((z) =>
    z.strictObject({
        namespace: inputLabel().default("default"),
        image: inputImage().optional(),
        rayVersion: z
            .string()
            .regex(/^\d+\.\d+\.\d+$/, "must be a Ray version such as '2.58.0'")
            .optional(),
        head: z
            .strictObject({
                resources: resources().optional(),
                nodeSelector: nodeSelectorSchema().default({}),
                tolerations: z.array(toleration()).default([]),
            })
            .default({ nodeSelector: {}, tolerations: [] }),
        workerGroups: z.array(workerGroup()).min(1, "give at least one GPU worker group"),
        models: z.array(llmModel()).default([]),
        rayllmModels: z
            .array(z.union([nonEmptyString(), z.record(z.string(), z.unknown())], "must be RayLLM model YAML text or a parsed model file"))
            .default([]),
        hfTokenSecret: secretKeyRef().optional(),
        upgradeStrategy: z.enum(["None", "NewCluster"]).default("None"),
        readyTimeoutMinutes: positiveInt().default(60),
        operator: z
            .strictObject({ ...kubeRayOperatorSchema().shape, install: z.boolean().default(true) })
            .default({ install: true, namespace: "kuberay-system", registries: {} }),
        labels: labelsSchema().default({}),
        annotations: workloadAnnotationsSchema().default({}),
        networkPolicy: rayNetworkPolicySchema(),
        podSecurity: podSecuritySchema(),
    }),
);

export type RayLlmAppParsed = Infer<typeof rayLlmAppSchema>;
export type LlmModelParsed = RayLlmAppParsed["models"][number];
/** CPU and memory of a worker pod's Ray container when `workerGroups[].resources` is not given. */
export const WORKER_RESOURCES = { requests: { cpu: "8", memory: "32Gi" }, limits: { cpu: "8", memory: "32Gi" } } as const;

export type WorkerGroupParsed = RayLlmAppParsed["workerGroups"][number];

/** One model served by `ray.serve.llm:build_openai_app` (one `LLMConfig`). */
export interface RayLlmModel {
    /** The id clients send as `model` (`model_loading_config.model_id`). @default none: required */
    readonly id: string;
    /** Exactly one of `huggingFaceId`, `volume` (with optional `path`) or `uri`. @default none: required */
    readonly source: RayModelSourceArgs;
    /** Parameter count, for the memory check. @default looked up for known Hugging Face ids, else unchecked */
    readonly parameters?: number;
    /** vLLM engine arguments (`engine_kwargs`). @default {tensorParallelSize: 1, pipelineParallelSize: 1} */
    readonly engine?: RayEngineArgs;
    /** Ray accelerator type replicas are scheduled on (`accelerator_type`); must be what Ray detects on the pool's GPUs. @default none (any GPU) */
    readonly acceleratorType?: NvidiaAcceleratorType;
    /** Serve autoscaling (`deployment_config.autoscaling_config`). @default {minReplicas: 1, maxReplicas: minReplicas} */
    readonly autoscaling?: RayServeAutoscalingArgs;
    /** Requests one replica takes at once (`max_ongoing_requests`). @default Ray Serve LLM's */
    readonly maxOngoingRequests?: number;
    /** Multi-LoRA: adapters loaded on demand from a bucket (`lora_config`, vLLM `enable_lora`). @default none */
    readonly lora?: RayLoraArgs;
    /**
     * Environment variables of the replica and engine workers (`runtime_env.env_vars`). Names follow
     * Kubernetes' rule and may not start with a digit. @default {}
     */
    readonly env?: Readonly<Record<string, string>>;
}

/** A GPU worker group of the RayCluster. */
export interface RayWorkerGroup {
    /** `groupName` (at most 40 characters, lower-case letters, digits and '-'). @default none: required */
    readonly name: string;
    /**
     * Pod bounds; the Ray autoscaler adds pods between them as Serve replicas need GPUs. KubeRay
     * does not carry new bounds to a running cluster: a change replaces the RayService (or, with
     * `upgradeStrategy: NewCluster`, rolls to a new cluster).
     * @default {min: 1, max: min}
     */
    readonly replicas?: ReplicaRangeArgs;
    /** GPUs per pod (`nvidia.com/gpu` or the pool's resource). @default 1 */
    readonly gpusPerPod?: number;
    /** Scheduling handle of a GPU pool (`GpuCluster.gpuPools[i].scheduling`). @default none */
    readonly gpuPool?: GpuSchedulingArgs;
    /** CPU/memory of the Ray container (GPUs are added). @default {requests: {cpu: "8", memory: "32Gi"}, limits: {cpu: "8", memory: "32Gi"}} */
    readonly resources?: Resources;
    /**
     * Extra node selector, over the pool's. Keys are label keys and values label values, by Kubernetes' rules ({@link nodeSelectorSchema}).
     * @default {}
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Extra tolerations, added to the pool's. @default [] */
    readonly tolerations?: readonly Toleration[];
    /** Memory-backed `/dev/shm` (NCCL, Ray object store). @default 2Gi per GPU, at least 2Gi */
    readonly shmSize?: string;
}

/** Arguments of {@link RayLLMApp}. */
export interface RayLLMAppArgs {
    /** Namespace of the RayService; model volumes must be in it. May be an Output (e.g. `ns.metadata.name`), checked when known. @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /**
     * Ray image of head and workers, pinned. May be an Output (checked when known).
     * @default `images.rayLlm` in core/versions, through the image mirror of the operator this component installs (`operator.registries.images`) or of its `platform`
     */
    readonly image?: pulumi.Input<string>;
    /** `rayVersion`; must match the image (required with `image`). @default `platformVersions.ray` */
    readonly rayVersion?: string;
    /** The head pod: no GPUs, runs no replicas (`num-cpus: 0`). @default {resources: {requests/limits: {cpu: "2", memory: "8Gi"}}} */
    readonly head?: RayHeadArgs;
    /** One or more GPU worker groups. @default none: required (at least one) */
    readonly workerGroups: readonly RayWorkerGroup[];
    /** Models, each rendered as an `LLMConfig` of `ray.serve.llm:build_openai_app`. @default [] */
    readonly models?: readonly RayLlmModel[];
    /**
     * RayLLM (Aviary) model files (`deployment_config`, `engine_config`, `scaling_config`), as YAML
     * text or parsed objects; each is mapped to the current `LLMConfig`. Renamed settings are
     * written under their new names and named at preview; `scaling_config.num_cpus_per_worker`
     * reserves CPUs in each engine worker's placement bundle (the worker pods must hold them);
     * `engine_config.generation.prompt_format` is dropped with a warning (the tokenizer's chat
     * template formats chats); other generation settings are refused (no server-side counterpart).
     * @default []
     */
    readonly rayllmModels?: readonly (string | Readonly<Record<string, unknown>>)[];
    /** Secret key with a Hugging Face token (`HF_TOKEN` on every Ray pod), for gated models; the Secret's name may be an Output. @default none */
    readonly hfTokenSecret?: SecretKeyRefArgs;
    /**
     * `upgradeStrategy.type`. `None` never starts a second cluster: KubeRay applies to the running
     * RayCluster only Serve config changes and worker groups appended at the end; any other cluster
     * change (image, resources, pod templates, tolerations, `rayStartParams`, GPU resource name,
     * autoscaling, a worker group's replica bounds, a removed worker group) it accepts on the
     * RayService but never applies (KubeRay 1.6 and 1.7 `rayservice_controller.go`
     * `shouldUpdateCluster`; it never copies replica bounds: kuberay#2331, #4568). Such a change
     * therefore replaces the RayService: `pulumi preview` shows `replace` and the property, and
     * `pulumi up` deletes the RayService with its cluster before creating both anew: nothing is
     * served meanwhile (downtime: new pods, image pull, model load).
     * `NewCluster` applies every change through a new cluster, zero-downtime, but needs room for
     * two full GPU clusters during an upgrade (KubeRay #1564, #2468, #4239). KubeRay leaves
     * tolerations and replica bounds out of the spec it compares; each pod template carries an
     * annotation (`llm-serving/unhashed-fields-sha256`) that changes with them, so such a change
     * starts a new cluster too.
     * @default "None"
     */
    readonly upgradeStrategy?: "None" | "NewCluster";
    /** How long `pulumi up` waits for the RayService `Ready` condition (image pulls, GPU nodes, model load). @default 60 */
    readonly readyTimeoutMinutes?: number;
    /** The KubeRay operator; `install: false` when the cluster already has it (pass its readiness as `platform`). @default {install: true} */
    readonly operator?: RayOperatorArgs;
    /**
     * Extra labels on the RayService and its pods. Kubernetes' label rules apply; the library's own keys (`app.kubernetes.io/name`, `app.kubernetes.io/component`, `app.kubernetes.io/managed-by`, `llm-serving/role`) are refused, since selectors rely on them ({@link labelsSchema}).
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Extra annotations on the RayService. Keys are qualified names and keys and values together at most 256 KiB, by Kubernetes' rules ({@link workloadAnnotationsSchema}). Keys the library writes itself are refused, naming the argument to set instead (`llm-serving/run-as-root`: `podSecurity.runAsRoot`; see `generated-annotations`).
     * @default {}
     */
    readonly annotations?: Readonly<Record<string, string>>;
    /**
     * The NetworkPolicy of the RayCluster's pods (child `<name>-networkpolicy`): ingress only (egress
     * stays open for model downloads); Serve's port 8000 from the namespace's pods (`clients`), the
     * dashboard port 8265 from the KubeRay operator's namespace (`platformFrom`, default
     * `operator.namespace`), and every port between the head and workers of this app.
     * `{enabled: false}` renders none.
     * @default {enabled: true}
     */
    readonly networkPolicy?: RayNetworkPolicyArgs;
    /**
     * Relaxations of the restricted profile head and workers run under (the image's user `ray`,
     * 1000:100; read-only root filesystem with emptyDirs at /tmp, which holds /tmp/ray, and HOME; no
     * service account token but on the head when autoscaling, whose autoscaler calls the API server).
     * @default {readOnlyRootFilesystem: true}
     */
    readonly podSecurity?: PodSecurityArgs;
}

/** Where a Ray Serve LLM model's weights come from (`RayLlmModel.source`): exactly one of `huggingFaceId`, `volume` (with optional `path`) or `uri`. */
export interface RayModelSourceArgs {
    /** A Hugging Face repository id; Ray downloads it (gated models need `hfTokenSecret`). @default none: another source is given */
    readonly huggingFaceId?: string;
    /** A model volume (`ModelBucketVolume.ref`), mounted read-only on every Ray pod. @default none: another source is given */
    readonly volume?: ModelVolumeRef;
    /** Path of the model inside the volume. @default the volume's subPath */
    readonly path?: string;
    /**
     * `s3://`, `gs://`, `abfss://` or `azure://` prefix Ray downloads the weights from (`CloudMirrorConfig`).
     * May be an Output (e.g. a bucket's name interpolated), checked when known. @default none: another source is given
     */
    readonly uri?: pulumi.Input<string>;
}

/** vLLM engine arguments of a Ray Serve LLM model (`RayLlmModel.engine`, `engine_kwargs`). */
export interface RayEngineArgs {
    /** `tensor_parallel_size`: GPUs one replica shards the model over, within one pod. @default 1 */
    readonly tensorParallelSize?: number;
    /** `pipeline_parallel_size`: pipeline stages, which may span pods. @default 1 */
    readonly pipelineParallelSize?: number;
    /** `max_model_len`. @default the model's */
    readonly maxModelLen?: number;
    /** `gpu_memory_utilization`. @default vLLM's (0.9) */
    readonly gpuMemoryUtilization?: number;
    /** `dtype`. @default vLLM's ("auto") */
    readonly dtype?: "auto" | "float16" | "bfloat16" | "float32";
    /**
     * Further vLLM engine arguments, snake_case, passed verbatim. Refused: the keys the typed
     * fields write (`tensor_parallel_size`, `pipeline_parallel_size`, `dtype`, `max_model_len`,
     * `gpu_memory_utilization`, `enable_lora`, `max_loras`, `max_lora_rank`) and `model` (Ray's
     * own; `RAY_ENGINE_KWARGS` in serving/common/engine-flags): set the typed field instead; and
     * `hf_token`, `api_key` (a secret would be plain text in the serve config: use `hfTokenSecret`).
     * Keys are not checked against the image's vLLM: the version ray-llm 2.58.0 ships is not
     * established from Ray's source (`PINNED_ENGINES.rayLlm`; the preview warns that the keys
     * pass unchecked), nor with your own `image`.
     * @default {}
     */
    readonly extra?: Readonly<Record<string, string | number | boolean>>;
}

/** Ray Serve autoscaling of a model (`RayLlmModel.autoscaling`, `deployment_config.autoscaling_config`). */
export interface RayServeAutoscalingArgs {
    /** `min_replicas`; 0 lets the model scale to zero. @default 1 */
    readonly minReplicas?: number;
    /** `max_replicas`. @default minReplicas (at least 1) */
    readonly maxReplicas?: number;
    /** `initial_replicas`. @default Ray's (minReplicas) */
    readonly initialReplicas?: number;
    /** Ongoing requests per replica the autoscaler aims for (`target_ongoing_requests`). @default Ray's */
    readonly targetOngoingRequests?: number;
    /** Seconds the load must stay high before replicas are added (`upscale_delay_s`). @default Ray's (30) */
    readonly upscaleDelaySeconds?: number;
    /** Seconds the load must stay low before replicas are removed (`downscale_delay_s`). @default Ray's (600) */
    readonly downscaleDelaySeconds?: number;
}

/** Multi-LoRA of a Ray Serve LLM model (`RayLlmModel.lora`, `lora_config`): adapters loaded on demand from a bucket. */
export interface RayLoraArgs {
    /**
     * Bucket prefix holding one folder per adapter (`s3://`, `gs://`, `abfss://`, `azure://`); clients ask for
     * `<model id>:<adapter>`. May be an Output, checked when known.
     * @default none: required
     */
    readonly dynamicLoadingPath: pulumi.Input<string>;
    /** Adapters one replica keeps loaded (`max_num_adapters_per_replica`, vLLM `max_loras`). @default 16 */
    readonly maxAdaptersPerReplica?: number;
    /** vLLM `max_lora_rank`. @default vLLM's */
    readonly maxLoraRank?: number;
}

/** The Ray head pod (`RayLLMAppArgs.head`): no GPUs, runs no replicas (`num-cpus: 0`). */
export interface RayHeadArgs {
    /** Requests and limits of the head container. @default {requests: {cpu: "2", memory: "8Gi"}, limits: {cpu: "2", memory: "8Gi"}} */
    readonly resources?: Resources;
    /**
     * Node selector of the head pod (CPU nodes). Keys are label keys and values label values, by Kubernetes' rules ({@link nodeSelectorSchema}).
     * @default {}
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Tolerations of the head pod. @default [] */
    readonly tolerations?: readonly Toleration[];
}

/** The KubeRay operator of a {@link RayLLMApp} (`RayLLMAppArgs.operator`): its arguments, and whether to install it. */
export interface RayOperatorArgs extends KubeRayOperatorArgs {
    /** Install the operator with this app; false when the cluster already runs one. @default true */
    readonly install?: boolean;
}
