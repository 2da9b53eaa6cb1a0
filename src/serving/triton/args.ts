import type { ModelVolumeRef } from "../../core/model-volume";
import { finiteNumber, fraction, positiveInt } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";
import {
    modelSourceSchema,
    modelVolumeRefSchema,
    servingCommon,
    type ParallelismArgs,
    type ServingCommonArgs,
    type VolumeOrHubSourceArgs,
} from "../common/args";
import { autoscalingSchema, type AutoscalingArgs } from "../common/autoscaling";
import { exposureSchema, type ExposureArgs } from "../common/exposure";
import { metricsSchema, type MetricsArgs } from "../common/metrics";

export const TRITON_BACKENDS = ["vllm", "tensorrtllm", "fastertransformer"] as const;
export type TritonBackend = (typeof TRITON_BACKENDS)[number];

/** Triton model names are directory names: no '/', no leading dot. */
const modelName = lazySchema((z) =>
    z.string().regex(/^[A-Za-z0-9][\w.-]{0,62}$/, "must be a Triton model name: letters, digits, '_', '.', '-' (a directory name)"),
);
const relativePath = lazySchema((z) =>
    z
        .string()
        .regex(/^([\w.-]+(\/[\w.-]+)*)?$/, "must be a relative path inside the volume")
        .refine((p) => !p.split("/").includes(".."), { message: "must not contain '..'" }),
);

const engineArg = lazySchema((z) => z.union([z.string(), finiteNumber(), z.boolean()], "must be a string, a finite number or a boolean"));

export const tritonArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...servingCommon().shape,
        backend: z.enum(TRITON_BACKENDS),
        repository: z.strictObject({ volume: modelVolumeRefSchema(), path: relativePath().default("") }).optional(),
        model: z
            .strictObject({
                name: modelName().optional(),
                source: modelSourceSchema({
                    volume: modelVolumeRefSchema().optional(),
                    path: relativePath().optional(),
                    huggingFaceId: z
                        .string()
                        .regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'facebook/opt-125m'")
                        .optional(),
                }),
                maxBatchSize: positiveInt().optional(),
                vllm: z
                    .strictObject({
                        dtype: z.enum(["auto", "float16", "bfloat16", "float32"]).default("auto"),
                        maxModelLen: positiveInt().optional(),
                        gpuMemoryUtilization: fraction().default(0.9),
                        engineArgs: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a vLLM engine argument in snake_case"), engineArg()).default({}),
                    })
                    .optional(),
                tensorRtLlm: z
                    .strictObject({
                        decoupled: z.boolean().default(false),
                        kvCacheFreeGpuMemFraction: fraction().default(0.9),
                        batchSchedulerPolicy: z.enum(["guaranteed_no_evict", "max_utilization"]).default("guaranteed_no_evict"),
                    })
                    .optional(),
                fasterTransformer: z
                    .strictObject({
                        dataType: z.enum(["fp16", "fp32"]).default("fp16"),
                        int8Mode: z.union([z.literal(0), z.literal(1), z.literal(2)], "must be 0, 1 or 2").default(0),
                    })
                    .optional(),
            })
            .optional(),
        parallelism: z.strictObject({ tensor: positiveInt().default(1), pipeline: positiveInt().default(1) }).default({ tensor: 1, pipeline: 1 }),
        loadModels: z.array(modelName()).optional(),
        exposure: exposureSchema().optional(),
        metrics: metricsSchema().optional(),
        autoscaling: autoscalingSchema().optional(),
    }),
);

export type TritonArgsParsed = Infer<typeof tritonArgsSchema>;

/** Arguments of {@link TritonInferenceService}. */
export interface TritonInferenceServiceArgs extends ServingCommonArgs {
    /**
     * `vllm`: the vLLM backend (`model.json`); `tensorrtllm`: TensorRT-LLM engines built ahead of time
     * (`ModelConversionJob`); `fastertransformer`: legacy, superseded by TensorRT-LLM, served on the
     * last image the source document used.
     * @default none: required
     */
    readonly backend: TritonBackend;
    /**
     * An existing model repository on a volume, served as it is (e.g. a TensorRT-LLM
     * `inflight_batcher_llm` ensemble). Exclusive with `model`. @default undefined
     */
    readonly repository?: TritonRepositoryArgs;
    /**
     * One model whose repository (`config.pbtxt`, version folder, `model.json`) is generated from
     * these arguments. Exclusive with `repository`. @default undefined
     */
    readonly model?: TritonModelArgs;
    /** Tensor- and pipeline-parallel sizes; their product is the GPUs a replica requests. @default {tensor: 1, pipeline: 1} */
    readonly parallelism?: ParallelismArgs;
    /** Load only these models (`--model-control-mode=explicit --load-model=...`, Arena's `--load-model`). @default every model in the repository */
    readonly loadModels?: readonly string[];
    /** Reach the HTTP endpoint (8000) from outside the cluster. @default not exposed */
    readonly exposure?: ExposureArgs;
    /** Scrape Triton's metrics endpoint (`:8002/metrics`) with a ServiceMonitor or PodMonitor. @default no monitor */
    readonly metrics?: MetricsArgs;
    /** KEDA autoscaling; the default query is Triton's `nv_inference_pending_request_count` for the model. @default fixed `replicas.min` */
    readonly autoscaling?: AutoscalingArgs;
}

