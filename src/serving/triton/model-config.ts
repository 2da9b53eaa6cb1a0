import { PbEnum, pbMap, toPbtxt, type PbMessage } from "./pbtxt";

const e = (name: string) => new PbEnum(name);
const stringParameters = (p: Record<string, string>) => pbMap(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { string_value: v }])));

interface Tensor {
    readonly name: string;
    readonly type: string;
    readonly dims: readonly number[];
    /** `[1]` given, `[]` seen by the backend: a per-request scalar. */
    readonly scalar?: boolean;
    readonly optional?: boolean;
    readonly ragged?: boolean;
}

function tensor(t: Tensor): PbMessage {
    return {
        name: t.name,
        data_type: e(t.type),
        dims: [...t.dims],
        ...(t.scalar ? { reshape: { shape: [] } } : {}),
        ...(t.ragged ? { allow_ragged_batch: true } : {}),
        ...(t.optional ? { optional: true } : {}),
    };
}

const scalarIn = (name: string, type: string, optional = true): Tensor => ({ name, type, dims: [1], scalar: true, optional });

/** vLLM backend: the tensors of the backend's sample `config.pbtxt`; vLLM batches itself (`max_batch_size: 0`). */
export function vllmConfig(name: string): PbMessage {
    return {
        name,
        backend: "vllm",
        max_batch_size: 0,
        model_transaction_policy: { decoupled: true },
        input: [
            tensor({ name: "text_input", type: "TYPE_STRING", dims: [1] }),
            tensor({ name: "stream", type: "TYPE_BOOL", dims: [1] }),
            tensor({ name: "sampling_parameters", type: "TYPE_STRING", dims: [1], optional: true }),
        ],
        output: [tensor({ name: "text_output", type: "TYPE_STRING", dims: [-1] })],
        // The vLLM engine places itself on the GPUs (tensor_parallel_size in model.json).
        instance_group: [{ count: 1, kind: e("KIND_MODEL") }],
    };
}

/** `model.json`: vLLM `AsyncEngineArgs`. */
export function vllmModelJson(input: {
    model: string;
    tensor: number;
    pipeline: number;
    dtype: string;
    gpuMemoryUtilization: number;
    maxModelLen?: number;
    engineArgs: Readonly<Record<string, string | number | boolean>>;
}): string {
    const json: Record<string, string | number | boolean> = {
        model: input.model,
        tensor_parallel_size: input.tensor,
        ...(input.pipeline > 1 ? { pipeline_parallel_size: input.pipeline } : {}),
        gpu_memory_utilization: input.gpuMemoryUtilization,
        ...(input.dtype !== "auto" ? { dtype: input.dtype } : {}),
        ...(input.maxModelLen !== undefined ? { max_model_len: input.maxModelLen } : {}),
        ...input.engineArgs,
    };
    return JSON.stringify(json, null, 2) + "\n";
}

/** TensorRT-LLM backend (`tensorrt_llm` model of `inflight_batcher_llm`): token ids in, token ids out. */
export function tensorRtLlmConfig(input: {
    name: string;
    engineDir: string;
    maxBatchSize: number;
    decoupled: boolean;
    kvCacheFreeGpuMemFraction: number;
    batchSchedulerPolicy: string;
}): PbMessage {
    return {
        name: input.name,
        backend: "tensorrtllm",
        max_batch_size: input.maxBatchSize,
        model_transaction_policy: { decoupled: input.decoupled },
        dynamic_batching: { preferred_batch_size: [input.maxBatchSize], max_queue_delay_microseconds: 0 },
        input: [
            tensor({ name: "input_ids", type: "TYPE_INT32", dims: [-1], ragged: true }),
            tensor(scalarIn("input_lengths", "TYPE_INT32", false)),
            tensor(scalarIn("request_output_len", "TYPE_INT32", false)),
            tensor(scalarIn("end_id", "TYPE_INT32")),
            tensor(scalarIn("pad_id", "TYPE_INT32")),
            tensor({ name: "stop_words_list", type: "TYPE_INT32", dims: [2, -1], optional: true, ragged: true }),
            tensor({ name: "bad_words_list", type: "TYPE_INT32", dims: [2, -1], optional: true, ragged: true }),
            tensor(scalarIn("beam_width", "TYPE_INT32")),
            tensor(scalarIn("temperature", "TYPE_FP32")),
            tensor(scalarIn("runtime_top_k", "TYPE_INT32")),
            tensor(scalarIn("runtime_top_p", "TYPE_FP32")),
            tensor(scalarIn("repetition_penalty", "TYPE_FP32")),
            tensor(scalarIn("seed", "TYPE_UINT64")),
            tensor(scalarIn("return_log_probs", "TYPE_BOOL")),
            tensor(scalarIn("exclude_input_in_output", "TYPE_BOOL")),
            tensor(scalarIn("streaming", "TYPE_BOOL")),
        ],
        output: [
            tensor({ name: "output_ids", type: "TYPE_INT32", dims: [-1, -1] }),
            tensor({ name: "sequence_length", type: "TYPE_INT32", dims: [-1] }),
            tensor({ name: "cum_log_probs", type: "TYPE_FP32", dims: [-1] }),
            tensor({ name: "output_log_probs", type: "TYPE_FP32", dims: [-1, -1] }),
        ],
        // The backend drives the GPUs of every rank itself.
        instance_group: [{ count: 1, kind: e("KIND_CPU") }],
        parameters: stringParameters({
            gpt_model_type: "inflight_fused_batching",
            gpt_model_path: input.engineDir,
            max_beam_width: "1",
            batch_scheduler_policy: input.batchSchedulerPolicy,
            kv_cache_free_gpu_mem_fraction: String(input.kvCacheFreeGpuMemFraction),
            exclude_input_in_output: "true",
            FORCE_CPU_ONLY_INPUT_TENSORS: "no",
        }),
    };
}

