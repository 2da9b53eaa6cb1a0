/**
 * The generated serving.properties, read back with an independent parser of the
 * java.util.Properties format (what DJLServing loads it with) and checked against the keys and
 * value types the DJL/LMI docs list (serving/docs/lmi/deployment_guide/configurations.md,
 * serving/docs/configurations_model.md, the LMI 0.27 DeepSpeed user guide).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { djlConfigData, resolveDjlArgs } from "../../../src/serving/djl";
import { expectArgError } from "../../support/mocks";
import type { DjlServingServiceArgs } from "../../../src/serving/djl/args";

/** java.util.Properties.load: comments, continuation lines, key separators, escapes. */
function parseProperties(text: string): Map<string, string> {
    const physical = text.split(/\r\n|\r|\n/);
    const logical: string[] = [];
    let pending = "";
    for (const raw of physical) {
        const line = raw.replace(/^[ \t\f]+/, "");
        if (pending === "" && (line === "" || line.startsWith("#") || line.startsWith("!"))) continue;
        const trailing = /(\\*)$/.exec(line)![1].length;
        if (trailing % 2 === 1) {
            pending += line.slice(0, -1);
            continue;
        }
        logical.push(pending + line);
        pending = "";
    }
    const unescape = (s: string) =>
        s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
            c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (({ t: "\t", n: "\n", r: "\r", f: "\f" } as Record<string, string>)[c] ?? c),
        );
    const out = new Map<string, string>();
    for (const line of logical) {
        let i = 0;
        while (i < line.length && !"=: \t\f".includes(line[i])) i += line[i] === "\\" ? 2 : 1;
        const key = line.slice(0, i);
        let rest = line.slice(i).replace(/^[ \t\f]*/, "");
        if (rest.startsWith("=") || rest.startsWith(":")) rest = rest.slice(1).replace(/^[ \t\f]*/, "");
        if (out.has(unescape(key))) throw new Error(`duplicate key ${unescape(key)}`);
        out.set(unescape(key), unescape(rest));
    }
    return out;
}

const bool = (v: string) => v === "true" || v === "false";
const int = (v: string) => /^[1-9]\d*$/.test(v);
/** Keys and value types from the DJL docs. */
const KEYS: Record<string, (v: string) => boolean> = {
    engine: (v) => ["Python", "MPI"].includes(v),
    "option.model_id": (v) => v.length > 0,
    "option.entryPoint": (v) => /^djl_python\.\w+$/.test(v) || /^\w+\.py$/.test(v),
    "option.rolling_batch": (v) => ["auto", "vllm", "lmi-dist", "trtllm", "deepspeed", "disable"].includes(v),
    "option.tensor_parallel_degree": (v) => int(v) || v === "max",
    "option.dtype": (v) => ["fp16", "bf16", "fp32", "int8"].includes(v),
    "option.model_loading_timeout": int,
    "option.parallel_loading": bool,
    "option.max_rolling_batch_size": int,
    "option.trust_remote_code": bool,
    "option.revision": (v) => v.length > 0,
    "option.max_tokens": int,
    "option.predict_timeout": int,
    "option.quantize": (v) => ["smoothquant", "dynamic_int8"].includes(v),
    job_queue_size: int,
    max_batch_delay: int,
};
/** Launch rules: which rolling batch runs in which engine (LMI "Inference Library Configuration"). */
const ENGINE_OF_ROLLING_BATCH: Record<string, string> = { vllm: "Python", "lmi-dist": "MPI", trtllm: "MPI", deepspeed: "MPI" };

function check(props: Map<string, string>): string[] {
    const problems: string[] = [];
    for (const [k, v] of props) {
        const valid = KEYS[k];
        if (!valid) problems.push(`unknown key ${k}`);
        else if (!valid(v)) problems.push(`bad value ${k}=${v}`);
    }
    if (!props.has("option.model_id")) problems.push("option.model_id missing");
    const rb = props.get("option.rolling_batch");
    if (rb && ENGINE_OF_ROLLING_BATCH[rb] && props.get("engine") !== ENGINE_OF_ROLLING_BATCH[rb]) {
        problems.push(`rolling batch ${rb} runs with engine=${ENGINE_OF_ROLLING_BATCH[rb]}`);
    }
    if (!rb && !props.get("option.entryPoint")?.endsWith(".py")) problems.push("neither a rolling batch nor a custom handler");
    return problems;
}

const volume = { claimName: "bloom", namespace: "llm", mountPath: "/mnt/models", subPath: "", readOnly: true };
function propertiesOf(args: DjlServingServiceArgs) {
    const data = djlConfigData(resolveDjlArgs("bloom", args));
    const props = parseProperties(data["serving.properties"]);
    assert.deepEqual(check(props), []);
    return { props, data };
}