/** An existing Triton model repository on a volume, served as it is (`TritonInferenceServiceArgs.repository`). */
export interface TritonRepositoryArgs {
    /** The volume holding the repository. @default none: required */
    readonly volume: ModelVolumeRef;
    /** Path of the repository inside the volume. @default "" (the volume's mount path) */
    readonly path?: string;
}

/** One model whose Triton repository is generated (`TritonInferenceServiceArgs.model`). */
export interface TritonModelArgs {
    /** Triton model name (the repository directory). @default "vllm_model", "tensorrt_llm" or "fastertransformer" */
    readonly name?: string;
    /**
     * The weights: on a volume (`path` inside it: the HF checkpoint for vLLM, the engine directory
     * for TensorRT-LLM, the `<tp>-gpu` directory for FasterTransformer, e.g. `ModelConversionJob.modelPath`),
     * or a Hugging Face id vLLM downloads at start-up (vLLM only).
     * @default none: required
     */
    readonly source: VolumeOrHubSourceArgs;
    /** `max_batch_size` (TensorRT-LLM, FasterTransformer; vLLM batches itself and gets 0). @default 64 (TensorRT-LLM), 1024 (FasterTransformer) */
    readonly maxBatchSize?: number;
    /** vLLM engine arguments written to `model.json`. @default {dtype: "auto", gpuMemoryUtilization: 0.9} */
    readonly vllm?: TritonVllmArgs;
    /** TensorRT-LLM backend parameters. @default {decoupled: false, kvCacheFreeGpuMemFraction: 0.9, batchSchedulerPolicy: "guaranteed_no_evict"} */
    readonly tensorRtLlm?: TritonTensorRtLlmArgs;
    /** FasterTransformer backend parameters. @default {dataType: "fp16", int8Mode: 0} */
    readonly fasterTransformer?: TritonFasterTransformerArgs;
}

/** vLLM engine arguments written to `model.json` (`TritonInferenceServiceArgs.model.vllm`). */
export interface TritonVllmArgs {
    /** `dtype`. @default "auto" */
    readonly dtype?: "auto" | "float16" | "bfloat16" | "float32";
    /** `max_model_len`. @default the model's own */
    readonly maxModelLen?: number;
    /** `gpu_memory_utilization`. @default 0.9 */
    readonly gpuMemoryUtilization?: number;
    /**
     * Further `AsyncEngineArgs` fields, snake_case, written verbatim. Refused: the keys the
     * component writes (`model`, `tensor_parallel_size`, `pipeline_parallel_size`, `dtype`,
     * `max_model_len`, `gpu_memory_utilization`; `TRITON_VLLM_KEYS` in
     * serving/common/engine-flags): set the typed argument instead; and `hf_token`, `api_key`
     * (a secret would be plain text in the ConfigMap: use `hfTokenSecret`). A key that the
     * image's vLLM (0.11.1 in Triton 25.12) does not define is refused, naming the version and
     * the closest key (its `AsyncEngineArgs` fields, derived at v0.11.1's commit: `PINNED_ENGINES`
     * in serving/common/pinned-engines); not checked with your own `image`.
     * @default {}
     */
    readonly engineArgs?: Readonly<Record<string, string | number | boolean>>;
}

/** TensorRT-LLM backend parameters (`TritonInferenceServiceArgs.model.tensorRtLlm`). */
export interface TritonTensorRtLlmArgs {
    /** Decoupled (streaming) transaction policy. @default false */
    readonly decoupled?: boolean;
    /** `kv_cache_free_gpu_mem_fraction`. @default 0.9 */
    readonly kvCacheFreeGpuMemFraction?: number;
    /** `batch_scheduler_policy`. @default "guaranteed_no_evict" */
    readonly batchSchedulerPolicy?: "guaranteed_no_evict" | "max_utilization";
}

/** FasterTransformer backend parameters (`TritonInferenceServiceArgs.model.fasterTransformer`). */
export interface TritonFasterTransformerArgs {
    /** `data_type`: must match the converted weights. @default "fp16" */
    readonly dataType?: "fp16" | "fp32";
    /** `int8_mode`. @default 0 */
    readonly int8Mode?: 0 | 1 | 2;
}
