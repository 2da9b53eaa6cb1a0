/**
 * Pass-through engine arguments (vLLM `extraArgs`, Triton `engineArgs`, Ray `engine.extra`) may
 * never override what a component generates, nor carry a secret in plain text. The tables below
 * say, per component, which vLLM engine arguments the render writes and which typed argument
 * sets each; they are the one source of truth the validators check against.
 *
 * Keys are vLLM's snake_case names (the `AsyncEngineArgs` / `engine_kwargs` / `model.json`
 * spelling); on the command line the same argument is `--kebab-case`.
 */
import { whenKnown, type Deferrable } from "../../core/deferrable";
import type { ProblemList } from "../../core/validation";

/** Who sets a generated argument: a typed argument (its path), or the component itself (why). */
export type FlagOwner = { readonly argument: string } | { readonly fixed: string } | { readonly secret: string };
/** Generated (or refused) engine arguments by snake_case name. */
export type GeneratedFlags = Readonly<Record<string, FlagOwner>>;

const by = (argument: string): FlagOwner => ({ argument });
const fixed = (why: string): FlagOwner => ({ fixed: why });

/**
 * Single-dash aliases vLLM's argument parser defines for flags (`vllm/engine/arg_utils.py`:
 * `--tensor-parallel-size, -tp`, `--pipeline-parallel-size, -pp`, `--quantization, -q`).
 */
export const VLLM_SHORT_FLAGS: Readonly<Record<string, string>> = { tp: "tensor_parallel_size", pp: "pipeline_parallel_size", q: "quantization" };

/** The typed arguments, by path, that set the engine arguments every vLLM-running component writes. */
export interface VllmCoreArguments {
    readonly model: string;
    readonly tensor: string;
    readonly pipeline: string;
    readonly dtype: string;
    readonly maxModelLen: string;
    readonly gpuMemoryUtilization: string;
}

/** The model and its parallel layout, dtype, context length and memory share: written by every vLLM-running component. */
export function vllmCoreFlags(a: VllmCoreArguments): GeneratedFlags {
    return {
        model: by(a.model),
        tensor_parallel_size: by(a.tensor),
        pipeline_parallel_size: by(a.pipeline),
        dtype: by(a.dtype),
        max_model_len: by(a.maxModelLen),
        gpu_memory_utilization: by(a.gpuMemoryUtilization),
    };
}

/**
 * Secrets as engine arguments: vLLM's `--api-key` and `--hf-token` (`api_key`, `hf_token`). A value
 * there is plain text in the pod spec, ConfigMap or serve config, readable by anyone who can read
 * those objects. `instead` says what to use: the component's Secret-backed argument, or advice.
 */
export function secretFlags(instead: { readonly apiKey: string; readonly hfToken: string }): GeneratedFlags {
    return { api_key: { secret: instead.apiKey }, hf_token: { secret: instead.hfToken } };
}

const USE_HF_TOKEN_SECRET = "use hfTokenSecret (a Kubernetes Secret key, given as HF_TOKEN)";

/**
 * What both components that start vLLM's OpenAI server give it from their `model` arguments:
 * the core set, the served name and port, and the secrets (each has `apiKeySecret` and
 * `hfTokenSecret`). Only the parallel layout's arguments differ.
 */
function vllmServerFlags(parallelism: { readonly tensor: string; readonly pipeline: string }): GeneratedFlags {
    return {
        ...vllmCoreFlags({
            model: "model.source",
            ...parallelism,
            dtype: "model.dtype",
            maxModelLen: "model.maxModelLen",
            gpuMemoryUtilization: "model.gpuMemoryUtilization",
        }),
        served_model_name: by("model.servedModelName"),
        port: fixed("the Service and the probes use port 8000"),
        ...secretFlags({ apiKey: "use apiKeySecret (a Kubernetes Secret key, given to vLLM as VLLM_API_KEY)", hfToken: USE_HF_TOKEN_SECRET }),
    };
}

/** `VllmInferenceService`: what `vllmEngineArgs` and the two KServe runtimes' and the Deployment's args write. */
export const VLLM_SERVICE_FLAGS: GeneratedFlags = {
    ...vllmServerFlags({ tensor: "parallelism.tensor", pipeline: "parallelism.pipeline" }),
    quantization: by("model.quantization"),
    kv_cache_dtype: by("model.kvCacheDtype"),
    enable_prefix_caching: by("model.enablePrefixCaching"),
    enable_lora: by("model.loraAdapters"),
    max_loras: by("model.loraAdapters"),
    lora_modules: by("model.loraAdapters"),
    max_lora_rank: by("model.maxLoraRank"),
    // KServe's Hugging Face server (kserve.runtime "huggingface").
    model_name: by("model.servedModelName"),
    model_id: by("model.source"),
    backend: fixed("KServe's Hugging Face server runs the vLLM backend"),
};

/** `DistributedServing` (engine `vllm`): what `vllmPodArgs` writes on the leader and the workers. */
export const DISTRIBUTED_FLAGS: GeneratedFlags = {
    ...vllmServerFlags({ tensor: "parallelism.tensor (default: gpus.count)", pipeline: "parallelism.pipeline (default: nodes)" }),
    nnodes: by("nodes"),
    distributed_executor_backend: fixed("the group runs vLLM's multiprocessing backend across the LeaderWorkerSet's pods"),
    node_rank: fixed("each pod's rank is its LeaderWorkerSet worker index"),
    master_addr: fixed("the workers rendezvous at the LeaderWorkerSet leader's address"),
    master_port: fixed("the workers rendezvous at port 29500 of the leader"),
    headless: fixed("the workers run headless, the leader serves the API"),
};

