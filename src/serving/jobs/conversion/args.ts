import { nonEmptyString, nonNegativeInt, positiveInt, quantity } from "../../../core/schemas";
import { lazySchema, type Infer } from "../../../core/zod";
import { jobCommon, volumePath, type JobCommonArgs } from "../common";

/** FasterTransformer converters in the conversion image, by model family. */
export const FT_CONVERTERS = {
    bloom: "/FasterTransformer/examples/pytorch/gpt/utils/huggingface_bloom_convert.py",
} as const;

/**
 * TensorRT-LLM checkpoint converters in the TensorRT-LLM release image (`/app/tensorrt_llm/examples`,
 * TensorRT-LLM 1.1.0 layout: core models under `models/core`, BLOOM under `models/contrib`).
 */
export const TRTLLM_CONVERTERS = {
    llama: "/app/tensorrt_llm/examples/models/core/llama/convert_checkpoint.py",
    qwen: "/app/tensorrt_llm/examples/models/core/qwen/convert_checkpoint.py",
    gpt: "/app/tensorrt_llm/examples/models/core/gpt/convert_checkpoint.py",
    gemma: "/app/tensorrt_llm/examples/models/core/gemma/convert_checkpoint.py",
    phi: "/app/tensorrt_llm/examples/models/core/phi/convert_checkpoint.py",
    bloom: "/app/tensorrt_llm/examples/models/contrib/bloom/convert_checkpoint.py",
} as const;

export const conversionArgsSchema = lazySchema((z) => {
    const flag = z.string().startsWith("-", "must be a flag such as '--workers=2'");
    return z.strictObject({
        ...jobCommon().shape,
        backend: z.enum(["fastertransformer", "tensorrtllm"]),
        source: z.strictObject({ path: volumePath() }),
        output: z.strictObject({ path: volumePath() }),
        tensorParallel: positiveInt().default(1),
        pipelineParallel: positiveInt().default(1),
        dtype: z.enum(["fp16", "bf16", "fp32"]).default("fp16"),
        gpus: z.strictObject({ count: nonNegativeInt().default(1), resourceName: nonEmptyString().optional() }).default({ count: 1 }),
        fasterTransformer: z
            .strictObject({
                model: z.enum(Object.keys(FT_CONVERTERS) as [keyof typeof FT_CONVERTERS]).default("bloom"),
                processes: positiveInt().default(8),
            })
            .default({ model: "bloom", processes: 8 }),
        tensorRtLlm: z
            .strictObject({
                model: z.enum(Object.keys(TRTLLM_CONVERTERS) as [keyof typeof TRTLLM_CONVERTERS, ...(keyof typeof TRTLLM_CONVERTERS)[]]),
                maxBatchSize: positiveInt().optional(),
                maxInputLen: positiveInt().optional(),
                maxSeqLen: positiveInt().optional(),
                buildArgs: z.array(flag).default([]),
            })
            .optional(),
        extraArgs: z.array(flag).default([]),
        shmSize: quantity().default("16Gi"),
    });
});

export type ConversionArgsParsed = Infer<typeof conversionArgsSchema>;

/** Arguments of {@link ModelConversionJob}. */
export interface ModelConversionJobArgs extends JobCommonArgs {
    /**
     * `fastertransformer`: FasterTransformer's converter (legacy; superseded by TensorRT-LLM);
     * `tensorrtllm`: TensorRT-LLM checkpoint conversion, then `trtllm-build` of the engines.
     * @default none: required
     */
    readonly backend: "fastertransformer" | "tensorrtllm";
    /** The Hugging Face checkpoint, relative to the volume's `subPath` (e.g. `ModelDownloadJob.path`). @default none: required */
    readonly source: ConversionPathArgs;
    /**
     * Where the result goes, relative to the volume's `subPath`. FasterTransformer writes
     * `<path>/<tp>-gpu/`; TensorRT-LLM writes `<path>/checkpoint/` and the engines to `<path>/engine/`.
     * @default none: required
     */
    readonly output: ConversionPathArgs;
    /** Tensor-parallel size the weights are split for; the serving side must use the same. @default 1 */
    readonly tensorParallel?: number;
    /** Pipeline-parallel size (TensorRT-LLM only). @default 1 */
    readonly pipelineParallel?: number;
    /** Weight data type (`--data-type` / `--dtype`); FasterTransformer's BLOOM converter has fp16 and fp32 only. @default "fp16" */
    readonly dtype?: "fp16" | "bf16" | "fp32";
    /**
     * GPUs for the job. The FasterTransformer converter runs on CPU (the source document gave it one
     * GPU anyway); `trtllm-build` needs one GPU of the serving architecture. @default {count: 1, resourceName: the pool's or "nvidia.com/gpu"}
     */
    readonly gpus?: ConversionGpuArgs;
    /** FasterTransformer settings. @default {model: "bloom", processes: 8} */
    readonly fasterTransformer?: FasterTransformerConversionArgs;
    /** TensorRT-LLM settings; required with backend `tensorrtllm`. @default undefined */
    readonly tensorRtLlm?: TensorRtLlmConversionArgs;
    /** Further converter flags, appended verbatim. @default [] */
    readonly extraArgs?: readonly string[];
    /**
     * Memory-backed `/dev/shm`: the converter's worker processes pass tensors through it (it counts
     * against the memory limit). Sized, like the default resources (32Gi requested, 64Gi limit),
     * for a 7B model in fp16; raise both for larger models. @default "16Gi"
     */
    readonly shmSize?: string;
}

/** A path inside the job's volume, relative to its `subPath` (`ModelConversionJobArgs.source`, `.output`). */
export interface ConversionPathArgs {
    /** Relative path inside the volume, e.g. `bloom-7b1`. @default none: required */
    readonly path: string;
}

/** GPUs of a {@link ModelConversionJob} (`ModelConversionJobArgs.gpus`). */
export interface ConversionGpuArgs {
    /** GPUs the job requests (0 runs it on CPU only). @default 1 */
    readonly count?: number;
    /** Extended resource the GPUs are requested as. @default the GPU pool's resource, else "nvidia.com/gpu" */
    readonly resourceName?: string;
}

/** FasterTransformer conversion settings (`ModelConversionJobArgs.fasterTransformer`). */
export interface FasterTransformerConversionArgs {
    /** Model family, which picks the converter script. @default "bloom" */
    readonly model?: "bloom";
    /** Converter processes (`-p`). @default 8 */
    readonly processes?: number;
}

/** TensorRT-LLM conversion and engine-build settings (`ModelConversionJobArgs.tensorRtLlm`, backend `tensorrtllm`). */
export interface TensorRtLlmConversionArgs {
    /** Model family, which picks `examples/models/.../convert_checkpoint.py`. @default none: required */
    readonly model: keyof typeof TRTLLM_CONVERTERS;
    /** `trtllm-build --max_batch_size`. @default TensorRT-LLM's */
    readonly maxBatchSize?: number;
    /** `trtllm-build --max_input_len`. @default TensorRT-LLM's */
    readonly maxInputLen?: number;
    /** `trtllm-build --max_seq_len`. @default TensorRT-LLM's */
    readonly maxSeqLen?: number;
    /** Further `trtllm-build` flags. @default [] */
    readonly buildArgs?: readonly string[];
}
