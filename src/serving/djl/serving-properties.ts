import type { GeneratedFlags } from "../common/engine-flags";
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
