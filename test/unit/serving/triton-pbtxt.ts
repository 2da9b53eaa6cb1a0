/**
 * An independent reader for protobuf text format and a checker of Triton's `ModelConfig`
 * (`model_config.proto` in triton-inference-server/common): field names, scalar types, enum values,
 * repeated vs singular, maps. It covers the messages the library writes; any other field is an error.
 * Written separately from the library's writer, so a writer bug shows up here.
 */

export type Scalar = { kind: "string"; value: string } | { kind: "number"; text: string } | { kind: "ident"; text: string };
export interface Field {
    readonly name: string;
    readonly value: Scalar | Message | (Scalar | Message)[];
}
export interface Message {
    readonly kind: "message";
    readonly fields: Field[];
}

type Token = { t: "ident" | "number" | "string" | "punct"; v: string; at: number };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) i++;
        else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
        else if ("{}[]:,;<>".includes(c)) tokens.push({ t: "punct", v: c, at: i++ });
        else if (c === '"' || c === "'") {
            const start = i++;
            let s = "";
            while (text[i] !== c) {
                if (i >= text.length || text[i] === "\n") throw new Error(`unterminated string at ${start}`);
                if (text[i] === "\\") {
                    const n = text[++i];
                    const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };
                    if (!(n in map)) throw new Error(`unsupported escape \\${n} at ${i}`);
                    s += map[n];
                    i++;
                } else s += text[i++];
            }
            i++;
            tokens.push({ t: "string", v: s, at: start });
        } else {
            const m = /^(-?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)[fF]?|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
            if (!m) throw new Error(`unexpected '${c}' at ${i}`);
            tokens.push({ t: /^[A-Za-z_]/.test(m[1]) ? "ident" : "number", v: m[1], at: i });
            i += m[1].length;
        }
    }
    return tokens;
}

/** Parses text format into fields; throws on a syntax error. */
export function parsePbtxt(text: string): Message {
    const tokens = tokenize(text);
    let p = 0;
    const peek = () => tokens[p];
    const take = (v?: string): Token => {
        const tok = tokens[p++];
        if (!tok) throw new Error(`unexpected end of input${v ? `, expected '${v}'` : ""}`);
        if (v !== undefined && tok.v !== v) throw new Error(`expected '${v}' at ${tok.at}, got '${tok.v}'`);
        return tok;
    };
    const closing: Record<string, string> = { "{": "}", "<": ">" };

    function message(end: string | undefined): Message {
        const fields: Field[] = [];
        while (peek() && peek().v !== end) {
            const name = take();
            if (name.t !== "ident") throw new Error(`expected a field name at ${name.at}, got '${name.v}'`);
            let colon = false;
            if (peek()?.v === ":") {
                take(":");
                colon = true;
            }
            const next = peek();
            if (!next) throw new Error(`field '${name.v}' has no value`);
            let value: Field["value"];
            if (next.v === "[") {
                take("[");
                const items: (Scalar | Message)[] = [];
                while (peek()?.v !== "]") {
                    items.push(single(colon));
                    if (peek()?.v === ",") take(",");
                    else if (peek()?.v !== "]") throw new Error(`expected ',' or ']' at ${peek()?.at}`);
                }
                take("]");
                value = items;
            } else value = single(colon);
            fields.push({ name: name.v, value });
            if (peek()?.v === "," || peek()?.v === ";") take();
        }
        return { kind: "message", fields };
    }

    function single(colon: boolean): Scalar | Message {
        const tok = take();
        if (tok.v === "{" || tok.v === "<") {
            const m = message(closing[tok.v]);
            take(closing[tok.v]);
            return m;
        }
        if (!colon) throw new Error(`a scalar value needs ':' before it at ${tok.at}`);
        if (tok.t === "string") {
            let value = tok.v;
            while (peek()?.t === "string") value += take().v; // adjacent strings concatenate
            return { kind: "string", value };
        }
        if (tok.t === "number") return { kind: "number", text: tok.v };
        if (tok.t === "ident") return { kind: "ident", text: tok.v };
        throw new Error(`unexpected '${tok.v}' at ${tok.at}`);
    }

    const root = message(undefined);
    if (p !== tokens.length) throw new Error(`unexpected '${tokens[p].v}' at ${tokens[p].at}`);
    return root;
}

