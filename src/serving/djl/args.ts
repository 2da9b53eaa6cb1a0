import { dns1123Label, nonEmptyString, positiveInt } from "../../core/schemas";
import { exactlyOneOf } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";
import { modelSourceSchema, modelVolumeRefSchema, servingCommon, type ServingCommonArgs, type VolumeOrHubSourceArgs } from "../common/args";
import { autoscalingSchema, type AutoscalingArgs } from "../common/autoscaling";
import { exposureSchema, type ExposureArgs } from "../common/exposure";
import { metricsSchema, type MetricsArgs } from "../common/metrics";

/** DJLServing backends: DeepSpeed (LMI <= 0.27 only) or a rolling-batch engine of current LMI. */
export const DJL_ENGINES = ["deepspeed", "vllm", "lmi-dist", "trtllm"] as const;
export type DjlEngine = (typeof DJL_ENGINES)[number];

/** Handlers the library ships (files under `handlers/`). */
export const BUILT_IN_HANDLERS = ["deepspeed-bloom"] as const;

export const djlArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...servingCommon().shape,
        engine: z.enum(DJL_ENGINES).default("vllm"),
        model: z.strictObject({
            source: modelSourceSchema({
                volume: modelVolumeRefSchema().optional(),
                path: z.string().optional(),
                huggingFaceId: z
                    .string()
                    .regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'bigscience/bloom-7b1'")
                    .optional(),
            }),
            name: dns1123Label().optional(),
            parameters: positiveInt().optional(),
            dtype: z.enum(["fp16", "bf16", "fp32"]).default("fp16"),
            tensorParallelDegree: positiveInt().default(1),
            loadingTimeoutSeconds: positiveInt().default(1800),
            parallelLoading: z.boolean().default(false),
            maxRollingBatchSize: positiveInt().optional(),
            trustRemoteCode: z.boolean().default(false),
            revision: z
                .string()
                .regex(/^[\w.-]+$/, "must be a branch, tag or commit hash")
                .optional(),
            /** `serving.properties` keys: `option.<name>` or a model-server key such as `job_queue_size`. */
            properties: z
                .record(z.string().regex(/^(option\.)?[A-Za-z][\w.-]*$/, "must be a serving.properties key such as 'option.max_tokens'"), z.string())
                .default({}),
        }),
        handler: exactlyOneOf(
            {
                builtIn: z.enum(BUILT_IN_HANDLERS).optional(),
                source: nonEmptyString().optional(),
            },
            ["builtIn", "source"],
        ).optional(),
        exposure: exposureSchema().optional(),
        metrics: metricsSchema().optional(),
        autoscaling: autoscalingSchema().optional(),
    }),
);

export type DjlArgsParsed = Infer<typeof djlArgsSchema>;

/** Arguments of {@link DjlServingService}. */
export interface DjlServingServiceArgs extends ServingCommonArgs {
    /**
     * `deepspeed`: DeepSpeed tensor parallelism on the last LMI container that has it
     * (0.27.0; removed in LMI 0.28.0, a warning says so at preview); `vllm` / `lmi-dist`: rolling
     * batch in the current LMI container; `trtllm`: TensorRT-LLM rolling batch (needs the
     * TensorRT-LLM container as `image`).
     * @default "vllm"
     */
    readonly engine?: DjlEngine;
    /** The model and its `serving.properties` settings. @default none: required */
    readonly model: DjlModelArgs;
    /**
     * A custom `model.py` handler (`option.entryPoint=model.py`): one the library ships
     * (`deepspeed-bloom`: transformers + `deepspeed.init_inference` with kernel injection), or your
     * own Python source defining `handle(inputs)`. @default the engine's built-in handler
     */
    readonly handler?: DjlHandlerArgs;
    /** Reach the service from outside the cluster. @default not exposed */
    readonly exposure?: ExposureArgs;
    /** Scrape DJLServing's Prometheus metrics (`/server/metrics`, enabled with `SERVING_PROMETHEUS`). @default no monitor */
    readonly metrics?: MetricsArgs;
    /** KEDA autoscaling; DJLServing exports no queue metric this library knows, so give `keda.query`. @default fixed `replicas.min` */
    readonly autoscaling?: AutoscalingArgs;
}

/** The model of a {@link DjlServingService} and its `serving.properties` settings (`DjlServingServiceArgs.model`). */
export interface DjlModelArgs {
    /** Exactly one of `volume` (with optional `path`) or `huggingFaceId`; becomes `option.model_id`. @default none: required */
    readonly source: VolumeOrHubSourceArgs;
    /** Model name in `POST /predictions/<name>`. @default the component name */
    readonly name?: string;
    /** Parameter count, for the memory check. @default looked up for known models, else unchecked */
    readonly parameters?: number;
    /** `option.dtype`. @default "fp16" */
    readonly dtype?: "fp16" | "bf16" | "fp32";
    /** `option.tensor_parallel_degree`; the pod asks for this many GPUs. @default 1 */
    readonly tensorParallelDegree?: number;
    /** `option.model_loading_timeout` in seconds; the startup probe waits at least this long. @default 1800 */
    readonly loadingTimeoutSeconds?: number;
    /** `option.parallel_loading`. @default false */
    readonly parallelLoading?: boolean;
    /** `option.max_rolling_batch_size` (rolling-batch engines). @default LMI's (256) */
    readonly maxRollingBatchSize?: number;
    /** `option.trust_remote_code`. @default false */
    readonly trustRemoteCode?: boolean;
    /** `option.revision` of a Hugging Face model. @default the repository's default branch */
    readonly revision?: string;
    /**
     * Further `serving.properties` entries, e.g. `{"option.max_tokens": "2048"}`. Refused: the keys
     * the component writes (`engine`, `option.model_id`, `option.entryPoint`, `option.rolling_batch`,
     * `option.tensor_parallel_degree`, `option.dtype`, `option.model_loading_timeout`,
     * `option.parallel_loading`, `option.max_rolling_batch_size`, `option.trust_remote_code`,
     * `option.revision`; `GENERATED_KEYS` in serving-properties): set the typed argument instead.
     * With engine `deepspeed`, a key nothing reads is refused too: model-server keys other than
     * those DJLServing 0.27 reads (`job_queue_size`, `batch_size`, `max_batch_delay`,
     * `minWorkers`... `SERVER_KEYS`), `option.` keys LMI 0.27's DeepSpeed handler ignores, and any
     * further `option.` key with the `deepspeed-bloom` handler (it reads only what the component
     * writes). A `handler.source` of your own reads what it likes.
     * @default {}
     */
    readonly properties?: Readonly<Record<string, string>>;
}

/** A custom `model.py` handler (`DjlServingServiceArgs.handler`): exactly one of `builtIn` or `source`. */
export interface DjlHandlerArgs {
    /** A handler the library ships: `deepspeed-bloom` (transformers + `deepspeed.init_inference` with kernel injection). @default none: `source` is given instead */
    readonly builtIn?: "deepspeed-bloom";
    /** Your own Python source of `model.py`, defining `handle(inputs)`. @default none: `builtIn` is given instead */
    readonly source?: string;
}
