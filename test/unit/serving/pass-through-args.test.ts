/**
 * Issue 17 §3 and §2: pass-through engine arguments never override what a component generates
 * nor carry secrets (refused on the field, before anything is registered), and user text in
 * container args reaches the process literally (Kubernetes expands no `$(VAR)` in it).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { expectArgError, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import {
    ACCEPTED_FLAGS,
    CORE_ENGINE_KEYS,
    CORE_FLAG_CASES,
    SECRET_ENGINE_KEYS,
    SECRET_FLAG_CASES,
    VARIABLE_TEXT,
    type FlagCase,
} from "../../support/pass-through-cases";
import type { ModelVolumeRef } from "../../../src/core/model-volume";
import type { VllmInferenceServiceArgs } from "../../../src/serving/vllm/args";
import type { DistributedServingArgs } from "../../../src/serving/distributed";
import type { TritonInferenceServiceArgs } from "../../../src/serving/triton";
import type { RayLLMAppArgs } from "../../../src/serving/ray/args";
import type { DjlServingServiceArgs } from "../../../src/serving/djl/args";
import { DISTRIBUTED_FLAGS, generatedFlagOf, literalArg, VLLM_SERVICE_FLAGS } from "../../../src/serving/common/engine-flags";

const { mocks, vllm, dist, triton, ray, djl } = loadUnderMocks(["vllm", "dist", "triton", "ray", "djl"]);

/** A pool of 8-GPU nodes, for DistributedServing. */
const pool = { nodeSelector: { pool: "h100" }, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpusPerNode: 8, gpuMemoryGiB: 80 };

