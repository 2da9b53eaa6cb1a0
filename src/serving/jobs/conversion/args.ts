import * as v from "valibot";
import { nonEmptyString, nonNegativeInt, positiveInt, quantity } from "../../../core/schemas";
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

const flag = v.pipe(v.string(), v.startsWith("-", "must be a flag such as '--workers=2'"));

export const conversionArgsSchema = v.strictObject({
    ...jobCommon.entries,
    backend: v.picklist(["fastertransformer", "tensorrtllm"]),
    source: v.strictObject({ path: volumePath }),
    output: v.strictObject({ path: volumePath }),
    tensorParallel: v.optional(positiveInt, 1),
    pipelineParallel: v.optional(positiveInt, 1),
    dtype: v.optional(v.picklist(["fp16", "bf16", "fp32"]), "fp16"),
    gpus: v.optional(v.strictObject({ count: v.optional(nonNegativeInt, 1), resourceName: v.optional(nonEmptyString) }), { count: 1 }),
    fasterTransformer: v.optional(
        v.strictObject({
            model: v.optional(v.picklist(Object.keys(FT_CONVERTERS) as (keyof typeof FT_CONVERTERS)[]), "bloom"),
            processes: v.optional(positiveInt, 8),
        }),
        { model: "bloom", processes: 8 },
    ),
    tensorRtLlm: v.optional(
        v.strictObject({
            model: v.picklist(Object.keys(TRTLLM_CONVERTERS) as (keyof typeof TRTLLM_CONVERTERS)[]),
            maxBatchSize: v.optional(positiveInt),
            maxInputLen: v.optional(positiveInt),
            maxSeqLen: v.optional(positiveInt),
            buildArgs: v.optional(v.array(flag), []),
        }),
    ),
    extraArgs: v.optional(v.array(flag), []),
    shmSize: v.optional(quantity, "16Gi"),
});

export type ConversionArgsParsed = v.InferOutput<typeof conversionArgsSchema>;

/** Arguments of {@link ModelConversionJob}. */
export interface ModelConversionJobArgs extends JobCommonArgs {
    /**
     * `fastertransformer`: FasterTransformer's converter (legacy; superseded by TensorRT-LLM);
     * `tensorrtllm`: TensorRT-LLM checkpoint conversion, then `trtllm-build` of the engines.
     */
    readonly backend: "fastertransformer" | "tensorrtllm";
    /** The Hugging Face checkpoint, relative to the volume's `subPath` (e.g. `ModelDownloadJob.path`). */
    readonly source: { readonly path: string };
    /**
     * Where the result goes, relative to the volume's `subPath`. FasterTransformer writes
     * `<path>/<tp>-gpu/`; TensorRT-LLM writes `<path>/checkpoint/` and the engines to `<path>/engine/`.
     */
    readonly output: { readonly path: string };
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
    readonly gpus?: { readonly count?: number; readonly resourceName?: string };
    /** FasterTransformer settings. @default {model: "bloom", processes: 8} */
    readonly fasterTransformer?: {
        /** Model family, which picks the converter script. @default "bloom" */
        readonly model?: "bloom";
        /** Converter processes (`-p`). @default 8 */
        readonly processes?: number;
    };
    /** TensorRT-LLM settings; required with backend `tensorrtllm`. @default undefined */
    readonly tensorRtLlm?: {
        /** Model family, which picks `examples/models/.../convert_checkpoint.py`. */
        readonly model: keyof typeof TRTLLM_CONVERTERS;
        /** `trtllm-build --max_batch_size`. @default TensorRT-LLM's */
        readonly maxBatchSize?: number;
        /** `trtllm-build --max_input_len`. @default TensorRT-LLM's */
        readonly maxInputLen?: number;
        /** `trtllm-build --max_seq_len`. @default TensorRT-LLM's */
        readonly maxSeqLen?: number;
        /** Further `trtllm-build` flags. @default [] */
        readonly buildArgs?: readonly string[];
    };
    /** Further converter flags, appended verbatim. @default [] */
    readonly extraArgs?: readonly string[];
    /**
     * Memory-backed `/dev/shm`: the converter's worker processes pass tensors through it (it counts
     * against the memory limit). Sized, like the default resources (32Gi requested, 64Gi limit),
     * for a 7B model in fp16; raise both for larger models. @default "16Gi"
     */
    readonly shmSize?: string;
}
