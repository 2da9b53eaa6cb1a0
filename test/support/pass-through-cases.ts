/**
 * Case tables for pass-through engine arguments (issue 17 §3), shared by every component that
 * runs vLLM: each component's test pairs a case with the typed argument its own message names.
 */

/** A pass-through vLLM flag that sets a generated argument: the flag, in one of vLLM's spellings, and the snake_case argument it sets. */
export type FlagCase = readonly [flag: string, sets: string];

/**
 * Flags every vLLM-running component generates (`vllmCoreFlags`), in each spelling vLLM's parser
 * accepts: `--flag=value`, `--flag` (value in the next argv element is not possible here), the
 * underscore spelling, an unambiguous abbreviation, `--flag.key=value`.
 */
export const CORE_FLAG_CASES: readonly FlagCase[] = [
    ["--model=/mnt/other", "model"],
    ["--tensor-parallel-size=2", "tensor_parallel_size"],
    ["--tensor_parallel_size=2", "tensor_parallel_size"],
    ["--tensor-parallel=2", "tensor_parallel_size"],
    ["--pipeline-parallel-size=2", "pipeline_parallel_size"],
    ["--pipeline_parallel_size", "pipeline_parallel_size"],
    ["--dtype=half", "dtype"],
    ["--max-model-len=4096", "max_model_len"],
    ["--max_model_len=4k", "max_model_len"],
    ["--gpu-memory-utilization=0.5", "gpu_memory_utilization"],
    ["--gpu_memory_utilization.x=1", "gpu_memory_utilization"],
];

/** Secrets as flags: the flag and the word the message must point to. */
export const SECRET_FLAG_CASES: readonly (readonly [flag: string, pointsTo: string])[] = [
    ["--api-key=sk-123", "apiKeySecret"],
    ["--api_key=sk-123", "apiKeySecret"],
    ["--hf-token=hf_abc", "hfTokenSecret"],
    ["--hf_token", "hfTokenSecret"],
];

/**
 * Flags the components do not generate: accepted, passed verbatim. Each is a flag of vLLM 0.24.0
 * (the derived set in serving/common/engine-flag-sets; pinned-engines.test checks it). Not
 * `--disable-log-requests`: vLLM replaced it by `--enable-log-requests` (absent at v0.24.0).
 */
export const ACCEPTED_FLAGS: readonly string[] = [
    "--max-num-seqs=8",
    "--enforce-eager",
    "--enable-chunked-prefill",
    "--model-impl=transformers",
    "--enable-log-requests",
    "--max-num-batched-tokens=8192",
];

/** Engine-argument keys (`engine_kwargs`, `model.json`) every vLLM-running component writes. */
export const CORE_ENGINE_KEYS: readonly string[] = [
    "model",
    "tensor_parallel_size",
    "pipeline_parallel_size",
    "dtype",
    "max_model_len",
    "gpu_memory_utilization",
];

/** Secret engine-argument keys: refused in every engine-kwargs map. */
export const SECRET_ENGINE_KEYS: readonly string[] = ["hf_token", "api_key"];

/** User text with variable references, as it must reach the process (`$` doubled in the pod spec). */
export const VARIABLE_TEXT: readonly (readonly [given: string, rendered: string])[] = [
    ["--chat-template-content-format=$(HF_TOKEN)", "--chat-template-content-format=$$(HF_TOKEN)"],
    ['--override-generation-config={"a":"$$(X)"}', '--override-generation-config={"a":"$$$$(X)"}'],
    ["--tool-call-parser=cost$", "--tool-call-parser=cost$$"],
];