type FieldType = "string" | "bool" | "int32" | "int64" | "uint32" | "uint64" | { enum: readonly string[] } | { message: string } | { map: FieldType };
interface FieldSpec {
    readonly type: FieldType;
    readonly repeated?: boolean;
}

const DATA_TYPES = [
    "TYPE_INVALID",
    "TYPE_BOOL",
    "TYPE_UINT8",
    "TYPE_UINT16",
    "TYPE_UINT32",
    "TYPE_UINT64",
    "TYPE_INT8",
    "TYPE_INT16",
    "TYPE_INT32",
    "TYPE_INT64",
    "TYPE_FP16",
    "TYPE_FP32",
    "TYPE_FP64",
    "TYPE_STRING",
    "TYPE_BF16",
];

/** The messages of `model_config.proto` the library writes, with their field types. */
export const MODEL_CONFIG_SCHEMA: Record<string, Record<string, FieldSpec>> = {
    ModelConfig: {
        name: { type: "string" },
        platform: { type: "string" },
        backend: { type: "string" },
        runtime: { type: "string" },
        max_batch_size: { type: "int32" },
        input: { type: { message: "ModelInput" }, repeated: true },
        output: { type: { message: "ModelOutput" }, repeated: true },
        dynamic_batching: { type: { message: "ModelDynamicBatching" } },
        instance_group: { type: { message: "ModelInstanceGroup" }, repeated: true },
        default_model_filename: { type: "string" },
        cc_model_filenames: { type: { map: "string" } },
        metric_tags: { type: { map: "string" } },
        parameters: { type: { map: { message: "ModelParameter" } } },
        model_transaction_policy: { type: { message: "ModelTransactionPolicy" } },
        response_cache: { type: { message: "ModelResponseCache" } },
    },
    ModelInput: {
        name: { type: "string" },
        data_type: { type: { enum: DATA_TYPES } },
        format: { type: { enum: ["FORMAT_NONE", "FORMAT_NHWC", "FORMAT_NCHW"] } },
        dims: { type: "int64", repeated: true },
        reshape: { type: { message: "ModelTensorReshape" } },
        is_shape_tensor: { type: "bool" },
        allow_ragged_batch: { type: "bool" },
        optional: { type: "bool" },
        is_non_linear_format_io: { type: "bool" },
    },
    ModelOutput: {
        name: { type: "string" },
        data_type: { type: { enum: DATA_TYPES } },
        dims: { type: "int64", repeated: true },
        reshape: { type: { message: "ModelTensorReshape" } },
        label_filename: { type: "string" },
        is_shape_tensor: { type: "bool" },
        is_non_linear_format_io: { type: "bool" },
    },
    ModelTensorReshape: { shape: { type: "int64", repeated: true } },
    ModelInstanceGroup: {
        name: { type: "string" },
        kind: { type: { enum: ["KIND_AUTO", "KIND_GPU", "KIND_CPU", "KIND_MODEL"] } },
        count: { type: "int32" },
        gpus: { type: "int32", repeated: true },
        profile: { type: "string", repeated: true },
        passive: { type: "bool" },
        host_policy: { type: "string" },
    },
    ModelDynamicBatching: {
        preferred_batch_size: { type: "int32", repeated: true },
        max_queue_delay_microseconds: { type: "uint64" },
        preserve_ordering: { type: "bool" },
        priority_levels: { type: "uint64" },
        default_priority_level: { type: "uint64" },
        default_queue_policy: { type: { message: "ModelQueuePolicy" } },
    },
    ModelQueuePolicy: {
        timeout_action: { type: { enum: ["REJECT", "DELAY"] } },
        default_timeout_microseconds: { type: "uint64" },
        allow_timeout_override: { type: "bool" },
        max_queue_size: { type: "uint32" },
    },
    ModelParameter: { string_value: { type: "string" } },
    ModelTransactionPolicy: { decoupled: { type: "bool" } },
    ModelResponseCache: { enable: { type: "bool" } },
};

const INT_RANGE: Record<string, [bigint, bigint]> = {
    int32: [-(2n ** 31n), 2n ** 31n - 1n],
    int64: [-(2n ** 63n), 2n ** 63n - 1n],
    uint32: [0n, 2n ** 32n - 1n],
    uint64: [0n, 2n ** 64n - 1n],
};