/** Refused on `path`, with a reason matching `reason`, and nothing registered. */
function refused(component: string, construct: () => unknown, path: string, reason: RegExp): void {
    const before = mocks.registered.length;
    const err = expectArgError(construct, path);
    assert.match(err.message, new RegExp(`invalid arguments for ${component}`));
    const found = err.errors.find((e) => e.propertyPath === path)!;
    assert.match(found.reason, reason);
    assert.equal(mocks.registered.length, before, "nothing registered");
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The typed argument each core flag's message names, per component. */
const VLLM_CORE: Record<string, string> = {
    model: "model.source",
    tensor_parallel_size: "parallelism.tensor",
    pipeline_parallel_size: "parallelism.pipeline",
    dtype: "model.dtype",
    max_model_len: "model.maxModelLen",
    gpu_memory_utilization: "model.gpuMemoryUtilization",
};
const DISTRIBUTED_CORE: Record<string, string> = { ...VLLM_CORE, tensor_parallel_size: "parallelism.tensor", pipeline_parallel_size: "parallelism.pipeline" };

const VLLM_ONLY: FlagCase[] = [
    ["--served-model-name=other", "served_model_name"],
    ["--served_model_name=other", "served_model_name"],
    ["--quantization=awq", "quantization"],
    ["--kv-cache-dtype=fp8", "kv_cache_dtype"],
    ["--enable-prefix-caching", "enable_prefix_caching"],
    ["--no-enable-prefix-caching", "enable_prefix_caching"],
    ["--enable-lora", "enable_lora"],
    ["--max-loras=4", "max_loras"],
    ["--lora-modules=sql=/mnt/sql", "lora_modules"],
    ["--max-lora-rank=64", "max_lora_rank"],
    ["--model_name=other", "model_name"],
    ["--backend=transformers", "backend"],
];
const VLLM_NAMED: Record<string, RegExp> = {
    served_model_name: /model\.servedModelName/,
    quantization: /model\.quantization/,
    kv_cache_dtype: /model\.kvCacheDtype/,
    enable_prefix_caching: /model\.enablePrefixCaching/,
    enable_lora: /model\.loraAdapters/,
    max_loras: /model\.loraAdapters/,
    lora_modules: /model\.loraAdapters/,
    max_lora_rank: /model\.maxLoraRank/,
    model_name: /model\.servedModelName/,
    backend: /set by the component/,
};
const DISTRIBUTED_ONLY: [string, RegExp][] = [
    ["--served-model-name=other", /model\.servedModelName/],
    ["--port=9000", /set by the component .*cannot be overridden/],
    ["--nnodes=4", /generated from nodes/],
    ["--node-rank=1", /set by the component .*worker index/],
    ["--master-addr=10.0.0.1", /set by the component/],
    ["--master_port=29501", /set by the component/],
    ["--headless", /set by the component/],
    ["--distributed-executor-backend=ray", /multiprocessing/],
];

describe("VllmInferenceService: model.extraArgs may not override generated flags", () => {
    const ok: VllmInferenceServiceArgs = { namespace: "llm", model: { source: { volume, path: "bloom" } } };
    const withExtra = (flag: string, mode: "kserve" | "deployment" = "deployment"): VllmInferenceServiceArgs => ({
        ...ok,
        mode,
        model: { ...ok.model, extraArgs: ["--max-num-seqs=8", flag] },
    });
    for (const [flag, sets] of CORE_FLAG_CASES) {
        test(`${flag} -> model.extraArgs[1] names ${VLLM_CORE[sets]}`, () => {
            refused(
                "VllmInferenceService",
                () => new vllm.VllmInferenceService("bloom", withExtra(flag)),
                "model.extraArgs[1]",
                new RegExp(`generated from ${escape(VLLM_CORE[sets])}; set that argument instead`),
            );
        });
    }
    for (const [flag, sets] of VLLM_ONLY) {
        test(`${flag} -> model.extraArgs[1] names ${VLLM_NAMED[sets]}`, () => {
            refused("VllmInferenceService", () => new vllm.VllmInferenceService("bloom", withExtra(flag, "kserve")), "model.extraArgs[1]", VLLM_NAMED[sets]);
        });
    }
    test("--port is the component's: refused, saying it cannot be overridden", () => {
        refused(
            "VllmInferenceService",
            () => new vllm.VllmInferenceService("bloom", withExtra("--port=9000")),
            "model.extraArgs[1]",
            /--port is set by the component \(.*8000\); it cannot be overridden/,
        );
    });
    for (const [flag, pointsTo] of SECRET_FLAG_CASES) {
        test(`secret ${flag} -> model.extraArgs[1] points to ${pointsTo}`, () => {
            refused(
                "VllmInferenceService",
                () => new vllm.VllmInferenceService("bloom", withExtra(flag)),
                "model.extraArgs[1]",
                new RegExp(`secret in plain text in the pod spec; use ${pointsTo}`),
            );
        });
    }
    test("the message names the spelling given and the flag it sets (the issue's example)", () => {
        const err = expectArgError(
            () => vllm.resolveVllmArgs("bloom", { ...ok, model: { ...ok.model, extraArgs: ["--a=1", "--b=2", "--tensor_parallel_size=2"] } }),
            "model.extraArgs[2]",
        );
        assert.equal(err.errors[0].reason, "--tensor_parallel_size (--tensor-parallel-size) is generated from parallelism.tensor; set that argument instead");
    });
    test("every refused flag is named at once", () => {
        const err = expectArgError(
            () => vllm.resolveVllmArgs("bloom", { ...ok, model: { ...ok.model, extraArgs: ["--dtype=half", "--max-num-seqs=8", "--api-key=x"] } }),
            "model.extraArgs[0]",
        );
        assert.deepEqual(
            err.errors.map((e) => e.propertyPath),
            ["model.extraArgs[0]", "model.extraArgs[2]"],
        );
    });
    test("a short alias (-tp) is refused already by the schema: every element starts with --", () => {
        refused("VllmInferenceService", () => new vllm.VllmInferenceService("bloom", withExtra("-tp=2")), "model.extraArgs[1]", /starting with --/);
    });
    test("flags the component does not generate are accepted and rendered as given", () => {
        const r = vllm.resolveVllmArgs("bloom", { ...ok, model: { ...ok.model, extraArgs: [...ACCEPTED_FLAGS] } });
        const args = vllm.vllmEngineArgs(r);
        assert.deepEqual(args.slice(-ACCEPTED_FLAGS.length), ACCEPTED_FLAGS);
    });
});

describe("DistributedServing: model.extraArgs may not override generated flags", () => {
    const ok: DistributedServingArgs = { namespace: "llm", nodes: 2, gpuPool: pool, model: { source: { volume, path: "llama" } } };
    const withExtra = (flag: string): DistributedServingArgs => ({ ...ok, model: { ...ok.model!, extraArgs: ["--max-num-seqs=8", flag] } });
    for (const [flag, sets] of CORE_FLAG_CASES) {
        test(`${flag} -> model.extraArgs[1] names ${DISTRIBUTED_CORE[sets]}`, () => {
            refused(
                "DistributedServing",
                () => new dist.DistributedServing("llama", withExtra(flag)),
                "model.extraArgs[1]",
                new RegExp(`generated from ${escape(DISTRIBUTED_CORE[sets])}`),
            );
        });
    }
    for (const [flag, reason] of DISTRIBUTED_ONLY) {
        test(`${flag} -> model.extraArgs[1]`, () => {
            refused("DistributedServing", () => new dist.DistributedServing("llama", withExtra(flag)), "model.extraArgs[1]", reason);
        });
    }
    for (const [flag, pointsTo] of SECRET_FLAG_CASES) {
        test(`secret ${flag} -> model.extraArgs[1] points to ${pointsTo}`, () => {
            refused("DistributedServing", () => new dist.DistributedServing("llama", withExtra(flag)), "model.extraArgs[1]", new RegExp(`use ${pointsTo}`));
        });
    }
});

describe("TritonInferenceService: model.vllm.engineArgs may not override model.json's generated keys", () => {
    const ok: TritonInferenceServiceArgs = { namespace: "llm", backend: "vllm", model: { source: { volume, path: "qwen" } } };
    const withKey = (key: string): TritonInferenceServiceArgs => ({ ...ok, model: { ...ok.model!, vllm: { engineArgs: { max_num_seqs: 8, [key]: "x" } } } });
    const named: Record<string, string> = {
        model: "model.source",
        tensor_parallel_size: "parallelism.tensor",
        pipeline_parallel_size: "parallelism.pipeline",
        dtype: "model.vllm.dtype",
        max_model_len: "model.vllm.maxModelLen",
        gpu_memory_utilization: "model.vllm.gpuMemoryUtilization",
    };
    for (const key of CORE_ENGINE_KEYS) {
        test(`${key} -> model.vllm.engineArgs.${key} names ${named[key]}`, () => {
            refused(
                "TritonInferenceService",
                () => new triton.TritonInferenceService("qwen", withKey(key)),
                `model.vllm.engineArgs.${key}`,
                new RegExp(`generated from ${escape(named[key])}`),
            );
        });
    }
    for (const key of SECRET_ENGINE_KEYS) {
        test(`secret ${key} -> model.vllm.engineArgs.${key}`, () => {
            refused(
                "TritonInferenceService",
                () => new triton.TritonInferenceService("qwen", withKey(key)),
                `model.vllm.engineArgs.${key}`,
                /secret in plain text in the model\.json ConfigMap/,
            );
        });
    }
});

describe("RayLLMApp: engine.extra may not override the typed engine fields", () => {
    const model = { id: "llama", source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" } };
    const ok: RayLLMAppArgs = { namespace: "llm", workerGroups: [{ name: "gpu" }], models: [model] };
    const withKey = (key: string): RayLLMAppArgs => ({ ...ok, models: [{ ...model, engine: { extra: { max_num_seqs: 8, [key]: 1 } } }] });
    const named: Record<string, RegExp> = {
        model: /generated from source/,
        tensor_parallel_size: /generated from engine\.tensorParallelSize/,
        pipeline_parallel_size: /generated from engine\.pipelineParallelSize/,
        dtype: /generated from engine\.dtype/,
        max_model_len: /generated from engine\.maxModelLen/,
        gpu_memory_utilization: /generated from engine\.gpuMemoryUtilization/,
        enable_lora: /generated from lora;/,
        max_loras: /generated from lora\.maxAdaptersPerReplica/,
        max_lora_rank: /generated from lora\.maxLoraRank/,
    };
    for (const key of Object.keys(named)) {
        test(`${key} -> models[0].engine.extra.${key}`, () => {
            refused("RayLLMApp", () => new ray.RayLLMApp("chat", withKey(key)), `models[0].engine.extra.${key}`, named[key]);
        });
    }
    test("the shared core keys are all covered", () =>
        assert.deepEqual(
            CORE_ENGINE_KEYS.filter((k) => !(k in named)),
            [],
        ));
    for (const key of SECRET_ENGINE_KEYS) {
        test(`secret ${key} -> models[0].engine.extra.${key}`, () => {
            refused(
                "RayLLMApp",
                () => new ray.RayLLMApp("chat", withKey(key)),
                `models[0].engine.extra.${key}`,
                /secret in plain text in the RayService's serve config/,
            );
        });
    }
    test("a RayLLM model file may set its own engine_kwargs, but no secret in them", () => {
        const file = {
            engine_config: { model_id: "meta-llama/Llama-2-7b-chat-hf", engine_kwargs: { max_num_seqs: 8, hf_token: "hf_abc" } },
            scaling_config: { num_workers: 1 },
        };
        refused(
            "RayLLMApp",
            () => new ray.RayLLMApp("chat", { ...ok, models: [], rayllmModels: [file] }),
            "rayllmModels[0].engine_config.engine_kwargs.hf_token",
            /use hfTokenSecret/,
        );
    });
});

describe("DjlServingService: model.properties may not override generated keys", () => {
    const ok: DjlServingServiceArgs = { namespace: "llm", model: { source: { volume } } };
    const cases: [string, RegExp][] = [
        ["option.tensor_parallel_degree", /generated from model\.tensorParallelDegree/],
        ["option.model_id", /generated from model\.source/],
        ["engine", /generated from engine/],
        ["option.max_rolling_batch_size", /generated from model\.maxRollingBatchSize/],
        ["option.trust_remote_code", /generated from model\.trustRemoteCode/],
    ];
    for (const [key, reason] of cases) {
        test(`${key} -> model.properties.${key}`, () => {
            refused(
                "DjlServingService",
                () => new djl.DjlServingService("bloom", { ...ok, model: { ...ok.model, properties: { "option.max_tokens": "2048", [key]: "1" } } }),
                `model.properties.${key}`,
                reason,
            );
        });
    }
});

describe("generatedFlagOf reads flags as vLLM's parser does", () => {
    const cases: [string, string | undefined][] = [
        ["--tensor-parallel-size", "tensor_parallel_size"],
        ["--tensor_parallel_size=4", "tensor_parallel_size"],
        ["-tp", "tensor_parallel_size"],
        ["-tp=4", "tensor_parallel_size"],
        ["-pp2", "pipeline_parallel_size"],
        ["-q=awq", "quantization"],
        ["--no-enable-prefix-caching", "enable_prefix_caching"],
        ["--max-model=4096", "max_model_len"],
        ["--max-lo=4", undefined], // ambiguous (max_loras, max_lora_rank): vLLM refuses it itself
        ["--a=1", undefined], // one word: ambiguous among vLLM's flags, which vLLM refuses itself
        ["--hf-t=x", "hf_token"],
        ["--enable-lora-bias", undefined],
        ["--model-impl=vllm", undefined],
        ["--host=0.0.0.0", undefined],
        ["--", undefined],
    ];
    for (const [flag, sets] of cases) {
        test(`${flag} -> ${sets ?? "nothing generated"}`, () => assert.equal(generatedFlagOf(flag, VLLM_SERVICE_FLAGS)?.name, sets));
    }
    test("the distributed table holds the LWS rendezvous flags", () => {
        for (const flag of ["--nnodes=2", "--node_rank=1", "--master-addr=x", "--master-port=1", "--headless"])
            assert.notEqual(generatedFlagOf(flag, DISTRIBUTED_FLAGS), undefined, flag);
    });
});

describe("$(VAR) in user text reaches the process literally (Kubernetes expands container args)", () => {
    test("literalArg doubles every $, now or when an Output is known", async () => {
        assert.equal(literalArg("a$(B)$$c$"), "a$$(B)$$$$c$$");
        assert.equal(literalArg("plain"), "plain");
        assert.equal(await valueOf(literalArg(pulumi.output("--x=$(HF_TOKEN)")) as pulumi.Output<string>), "--x=$$(HF_TOKEN)");
    });
    test("vLLM: extraArgs, LoRA modules and the model path are escaped in the Deployment's args", () => {
        const odd: ModelVolumeRef = { ...volume, mountPath: "/mnt/$(HOME)" };
        const r = vllm.resolveVllmArgs("bloom", {
            namespace: "llm",
            mode: "deployment",
            model: {
                source: { volume: odd, path: "bloom" },
                extraArgs: VARIABLE_TEXT.map(([given]) => given),
                loraAdapters: [{ name: "sql", path: "/adapters/$(X)" }],
            },
        });
        const args = (vllm.renderDeployment(r) as any).spec.template.spec.containers[0].args as string[];
        assert.equal(args[0], "--model=/mnt/$$(HOME)/bloom");
        assert.ok(args.includes("sql=/adapters/$$(X)"));
        assert.deepEqual(
            args.slice(-VARIABLE_TEXT.length),
            VARIABLE_TEXT.map(([, rendered]) => rendered),
        );
    });
    test("vLLM on KServe: extraArgs escaped in the InferenceService's args too", () => {
        const r = vllm.resolveVllmArgs("bloom", {
            namespace: "llm",
            model: { source: { volume, path: "bloom" }, extraArgs: ["--chat-template=$(VLLM_API_KEY)"] },
        });
        const args = (vllm.renderInferenceService(r) as any).spec.predictor.model.args as string[];
        assert.equal(args[args.length - 1], "--chat-template=$$(VLLM_API_KEY)");
    });
    for (const name of ["$(HF_TOKEN)", "cost$"]) {
        test(`servedModelName '${name}' is refused (vLLM and DistributedServing)`, () => {
            refused(
                "VllmInferenceService",
                () => new vllm.VllmInferenceService("bloom", { namespace: "llm", model: { source: { volume }, servedModelName: name } }),
                "model.servedModelName",
                /must not contain '\$'/,
            );
            refused(
                "DistributedServing",
                () => new dist.DistributedServing("llama", { namespace: "llm", nodes: 2, gpuPool: pool, model: { source: { volume }, servedModelName: name } }),
                "model.servedModelName",
                /must not contain '\$'/,
            );
        });
    }
    test("DistributedServing: user text escaped, the generated $(LWS_...) references kept", () => {
        const r = dist.resolveDistributedArgs("llama", {
            namespace: "llm",
            nodes: 2,
            gpuPool: pool,
            model: { source: { volume, path: "a$b" }, extraArgs: ["--x=$(HF_TOKEN)"] },
        });
        const worker = dist.vllmPodArgs(r, "worker");
        assert.ok(worker.includes("--model=/mnt/models/a$$b"));
        assert.ok(worker.includes("--x=$$(HF_TOKEN)"));
        assert.ok(worker.includes("--node-rank=$(LWS_WORKER_INDEX)"));
        assert.ok(worker.includes("--master-addr=$(LWS_LEADER_ADDRESS)"));
    });
    test("DistributedServing custom commands keep their $(LWS_...) references (expansion is what they ask for)", () => {
        const r = dist.resolveDistributedArgs("llama", {
            namespace: "llm",
            nodes: 2,
            gpuPool: pool,
            engine: "custom",
            image: "example.com/serve:1.0",
            custom: { leaderCommand: ["serve", "--leader"], workerCommand: ["serve", "--join=$(LWS_LEADER_ADDRESS)"] },
        });
        const lws = dist.renderDistributed(r).find((o) => o.role === "lws")!.object as any;
        assert.deepEqual(lws.spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].command, ["serve", "--join=$(LWS_LEADER_ADDRESS)"]);
    });
    test("Triton: the repository path from a volume is escaped in the command", () => {
        const r = triton.resolveTritonArgs("qwen", { namespace: "llm", backend: "tensorrtllm", repository: { volume: { ...volume, mountPath: "/mnt/$(X)" } } });
        assert.ok(triton.tritonCommand(r).includes("--model-repository=/mnt/$$(X)"));
    });
});
