import type { GeneratedFlags } from "../common/engine-flags";
import type { ProblemList } from "../../core/validation";
import type { DjlArgsParsed, DjlEngine } from "./args";

/** How each backend is launched (`engine`) and which rolling batch it uses (LMI configuration docs). */
const BACKENDS: Record<DjlEngine, { engine: "Python" | "MPI"; rollingBatch: string }> = {
    // LMI 0.27 DeepSpeed user guide: engine=MPI, option.entryPoint=djl_python.deepspeed, option.rolling_batch=deepspeed.
    deepspeed: { engine: "MPI", rollingBatch: "deepspeed" },
    vllm: { engine: "Python", rollingBatch: "vllm" },
    "lmi-dist": { engine: "MPI", rollingBatch: "lmi-dist" },
    trtllm: { engine: "MPI", rollingBatch: "trtllm" },
};

export const HANDLER_FILE = "model.py";

/** Keys this library writes, with the typed argument that sets each; `model.properties` may not set them again. */
export const GENERATED_KEYS: GeneratedFlags = {
    engine: { argument: "engine" },
    "option.model_id": { argument: "model.source" },
    "option.entryPoint": { argument: "handler (or engine 'deepspeed')" },
    "option.rolling_batch": { argument: "engine" },
    "option.tensor_parallel_degree": { argument: "model.tensorParallelDegree" },
    "option.dtype": { argument: "model.dtype" },
    "option.model_loading_timeout": { argument: "model.loadingTimeoutSeconds" },
    "option.parallel_loading": { argument: "model.parallelLoading" },
    "option.max_rolling_batch_size": { argument: "model.maxRollingBatchSize" },
    "option.trust_remote_code": { argument: "model.trustRemoteCode" },
    "option.revision": { argument: "model.revision" },
};

/** The `serving.properties` entries, in file order. */
export function servingPropertyEntries(args: DjlArgsParsed, modelId: string, customHandler: boolean): [string, string][] {
    const backend = BACKENDS[args.engine];
    const m = args.model;
    const out: [string, string][] = [
        ["engine", backend.engine],
        ["option.model_id", modelId],
    ];
    if (customHandler) out.push(["option.entryPoint", HANDLER_FILE]);
    else {
        if (args.engine === "deepspeed") out.push(["option.entryPoint", "djl_python.deepspeed"]);
        out.push(["option.rolling_batch", backend.rollingBatch]);
    }
    out.push(
        ["option.tensor_parallel_degree", String(m.tensorParallelDegree)],
        ["option.dtype", m.dtype],
        ["option.model_loading_timeout", String(m.loadingTimeoutSeconds)],
        ["option.parallel_loading", String(m.parallelLoading)],
    );
    if (m.maxRollingBatchSize !== undefined) out.push(["option.max_rolling_batch_size", String(m.maxRollingBatchSize)]);
    if (m.trustRemoteCode) out.push(["option.trust_remote_code", "true"]);
    if (m.revision !== undefined) out.push(["option.revision", m.revision]);
    for (const key of Object.keys(m.properties).sort()) out.push([key, m.properties[key]]);
    return out;
}

/** java.util.Properties escaping: backslash escapes, `\uXXXX` outside printable ASCII. */
function escape(text: string, isKey: boolean): string {
    let out = "";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        const code = text.charCodeAt(i);
        if (c === "\\") out += "\\\\";
        else if (c === "\n") out += "\\n";
        else if (c === "\r") out += "\\r";
        else if (c === "\t") out += "\\t";
        else if (c === "\f") out += "\\f";
        else if ((isKey || i === 0) && c === " ") out += "\\ ";
        else if ((isKey || i === 0) && "=:#!".includes(c)) out += `\\${c}`;
        else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
        else out += c;
    }
    return out;
}

/** The file DJLServing reads from the model directory. */
export function servingPropertiesText(entries: readonly [string, string][]): string {
    return entries.map(([k, v]) => `${escape(k, true)}=${escape(v, false)}`).join("\n") + "\n";
}

