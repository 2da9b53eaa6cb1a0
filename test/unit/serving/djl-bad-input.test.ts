import { describe, test } from "node:test";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import type { DjlServingServiceArgs } from "../../../src/serving/djl/args";

const { mocks, djl } = loadUnderMocks(["djl"]);

const base: DjlServingServiceArgs = { namespace: "llm", model: { source: { volume } } };
const keda = { prometheusUrl: "http://prometheus.monitoring.svc:9090" };

const cases: [string, DjlServingServiceArgs, string][] = [
    ["no model source", { ...base, model: { source: {} } }, "model.source"],
    ["two model sources", { ...base, model: { source: { volume, huggingFaceId: "a/b" } } }, "model.source"],
    ["path without volume", { ...base, model: { source: { huggingFaceId: "a/b", path: "x" } } }, "model.source.path"],
    ["bad hub id", { ...base, model: { source: { huggingFaceId: "bloom" } } }, "model.source.huggingFaceId"],
    ["volume in another namespace", { ...base, namespace: "other" }, "model.source.volume"],
    ["unknown engine", { ...base, engine: "tgi" as "vllm" }, "engine"],
    ["misspelt argument", { ...base, tensorParallel: 2 } as DjlServingServiceArgs, "tensorParallel"],
    ["misspelt model argument", { ...base, model: { source: { volume }, tp: 2 } } as DjlServingServiceArgs, "model.tp"],
    ["zero tensor parallelism", { ...base, model: { source: { volume }, tensorParallelDegree: 0 } }, "model.tensorParallelDegree"],
    ["float16 is not a DJL dtype", { ...base, model: { source: { volume }, dtype: "float16" as "fp16" } }, "model.dtype"],
    ["GPU count differs from tensor parallelism", { ...base, gpus: { count: 1 }, model: { source: { volume }, tensorParallelDegree: 2 } }, "gpus.count"],
    [
        "more GPUs than a node has",
        {
            ...base,
            gpuPool: { nodeSelector: {}, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpusPerNode: 1 },
            model: { source: { volume }, tensorParallelDegree: 2 },
        },
        "gpus.count",
    ],
    [
        "Bloom-7B1 in fp32 does not fit one A10",
        {
            ...base,
            gpuPool: { nodeSelector: {}, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpuMemoryGiB: 24 },
            model: { source: { huggingFaceId: "bigscience/bloom-7b1" }, dtype: "fp32" },
        },
        "model",
    ],
    [
        "GPU memory share with tensor parallelism",
        { ...base, gpus: { memoryGiB: 12 }, model: { source: { volume }, tensorParallelDegree: 2 } },
        "gpus.memoryGiB",
    ],
    ["unpinned image", { ...base, image: "deepjavalibrary/djl-serving" }, "image"],
    ["latest image", { ...base, image: "deepjavalibrary/djl-serving:latest" }, "image"],
    ["trtllm without its container", { ...base, engine: "trtllm" }, "image"],
    ["DeepSpeed on an LMI image without it", { ...base, engine: "deepspeed", image: "deepjavalibrary/djl-serving:0.36.0-lmi" }, "image"],
    ["DeepSpeed handler on the LMI container", { ...base, handler: { builtIn: "deepspeed-bloom" } }, "handler.builtIn"],
    ["handler with both sources", { ...base, engine: "deepspeed", handler: { builtIn: "deepspeed-bloom", source: "def handle(i):\n  pass\n" } }, "handler"],
    ["handler without handle()", { ...base, handler: { source: "def predict(x):\n  return x\n" } }, "handler.source"],
    [
        "rolling batch size with a custom handler",
        { ...base, handler: { source: "def handle(i):\n  return None\n" }, model: { source: { volume }, maxRollingBatchSize: 8 } },
        "model.maxRollingBatchSize",
    ],
    ["revision for a volume", { ...base, model: { source: { volume }, revision: "main" } }, "model.revision"],
    ["generated key in properties", { ...base, model: { source: { volume }, properties: { "option.dtype": "bf16" } } }, "model.properties.option.dtype"],
    ["malformed property key", { ...base, model: { source: { volume }, properties: { "option max": "1" } } }, "model.properties.option max"],
    ["API key (DJLServing does not check one)", { ...base, apiKeySecret: { name: "k", key: "v" } }, "apiKeySecret"],
    ["scale to zero", { ...base, replicas: { min: 0 } }, "replicas.min"],
    ["max below min", { ...base, replicas: { min: 2, max: 1 } }, "replicas.max"],
    ["startup timeout under a minute", { ...base, startupTimeoutSeconds: 30 }, "startupTimeoutSeconds"],
    ["autoscaling without a query", { ...base, replicas: { min: 1, max: 2 }, metrics: {}, autoscaling: { keda } }, "autoscaling.keda.query"],
    ["autoscaling without a range", { ...base, autoscaling: { keda: { ...keda, query: "q" } } }, "replicas.max"],
    ["exposure host", { ...base, exposure: { kind: "ingress", host: "bloom" } }, "exposure.host"],
    ["metrics interval", { ...base, metrics: { interval: "soon" } }, "metrics.interval"],
    [
        "two MIG instances for tensor parallelism",
        { ...base, gpus: { resourceName: "nvidia.com/mig-3g.40gb" }, model: { source: { volume }, tensorParallelDegree: 2 } },
        "gpus.count",
    ],
    [
        "two time-sliced shares for tensor parallelism",
        { ...base, gpus: { resourceName: "nvidia.com/gpu.shared" }, model: { source: { volume }, tensorParallelDegree: 2 } },
        "gpus.count",
    ],
    [
        "Bloom-7B1 in fp16 does not fit a 1g.10gb MIG instance",
        { ...base, gpus: { resourceName: "nvidia.com/mig-1g.10gb" }, model: { source: { huggingFaceId: "bigscience/bloom-7b1" } } },
        "model",
    ],
    ["component name too long", base, "name"],
];

describe("bad DjlServingService arguments fail before anything is registered, naming the field", () => {
    for (const [title, args, field] of cases) {
        test(title, () => {
            const name = field === "name" ? "x".repeat(51) : "bad";
            const before = mocks.registered.length;
            expectArgError(() => new djl.DjlServingService(name, args), field);
            if (mocks.registered.length !== before) throw new Error("a resource was registered before validation failed");
        });
    }
});
