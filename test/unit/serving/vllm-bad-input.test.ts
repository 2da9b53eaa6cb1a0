import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import type { VllmInferenceServiceArgs } from "../../../src/serving/vllm/args";

const { mocks, vllm } = loadUnderMocks(["vllm"]);

const ok: VllmInferenceServiceArgs = { namespace: "llm", model: { source: { volume, path: "bloom-7b1" } } };
const a10 = { nodeSelector: { pool: "a10" }, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpuMemoryGiB: 24, gpusPerNode: 1 };
const withArgs = (patch: Record<string, unknown>) => ({ ...ok, ...patch }) as any;
const model = (patch: Record<string, unknown>) => ({ ...ok, model: { ...ok.model, ...patch } }) as any;

const cases: [string, any, string, string?][] = [
    ["upper-case name", ok, "name", "Bloom"],
    ["name too long for KServe", ok, "name", "a".repeat(46)],
    ["unknown mode", withArgs({ mode: "ray" }), "mode"],
    ["bad namespace", withArgs({ namespace: "LLM" }), "namespace"],
    ["two model sources", model({ source: { volume, huggingFaceId: "bigscience/bloom-560m" } }), "model.source"],
    ["no model source", model({ source: {} }), "model.source"],
    ["path without volume", model({ source: { huggingFaceId: "bigscience/bloom-560m", path: "x" } }), "model.source.path"],
    ["bad storage URI scheme", model({ source: { storageUri: "ftp://models/bloom" } }), "model.source.storageUri"],
    ["bad hub id", model({ source: { huggingFaceId: "bloom" } }), "model.source.huggingFaceId"],
    ["volume in another namespace", withArgs({ namespace: "other" }), "model.source.volume"],
    ["volume with a relative mount path", model({ source: { volume: { ...volume, mountPath: "models" } } }), "model.source.volume.mountPath"],
    ["bad dtype", model({ dtype: "fp4" }), "model.dtype"],
    ["GPU memory utilisation above 1", model({ gpuMemoryUtilization: 1.2 }), "model.gpuMemoryUtilization"],
    ["zero GPU memory utilisation", model({ gpuMemoryUtilization: 0 }), "model.gpuMemoryUtilization"],
    ["negative max model length", model({ maxModelLen: -1 }), "model.maxModelLen"],
    ["fractional max model length", model({ maxModelLen: 10.5 }), "model.maxModelLen"],
    ["unknown quantization", model({ quantization: "int3" }), "model.quantization"],
    ["extra arg without dashes", model({ extraArgs: ["max-num-seqs=8"] }), "model.extraArgs[0]"],
    ["LoRA adapter without a path", model({ loraAdapters: [{ name: "sql" }] }), "model.loraAdapters[0].path"],
    ["parameter count zero", model({ parameters: 0 }), "model.parameters"],
    ["unknown model field", model({ temperature: 0.2 }), "model.temperature"],
    ["tensor parallel zero", withArgs({ parallelism: { tensor: 0 } }), "parallelism.tensor"],
    ["GPUs differ from TP x PP", withArgs({ parallelism: { tensor: 2 }, gpus: { count: 1 } }), "gpus.count"],
    ["GPUs differ from TP x PP (pipeline)", withArgs({ parallelism: { tensor: 2, pipeline: 2 }, gpus: { count: 2 } }), "gpus.count"],
    ["more GPUs than a node has", withArgs({ parallelism: { tensor: 2 }, gpuPool: a10 }), "gpus.count"],
    ["gpu-mem share with whole GPUs", withArgs({ gpus: { count: 1, memoryGiB: 8 } }), "gpus.memoryGiB"],
    ["gpu-mem share with tensor parallelism", withArgs({ parallelism: { tensor: 2 }, gpus: { memoryGiB: 8 } }), "gpus.memoryGiB"],
    ["gpu-mem share larger than the GPU", withArgs({ gpus: { memoryGiB: 48 }, gpuPool: a10 }), "gpus.memoryGiB"],
    ["aliyun.com/gpu-mem asked as whole GPUs", withArgs({ gpus: { resourceName: "aliyun.com/gpu-mem" } }), "gpus.resourceName"],
    ["model does not fit the GPU", { ...model({ parameters: 13_000_000_000, dtype: "float16" }), gpuPool: a10 }, "model"],
    ["negative min replicas", withArgs({ replicas: { min: -1 } }), "replicas.min"],
    ["max below min", withArgs({ replicas: { min: 3, max: 2 } }), "replicas.max"],
    ["scale to zero in Standard mode", withArgs({ replicas: { min: 0, max: 2 } }), "replicas.min"],
    ["canary in Standard mode", withArgs({ kserve: { canaryTrafficPercent: 10 } }), "kserve.canaryTrafficPercent"],
    ["canary above 100", withArgs({ kserve: { deploymentMode: "Knative", canaryTrafficPercent: 150 } }), "kserve.canaryTrafficPercent"],
    ["canary in deployment mode", withArgs({ mode: "deployment", kserve: { canaryTrafficPercent: 10 } }), "kserve.canaryTrafficPercent"],
    ["old KServe mode name", withArgs({ kserve: { deploymentMode: "RawDeployment" } }), "kserve.deploymentMode"],
    ["bad progress deadline", withArgs({ kserve: { deploymentMode: "Knative", progressDeadline: "30m" } }), "kserve.progressDeadline"],
    ["bad scale metric", withArgs({ kserve: { scaleMetric: "gpu" } }), "kserve.scaleMetric"],
    ["s3 URI in deployment mode", withArgs({ mode: "deployment", model: { source: { storageUri: "s3://bucket/bloom" } } }), "model.source.storageUri"],
    ["API key with the Hugging Face runtime", withArgs({ apiKeySecret: { name: "vllm", key: "key" } }), "apiKeySecret"],
    ["secret ref without key", withArgs({ hfTokenSecret: { name: "hf" } }), "hfTokenSecret.key"],
    ["image on latest", withArgs({ image: "vllm/vllm-openai:latest" }), "image"],
    ["image without tag", withArgs({ image: "vllm/vllm-openai" }), "image"],
    ["bad shm size", withArgs({ shmSize: "lots" }), "shmSize"],
    ["startup budget too short", withArgs({ startupTimeoutSeconds: 30 }), "startupTimeoutSeconds"],
    ["bad toleration effect", withArgs({ tolerations: [{ key: "x", effect: "NoScheduling" }] }), "tolerations[0].effect"],
    ["toleration 'Exists' with a value", withArgs({ tolerations: [{ key: "x", operator: "Exists", value: "y" }] }), "tolerations[0].value"],
    [
        "tolerationSeconds without NoExecute",
        withArgs({ tolerations: [{ key: "x", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 30 }] }),
        "tolerations[0].tolerationSeconds",
    ],
    ["toleration without key that is not 'Exists'", withArgs({ tolerations: [{ operator: "Equal", value: "x" }] }), "tolerations[0].operator"],
    ["toleration key that is no qualified name", withArgs({ tolerations: [{ key: "gpu type", operator: "Exists" }] }), "tolerations[0].key"],
    ["toleration value that is no label value", withArgs({ tolerations: [{ key: "x", value: "a/b" }] }), "tolerations[0].value"],
    [
        "bad toleration in the GPU pool handle",
        withArgs({ gpuPool: { ...a10, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", value: "true" }] } }),
        "gpuPool.tolerations[0].value",
    ],
    ["bad resource quantity", withArgs({ resources: { limits: { memory: "sixteen" } } }), "resources.limits.memory"],
    ["negative resource quantity", withArgs({ resources: { limits: { memory: "-1Gi" } } }), "resources.limits.memory"],
    ["malformed quantity", withArgs({ shmSize: "1.2.3Gi" }), "shmSize"],
    ["quantity with an unknown suffix", withArgs({ shmSize: "8GB" }), "shmSize"],
    ["replicas beyond a Kubernetes int32", withArgs({ replicas: { min: 1, max: 2 ** 31 } }), "replicas.max"],
    ["startup budget beyond a Kubernetes int32", withArgs({ startupTimeoutSeconds: 2 ** 32 }), "startupTimeoutSeconds"],
    ["request above its limit", withArgs({ resources: { requests: { memory: "64Gi" }, limits: { memory: "32Gi" } } }), "resources.requests.memory"],
    ["unknown top-level argument", withArgs({ replica: 2 }), "replica"],
];

describe("VllmInferenceService rejects bad input before registering anything", () => {
    test(`the table has at least 40 cases (${cases.length})`, () => assert.ok(cases.length >= 40));
    for (const [title, args, field, name] of cases) {
        test(`${title} -> ${field}`, () => {
            const before = mocks.registered.length;
            const err = expectArgError(() => new vllm.VllmInferenceService(name ?? "bloom", args), field);
            assert.match(err.message, /invalid arguments for VllmInferenceService/);
            assert.equal(mocks.registered.length, before, "nothing registered");
        });
    }
    test("every unknown argument is named at once, at every depth", () => {
        const args = { ...model({ temperature: 0.2, top_p: 0.9, loraAdapters: [{ name: "sql", path: "sql", rank: 8, alpha: 16 }] }), replica: 2 };
        const err = expectArgError(() => vllm.resolveVllmArgs("bloom", args), "replica");
        const unknown = err.errors.filter((e) => e.reason === "is not a known argument").map((e) => e.propertyPath);
        assert.deepEqual(unknown.sort(), ["model.loraAdapters[0].alpha", "model.loraAdapters[0].rank", "model.temperature", "model.top_p", "replica"]);
    });
    test("Infinity is not a number an argument takes", () => {
        expectArgError(() => vllm.resolveVllmArgs("bloom", withArgs({ gpuPool: { ...a10, gpuMemoryGiB: Infinity } })), "gpuPool.gpuMemoryGiB");
        expectArgError(
            () =>
                vllm.resolveVllmArgs(
                    "bloom",
                    withArgs({
                        mode: "deployment",
                        autoscaling: { keda: { prometheusUrl: "http://p:9090", targetValue: Infinity } },
                        replicas: { min: 1, max: 2 },
                        metrics: {},
                    }),
                ),
            "autoscaling.keda.targetValue",
        );
    });
    test("a model that does not fit names the numbers", () => {
        const err = expectArgError(() => vllm.resolveVllmArgs("big", { ...model({ parameters: 13_000_000_000, dtype: "float16" }), gpuPool: a10 }), "model");
        assert.match(err.errors[0].reason, /26\.0 GB \(13\.00B parameters x 2 B, float16\)/);
    });
    test("known hub models are sized without a parameter count", () => {
        expectArgError(
            () =>
                vllm.resolveVllmArgs("b", {
                    model: { source: { huggingFaceId: "bigscience/bloom-7b1" }, dtype: "float16" },
                    gpuPool: { ...a10, gpuMemoryGiB: 16 },
                }),
            "model",
        );
        assert.doesNotThrow(() => vllm.resolveVllmArgs("b", { model: { source: { huggingFaceId: "bigscience/bloom-7b1" }, dtype: "float16" }, gpuPool: a10 }));
    });
});