/**
 * Keys without the `option.` prefix that DJLServing's model server reads (djl-serving v0.27.0
 * `wlm/.../ModelInfo.java`: configPerModelSettings, getWorkersMinMaxProperty with the
 * `<device type>.` prefixes, checkAvailableMemory, the retry threshold, request metrics and their
 * aggregation).
 * Any other such key is ignored by DJLServing.
 */
export const SERVER_KEYS: readonly string[] = [
    "job_queue_size",
    "batch_size",
    "max_dynamic_batch_size",
    "max_batch_delay",
    "max_idle_time",
    "load_on_devices",
    ...["", "gpu.", "cpu.", "nc."].flatMap((device) => [`${device}minWorkers`, `${device}maxWorkers`]),
    "required_memory_mb",
    "reserved_memory_mb",
    "retry_threshold",
    "log_request_metric",
    "metrics_aggregation",
];

/** `option.` keys the Python engine's Java side reads whatever the handler (djl-serving v0.27.0 `engines/python/.../PyModel.java` load()). */
export const PYTHON_ENGINE_OPTIONS: readonly string[] = ["pythonExecutable", "env", "predict_timeout", "handler", "enable_venv"];

/**
 * `option.` keys LMI 0.27's built-in DeepSpeed handler (`djl_python.deepspeed`) reads: the fields
 * of `properties_manager/properties.py` Properties and `ds_properties.py` DeepSpeedProperties that
 * deepspeed.py uses (`deepspeed_config_path` is ds_config's alias), and `max_tokens` (also read raw).
 * Not listed, so refused: `device` (replaced by LOCAL_RANK), `waiting_steps`, `draft_model_id` and
 * `spec_length` (accepted by the pydantic model, never passed on by deepspeed.py).
 */
export const DEEPSPEED_HANDLER_OPTIONS: readonly string[] = [
    "enable_streaming",
    "output_formatter",
    "quantize",
    "max_tokens",
    "low_cpu_mem_usage",
    "task",
    "enable_cuda_graph",
    "triangular_masking",
    "smoothquant_alpha",
    "return_tuple",
    "training_mp_size",
    "checkpoint",
    "save_mp_checkpoint_path",
    "deepspeed_config_path",
];

/**
 * `model.properties` keys the shipped handler would ignore, refused with the field named. Checked
 * where the reader is known: the DeepSpeed engine (LMI 0.27's server, its built-in handler or the
 * library's `deepspeed-bloom`, which reads only the keys the component writes). A handler of your
 * own (`handler.source`) reads what it likes, and current LMI's vLLM properties pass unknown
 * `option.` keys to vLLM (`vllm_rb_properties.py`, `extra='allow'`), so those are not checked.
 */
export function checkReadProperties(args: DjlArgsParsed, problems: ProblemList): void {
    if (args.engine !== "deepspeed" || args.handler?.source !== undefined) return;
    const builtIn = args.handler?.builtIn;
    const reader = builtIn !== undefined ? `the library's '${builtIn}' handler` : "LMI 0.27's DeepSpeed handler (djl_python.deepspeed)";
    for (const key of Object.keys(args.model.properties)) {
        if (key in GENERATED_KEYS) continue; // refused already: set by a typed argument
        const field = `model.properties.${key}`;
        if (!key.startsWith("option.")) {
            if (!SERVER_KEYS.includes(key)) {
                problems.add(
                    field,
                    `DJLServing 0.27 ignores this key (the model server reads ${SERVER_KEYS.join(", ")}; handler settings take the 'option.' prefix)`,
                );
            }
            continue;
        }
        const option = key.slice("option.".length);
        if (option === "mpi_mode") {
            problems.add(field, "set by DJLServing itself for engine 'deepspeed' (engine=MPI overrides it)");
        } else if (!PYTHON_ENGINE_OPTIONS.includes(option) && (builtIn !== undefined || !DEEPSPEED_HANDLER_OPTIONS.includes(option))) {
            problems.add(
                field,
                builtIn !== undefined
                    ? `${reader} ignores it (it reads only the keys the component writes: use the typed arguments), so it would change nothing; give your own handler.source to read it`
                    : `${reader} ignores it (it reads ${DEEPSPEED_HANDLER_OPTIONS.map((o) => `option.${o}`).join(", ")}), so it would change nothing`,
            );
        }
    }
}