function checkValue(v: Scalar | Message, type: FieldType, where: string, errors: string[]): void {
    if (typeof type === "object" && "message" in type) {
        if (v.kind !== "message") errors.push(`${where}: expected a ${type.message} message`);
        else checkMessage(v, type.message, where, errors);
        return;
    }
    if (typeof type === "object" && "map" in type) {
        if (v.kind !== "message") return void errors.push(`${where}: expected a map entry {key, value}`);
        const names = v.fields
            .map((f) => f.name)
            .sort()
            .join(",");
        if (names !== "key,value") return void errors.push(`${where}: a map entry has exactly key and value, got ${names}`);
        const key = v.fields.find((f) => f.name === "key")!.value;
        if (Array.isArray(key) || key.kind !== "string") errors.push(`${where}.key: expected a string`);
        const value = v.fields.find((f) => f.name === "value")!.value;
        if (Array.isArray(value)) errors.push(`${where}.value: not repeated`);
        else checkValue(value, type.map, `${where}.value`, errors);
        return;
    }
    if (v.kind === "message") return void errors.push(`${where}: expected a ${typeof type === "string" ? type : "enum"} value, got a message`);
    if (typeof type === "object") {
        if (v.kind !== "ident" || !type.enum.includes(v.text))
            errors.push(`${where}: '${v.kind === "string" ? v.value : v.text}' is not one of ${type.enum.join(", ")}`);
    } else if (type === "string") {
        if (v.kind !== "string") errors.push(`${where}: expected a quoted string`);
    } else if (type === "bool") {
        const ok =
            (v.kind === "ident" && ["true", "false", "True", "False", "t", "f"].includes(v.text)) || (v.kind === "number" && ["0", "1"].includes(v.text));
        if (!ok) errors.push(`${where}: expected true or false`);
    } else {
        if (v.kind !== "number" || !/^-?\d+$/.test(v.text)) return void errors.push(`${where}: expected an integer (${type})`);
        const n = BigInt(v.text);
        const [lo, hi] = INT_RANGE[type];
        if (n < lo || n > hi) errors.push(`${where}: ${v.text} is out of range for ${type}`);
    }
}

function checkMessage(m: Message, type: string, where: string, errors: string[]): void {
    const spec = MODEL_CONFIG_SCHEMA[type];
    const seen = new Set<string>();
    for (const f of m.fields) {
        const at = where ? `${where}.${f.name}` : f.name;
        const fs = spec[f.name];
        if (!fs) {
            errors.push(`${at}: no such field in ${type}`);
            continue;
        }
        const repeated = fs.repeated || (typeof fs.type === "object" && "map" in fs.type);
        if (!repeated && seen.has(f.name)) errors.push(`${at}: given twice, but it is not repeated`);
        seen.add(f.name);
        const values = Array.isArray(f.value) ? f.value : [f.value];
        if (Array.isArray(f.value) && !repeated) errors.push(`${at}: a list, but the field is not repeated`);
        values.forEach((v, i) => checkValue(v, fs.type, Array.isArray(f.value) ? `${at}[${i}]` : at, errors));
    }
}

/** Problems of a `config.pbtxt` against ModelConfig; empty when it is valid. Syntax errors are reported too. */
export function modelConfigErrors(text: string): string[] {
    let root: Message;
    try {
        root = parsePbtxt(text);
    } catch (err) {
        return [`syntax: ${(err as Error).message}`];
    }
    const errors: string[] = [];
    checkMessage(root, "ModelConfig", "", errors);
    const scheduling = root.fields.filter((f) => ["dynamic_batching", "sequence_batching", "ensemble_scheduling"].includes(f.name));
    if (scheduling.length > 1) errors.push("scheduling_choice is a oneof: give one of dynamic_batching, sequence_batching, ensemble_scheduling");
    return errors;
}

/** A parsed config as plain values, for assertions: repeated fields become arrays, maps objects. */
export function toPlain(m: Message): Record<string, any> {
    const out: Record<string, any> = {};
    const plain = (v: Scalar | Message): any =>
        v.kind === "message" ? toPlain(v) : v.kind === "string" ? v.value : v.kind === "number" ? Number(v.text) : v.text;
    for (const f of m.fields) {
        const values = (Array.isArray(f.value) ? f.value : [f.value]).map(plain);
        out[f.name] = f.name in out ? [...[out[f.name]].flat(), ...values] : Array.isArray(f.value) ? values : values[0];
    }
    return out;
}