/** `TritonInferenceService` (backend `vllm`): the keys `vllmModelJson` writes to `model.json`. */
export const TRITON_VLLM_KEYS: GeneratedFlags = {
    ...vllmCoreFlags({
        model: "model.source",
        tensor: "parallelism.tensor",
        pipeline: "parallelism.pipeline",
        dtype: "model.vllm.dtype",
        maxModelLen: "model.vllm.maxModelLen",
        gpuMemoryUtilization: "model.vllm.gpuMemoryUtilization",
    }),
    ...secretFlags({ apiKey: "Triton does not check API keys; put authentication in front of it (e.g. at the exposure)", hfToken: USE_HF_TOKEN_SECRET }),
};

/** `RayLLMApp`: secrets refused in any `engine_kwargs`, typed or from a RayLLM model file. */
export const RAY_SECRET_KWARGS: GeneratedFlags = secretFlags({
    apiKey: "RayLLMApp has no API-key argument; put authentication in front of it",
    hfToken: "use hfTokenSecret (a Kubernetes Secret key, given as HF_TOKEN on every Ray pod)",
});

/**
 * `RayLLMApp`: the `engine_kwargs` keys `engineKwargs` writes for a typed model (paths relative to
 * `models[i]`). `model` is Ray Serve LLM's own, from `model_loading_config`.
 */
export const RAY_ENGINE_KWARGS: GeneratedFlags = {
    ...vllmCoreFlags({
        model: "source (Ray Serve LLM sets it from model_loading_config)",
        tensor: "engine.tensorParallelSize",
        pipeline: "engine.pipelineParallelSize",
        dtype: "engine.dtype",
        maxModelLen: "engine.maxModelLen",
        gpuMemoryUtilization: "engine.gpuMemoryUtilization",
    }),
    enable_lora: by("lora"),
    max_loras: by("lora.maxAdaptersPerReplica"),
    max_lora_rank: by("lora.maxLoraRank"),
    ...RAY_SECRET_KWARGS,
};

function reason(spelled: string, owner: FlagOwner, where: string): string {
    if ("argument" in owner) return `${spelled} is generated from ${owner.argument}; set that argument instead`;
    if ("fixed" in owner) return `${spelled} is set by the component (${owner.fixed}); it cannot be overridden`;
    return `${spelled} would put a secret in plain text in ${where}; ${owner.secret}`;
}

/**
 * The generated argument a command-line flag sets, as vLLM's parser reads it: `--flag` or
 * `--flag=value`, underscores for dashes (`--tensor_parallel_size`), `--no-flag` for a boolean,
 * `--flag.key=value` (a JSON field of `--flag`), a single-dash alias (`-tp`), and an abbreviation
 * reaching into the flag's second word that only one generated flag starts with
 * (`--tensor-parallel=2`: argparse's default `allow_abbrev`, which vLLM's parser keeps).
 */
export function generatedFlagOf(flag: string, table: GeneratedFlags): { name: string; owner: FlagOwner } | undefined {
    const key = flag.split("=")[0];
    if (!key.startsWith("--")) {
        const short = key.replace(/^-/, "");
        const alias = Object.keys(VLLM_SHORT_FLAGS).find((a) => short === a || (short.startsWith(a) && /^\d/.test(short.slice(a.length))));
        const name = alias === undefined ? undefined : VLLM_SHORT_FLAGS[alias];
        return name !== undefined && table[name] ? { name, owner: table[name] } : undefined;
    }
    const name = key.slice(2).split(".")[0].replace(/-/g, "_");
    if (name === "") return undefined;
    for (const candidate of [name, name.replace(/^no_/, "")]) {
        if (Object.hasOwn(table, candidate)) return { name: candidate, owner: table[candidate] };
    }
    // An abbreviation counts from its second word on (`--tensor-p`): a shorter one (`--a`) is
    // unique among the generated flags but ambiguous among vLLM's, which refuses it itself.
    if (!/^[^_]+_./.test(name)) return undefined;
    const abbreviated = Object.keys(table).filter((full) => full.startsWith(name));
    return abbreviated.length === 1 ? { name: abbreviated[0], owner: table[abbreviated[0]] } : undefined;
}

/** Refuses pass-through `--flags` (`field[i]`) that set a generated argument or a secret. */
export function checkPassThroughFlags(flags: readonly string[], field: string, table: GeneratedFlags, problems: ProblemList): void {
    flags.forEach((flag, i) => {
        const found = generatedFlagOf(flag, table);
        if (found === undefined) return;
        const spelled = flag.split("=")[0];
        const shown = spelled === `--${found.name.replace(/_/g, "-")}` ? spelled : `${spelled} (--${found.name.replace(/_/g, "-")})`;
        problems.add(`${field}[${i}]`, reason(shown, found.owner, "the pod spec"));
    });
}

/** Refuses pass-through engine keys (`field.key`, snake_case) that set a generated argument or a secret. */
export function checkPassThroughKeys(keys: readonly string[], field: string, table: GeneratedFlags, where: string, problems: ProblemList): void {
    for (const key of keys) {
        if (Object.hasOwn(table, key)) problems.add(`${field}.${key}`, reason(key, table[key], where));
    }
}

/**
 * Kubernetes expands `$(VAR)` in a container's `command` and `args`, and reduces `$$` to `$`
 * (core/v1 Container). Doubling every `$` makes a user's text reach the process exactly as
 * written, so it can never pull the pod's (Secret-backed) variables into a flag. Outputs are
 * escaped when known. Only for user text: generated references such as `$(LWS_LEADER_ADDRESS)`
 * are written unescaped.
 */
export function literalArg(value: string): string;
export function literalArg(value: Deferrable<string>): Deferrable<string>;
export function literalArg(value: Deferrable<string>): Deferrable<string> {
    return whenKnown([value], (known: string) => known.split("$").join("$$"));
}