/** FasterTransformer backend, as its BLOOM sample (`all_models/bloom/fastertransformer`): token ids in, token ids out. */
export function fasterTransformerConfig(input: {
    name: string;
    checkpointDir: string;
    maxBatchSize: number;
    tensor: number;
    pipeline: number;
    dataType: string;
    int8Mode: number;
}): PbMessage {
    return {
        name: input.name,
        backend: "fastertransformer",
        max_batch_size: input.maxBatchSize,
        model_transaction_policy: { decoupled: false },
        input: [
            tensor({ name: "input_ids", type: "TYPE_UINT32", dims: [-1] }),
            tensor(scalarIn("input_lengths", "TYPE_UINT32", false)),
            tensor({ name: "request_output_len", type: "TYPE_UINT32", dims: [-1] }),
            tensor(scalarIn("runtime_top_k", "TYPE_UINT32")),
            tensor(scalarIn("runtime_top_p", "TYPE_FP32")),
            tensor(scalarIn("beam_search_diversity_rate", "TYPE_FP32")),
            tensor(scalarIn("temperature", "TYPE_FP32")),
            tensor(scalarIn("len_penalty", "TYPE_FP32")),
            tensor(scalarIn("repetition_penalty", "TYPE_FP32")),
            tensor(scalarIn("random_seed", "TYPE_UINT64")),
            tensor(scalarIn("is_return_log_probs", "TYPE_BOOL")),
            tensor(scalarIn("beam_width", "TYPE_UINT32")),
            tensor(scalarIn("start_id", "TYPE_UINT32")),
            tensor(scalarIn("end_id", "TYPE_UINT32")),
            tensor({ name: "stop_words_list", type: "TYPE_INT32", dims: [2, -1], optional: true }),
            tensor({ name: "bad_words_list", type: "TYPE_INT32", dims: [2, -1], optional: true }),
        ],
        output: [
            tensor({ name: "output_ids", type: "TYPE_UINT32", dims: [-1, -1] }),
            tensor({ name: "sequence_length", type: "TYPE_UINT32", dims: [-1] }),
            tensor({ name: "cum_log_probs", type: "TYPE_FP32", dims: [-1] }),
            tensor({ name: "output_log_probs", type: "TYPE_FP32", dims: [-1, -1] }),
        ],
        // FasterTransformer spreads one instance over tensor_para_size GPUs itself.
        instance_group: [{ count: 1, kind: e("KIND_CPU") }],
        parameters: stringParameters({
            tensor_para_size: String(input.tensor),
            pipeline_para_size: String(input.pipeline),
            data_type: input.dataType,
            // BLOOM runs through FasterTransformer's GPT model (the converter's config.ini says so too).
            model_type: "GPT",
            model_checkpoint_path: input.checkpointDir,
            int8_mode: String(input.int8Mode),
            enable_custom_all_reduce: "0",
        }),
    };
}

export { toPbtxt };