describe("serving.properties", () => {
    test("the source document's DeepSpeed configuration", () => {
        const { props, data } = propertiesOf({
            namespace: "llm",
            engine: "deepspeed",
            handler: { builtIn: "deepspeed-bloom" },
            model: { source: { volume, path: "bloom-7b1" }, tensorParallelDegree: 2, dtype: "fp16", parallelLoading: true, loadingTimeoutSeconds: 600 },
        });
        assert.deepEqual(Object.fromEntries(props), {
            engine: "MPI",
            "option.model_id": "/mnt/models/bloom-7b1",
            "option.entryPoint": "model.py",
            "option.tensor_parallel_degree": "2",
            "option.dtype": "fp16",
            "option.model_loading_timeout": "600",
            "option.parallel_loading": "true",
        });
        assert.ok(data["model.py"].includes("deepspeed.init_inference("));
    });

    test("DeepSpeed without a handler uses LMI 0.27's djl_python.deepspeed with its rolling batch", () => {
        const { props } = propertiesOf({ namespace: "llm", engine: "deepspeed", model: { source: { volume } } });
        assert.equal(props.get("option.entryPoint"), "djl_python.deepspeed");
        assert.equal(props.get("option.rolling_batch"), "deepspeed");
    });

    test("vLLM, lmi-dist and TensorRT-LLM rolling batch", () => {
        const v = propertiesOf({
            namespace: "llm",
            model: { source: { huggingFaceId: "bigscience/bloom-560m" }, maxRollingBatchSize: 64, revision: "main" },
        }).props;
        assert.equal(v.get("engine"), "Python");
        assert.equal(v.get("option.rolling_batch"), "vllm");
        assert.equal(v.get("option.model_id"), "bigscience/bloom-560m");
        assert.equal(v.get("option.max_rolling_batch_size"), "64");
        assert.equal(propertiesOf({ namespace: "llm", engine: "lmi-dist", model: { source: { volume } } }).props.get("engine"), "MPI");
        const t = propertiesOf({
            namespace: "llm",
            engine: "trtllm",
            image: "deepjavalibrary/djl-serving:0.29.0-tensorrt-llm",
            model: { source: { volume }, tensorParallelDegree: 4 },
        }).props;
        assert.equal(t.get("option.rolling_batch"), "trtllm");
        assert.equal(t.get("option.tensor_parallel_degree"), "4");
    });

    test("extra properties are kept; values with special characters survive the round trip", () => {
        const weird = { claimName: "m", namespace: "llm", mountPath: "/mnt/my models", subPath: "a=b:c", readOnly: true };
        const { props } = propertiesOf({
            namespace: "llm",
            model: { source: { volume: weird, path: "#ünï\\x" }, properties: { "option.max_tokens": "2048", job_queue_size: "100" } },
        });
        assert.equal(props.get("option.model_id"), "/mnt/my models/a=b:c/#ünï\\x");
        assert.equal(props.get("option.max_tokens"), "2048");
        assert.equal(props.get("job_queue_size"), "100");
    });

    test("the checker rejects what DJLServing would not take (it can fail)", () => {
        assert.deepEqual(check(parseProperties("engine=Python\noption.model_id=x\noption.rolling_batch=lmi-dist\n")), [
            "rolling batch lmi-dist runs with engine=MPI",
        ]);
        assert.deepEqual(check(parseProperties("engine=Python\noption.model_id=x\noption.rolling_batch=vllm\noption.tensor_parallel_degre=2\n")), [
            "unknown key option.tensor_parallel_degre",
        ]);
        assert.deepEqual(check(parseProperties("engine = Python\noption.model_id : x\noption.rolling_batch=vllm\noption.dtype=float16\n")), [
            "bad value option.dtype=float16",
        ]);
        assert.equal(parseProperties("a=1\\\n   2\n# c\n").get("a"), "12");
    });

    describe("model.properties: every key is read by what runs it (LMI 0.27 for engine 'deepspeed'), or refused naming it", () => {
        const deepspeed = (properties: Record<string, string>, handler?: DjlServingServiceArgs["handler"]): DjlServingServiceArgs => ({
            namespace: "llm",
            engine: "deepspeed",
            ...(handler ? { handler } : {}),
            model: { source: { volume }, tensorParallelDegree: 2, properties },
        });

        test("LMI 0.27's DeepSpeed handler and model server keys are written", () => {
            const { props } = propertiesOf(
                deepspeed({ "option.max_tokens": "2048", "option.quantize": "dynamic_int8", job_queue_size: "100", max_batch_delay: "100" }),
            );
            assert.equal(props.get("option.max_tokens"), "2048");
            assert.equal(props.get("option.quantize"), "dynamic_int8");
            assert.equal(props.get("job_queue_size"), "100");
        });

        test("keys the DeepSpeed handler or the model server ignore are refused, each named", () => {
            const err = expectArgError(
                () => resolveDjlArgs("bloom", deepspeed({ "option.waiting_steps": "4", "option.device": "1", queue_size: "5", "option.mpi_mode": "false" })),
                "model.properties.option.waiting_steps",
            );
            assert.deepEqual(err.errors.map((e) => e.propertyPath).sort(), [
                "model.properties.option.device",
                "model.properties.option.mpi_mode",
                "model.properties.option.waiting_steps",
                "model.properties.queue_size",
            ]);
            assert.match(err.errors.find((e) => e.propertyPath === "model.properties.queue_size")!.reason, /DJLServing 0\.27 ignores this key/);
        });

        test("the library's deepspeed-bloom handler reads only the written keys: other option keys are refused", () => {
            const err = expectArgError(
                () => resolveDjlArgs("bloom", deepspeed({ "option.max_tokens": "2048" }, { builtIn: "deepspeed-bloom" })),
                "model.properties.option.max_tokens",
            );
            assert.match(err.errors[0].reason, /'deepspeed-bloom' handler ignores it/);
            // Keys DJLServing's Java side reads still work with it.
            assert.equal(
                propertiesOf(deepspeed({ "option.predict_timeout": "120" }, { builtIn: "deepspeed-bloom" })).props.get("option.predict_timeout"),
                "120",
            );
        });

        test("a handler of your own reads what it likes: its option keys are written", () => {
            const source = "def handle(inputs):\n    return None\n";
            const data = djlConfigData(resolveDjlArgs("bloom", deepspeed({ "option.my_setting": "on" }, { source })));
            assert.match(data["serving.properties"], /^option\.my_setting=on$/m);
        });
    });
});
