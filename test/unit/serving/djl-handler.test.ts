/**
 * The DeepSpeed handler the library ships, run by Python against small stand-ins for torch,
 * deepspeed, transformers and djl_python (the `Input`/`Output` methods DJLServing's own
 * djl_python/deepspeed.py handler uses: get_properties, is_empty, get_as_json, add_as_json, error).
 * No GPU or model is needed: the stand-ins record what the handler asks of each library.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const HANDLER = path.resolve(__dirname, "../../../src/serving/djl/handlers/deepspeed_bloom.py");

const STUBS: Record<string, string> = {
    "torch.py": `
import contextlib
float16, bfloat16, float32 = "float16", "bfloat16", "float32"
CALLS = []
class cuda:
    @staticmethod
    def set_device(i): CALLS.append(("set_device", i))
    @staticmethod
    def current_device(): return 0
no_grad = contextlib.nullcontext
`,
    "deepspeed.py": `
CALLS = []
class Engine:
    def __init__(self, model): self.module = model
    def generate(self, **kw):
        CALLS.append(("generate", kw))
        return [ids + [99] for ids in kw["input_ids"]]
def init_inference(model, **kw):
    CALLS.append(("init_inference", kw))
    return Engine(model)
`,
    "transformers.py": `
CALLS = []
class Batch(dict):
    def to(self, device): return self
class AutoTokenizer:
    @staticmethod
    def from_pretrained(model_id, **kw):
        CALLS.append(("tokenizer", model_id, kw))
        return AutoTokenizer()
    pad_token = None
    eos_token = "</s>"
    padding_side = "right"
    def __call__(self, prompts, return_tensors, padding):
        return Batch(input_ids=[[len(p)] for p in prompts], attention_mask=[[1] for p in prompts])
    def batch_decode(self, output, skip_special_tokens):
        return ["out-" + "-".join(str(t) for t in ids) for ids in output]
class AutoModelForCausalLM:
    @staticmethod
    def from_pretrained(model_id, **kw):
        CALLS.append(("model", model_id, kw))
        return AutoModelForCausalLM()
    def eval(self): return self
`,
    "djl_python/__init__.py": `
import json
class Input:
    def __init__(self, properties, body=None):
        self._p, self._b = properties, body
    def get_properties(self): return self._p
    def is_empty(self): return self._b is None
    def get_as_json(self): return json.loads(self._b)
class Output:
    def __init__(self): self.content, self.code = None, 200
    def add_as_json(self, v):
        self.content = v
        return self
    def error(self, message, code=424):
        self.content, self.code = message, code
        return self
`,
};

const DRIVER = `
import importlib.util, json, sys
import torch, deepspeed, transformers
from djl_python import Input
spec = importlib.util.spec_from_file_location("model", sys.argv[1])
handler = importlib.util.module_from_spec(spec)
spec.loader.exec_module(handler)
props = {"model_id": "/mnt/models/bloom-7b1", "tensor_parallel_degree": "2", "dtype": "fp16", **json.loads(sys.argv[2])}
warm = handler.handle(Input(props))
one = handler.handle(Input(props, json.dumps({"inputs": "Hello", "parameters": {"max_new_tokens": 8}})))
two = handler.handle(Input(props, json.dumps({"inputs": ["a", "bb"]})))
bad = handler.handle(Input(props, json.dumps({"prompt": "x"})))
print(json.dumps({
    "warm": warm,
    "one": one.content, "two": two.content, "bad": [bad.code, bad.content],
    "torch": torch.CALLS, "deepspeed": deepspeed.CALLS, "transformers": transformers.CALLS,
}))
`;

/** Runs the handler with the stand-ins; `extra` are further properties (as DJLServing passes them: `option.` stripped, strings). */
function runHandler(extra: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djl-handler-"));
    for (const [file, text] of Object.entries(STUBS)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }
    fs.writeFileSync(path.join(dir, "driver.py"), DRIVER);
    const res = spawnSync("python3", [path.join(dir, "driver.py"), HANDLER, JSON.stringify(extra)], {
        encoding: "utf8",
        env: { ...process.env, PYTHONPATH: dir, LOCAL_RANK: "1" },
    });
    assert.equal(res.status, 0, res.stderr);
    return JSON.parse(res.stdout);
}

test("the DeepSpeed handler loads once, shards with init_inference(mp_size=2, fp16, kernel injection) and generates", () => {
    const out = runHandler();

    assert.equal(out.warm, null, "the warm-up request (empty input) returns nothing");
    assert.deepEqual(out.torch, [["set_device", 1]], "each MPI rank binds its own GPU, once");
    const init = out.deepspeed.filter((c: any[]) => c[0] === "init_inference");
    assert.deepEqual(init, [["init_inference", { mp_size: 2, dtype: "float16", replace_with_kernel_inject: true }]]);
    assert.deepEqual(
        out.transformers.filter((c: any[]) => c[0] === "model"),
        [["model", "/mnt/models/bloom-7b1", { torch_dtype: "float16", low_cpu_mem_usage: true, revision: null, trust_remote_code: false }]],
    );
    assert.deepEqual(out.one, [{ generated_text: "out-5-99" }]);
    assert.deepEqual(out.two, [{ generated_text: "out-1-99" }, { generated_text: "out-2-99" }]);
    const firstGenerate = out.deepspeed.find((c: any[]) => c[0] === "generate")[1];
    assert.equal(firstGenerate.max_new_tokens, 8);
    assert.equal(out.bad[0], 424);
    assert.match(out.bad[1], /bad request/);
});

test("the written option.revision and option.trust_remote_code take effect: the handler passes them to the tokenizer and the model", () => {
    const out = runHandler({ revision: "4ab2d9c", trust_remote_code: "true" });
    const hub = { revision: "4ab2d9c", trust_remote_code: true };
    assert.deepEqual(
        out.transformers.filter((c: any[]) => c[0] !== "model"),
        [["tokenizer", "/mnt/models/bloom-7b1", hub]],
    );
    assert.deepEqual(out.transformers.find((c: any[]) => c[0] === "model")[2], { torch_dtype: "float16", low_cpu_mem_usage: true, ...hub });
});
