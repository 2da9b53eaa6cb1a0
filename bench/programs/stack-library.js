// The reference stack, written with the library (compiled, from dist/ through the package's own
// exports): a namespace, a model volume on OSS, the serving platform and N model services.
//   BENCH_VARIANT=vllm: KServeStack + N VllmInferenceServices (KServe InferenceServices)
//   BENCH_VARIANT=ray:  KubeRayOperator + N RayLLMApps (KubeRay RayServices)
// bench/programs/stack-baseline.js registers the same custom resources with @pulumi/* directly.
"use strict";
const k8s = require("@pulumi/kubernetes");
const lib = require("pulumi-llm-serving/kubernetes");
const { gpuPool, serviceName, modelPath } = require("./stack-shape");

const n = Number(process.env.BENCH_N ?? "1");
const variant = process.env.BENCH_VARIANT ?? "vllm";

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: "llm" } });

const models = new lib.ModelBucketVolume(
    "models",
    { cloud: "alicloud", region: "cn-hangzhou", namespace: "llm", bucket: { name: "bench-models" }, oss: { roleName: "bench-oss-reader" } },
    { dependsOn: [ns] },
);

const outputs = {};
if (variant === "vllm") {
    const kserve = new lib.KServeStack("kserve", {});
    for (let i = 0; i < n; i++) {
        const svc = new lib.VllmInferenceService(
            serviceName(i),
            {
                namespace: "llm",
                model: { source: { volume: models.ref, path: modelPath(i) }, parameters: 8_030_261_248, dtype: "bfloat16", maxModelLen: 8192 },
                gpuPool,
                resources: { requests: { cpu: "4", memory: "32Gi" }, limits: { memory: "48Gi" } },
            },
            { platform: kserve, dependsOn: [ns] },
        );
        outputs[serviceName(i)] = svc.openAiBaseUrl;
    }
} else if (variant === "ray") {
    const kuberay = new lib.KubeRayOperator("kuberay", {});
    for (let i = 0; i < n; i++) {
        const app = new lib.RayLLMApp(
            serviceName(i),
            {
                namespace: "llm",
                operator: { install: false },
                workerGroups: [{ name: "gpu", replicas: { min: 1, max: 4 }, gpuPool }],
                models: [
                    {
                        id: serviceName(i),
                        source: { volume: models.ref, path: modelPath(i) },
                        parameters: 8_030_261_248,
                        engine: { maxModelLen: 8192, dtype: "bfloat16" },
                        autoscaling: { minReplicas: 1, maxReplicas: 4 },
                    },
                ],
            },
            { platform: kuberay, dependsOn: [ns] },
        );
        outputs[serviceName(i)] = app.openAiBaseUrl;
    }
} else {
    throw new Error(`unknown BENCH_VARIANT ${variant}`);
}

module.exports = outputs;
