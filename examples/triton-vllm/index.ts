import * as k8s from "@pulumi/kubernetes";
import { loadConfig, v } from "pulumi-llm-serving/config";
import { ModelBucketVolume, modelBucketVolumeSchema, TritonInferenceService } from "pulumi-llm-serving/kubernetes";

const volumeArgs = modelBucketVolumeSchema.entries;
const config = loadConfig(
    v.pipe(
        v.strictObject({
            namespace: volumeArgs.namespace,
            createNamespace: v.optional(v.boolean(), true),
            cloud: volumeArgs.cloud,
            region: volumeArgs.region,
            modelBucket: volumeArgs.bucket.entries.name,
            modelPath: v.optional(v.pipe(v.string(), v.minLength(1)), "Qwen1.5-4B-Chat"),
            ossRoleName: v.optional(v.string(), ""),
            modelName: v.optional(v.pipe(v.string(), v.minLength(1)), "qwen"),
            gpuMemoryUtilization: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(1)), 0.7),
            host: v.optional(v.string(), ""),
            prometheusLabels: v.optional(v.string(), ""),
            gpuResourceName: v.optional(v.pipe(v.string(), v.minLength(1)), "nvidia.com/gpu"),
        }),
        v.forward(
            v.check((c) => c.cloud !== "alicloud" || c.ossRoleName !== "", "is required with cloud alicloud: the RAM role the OSS CSI driver assumes through RRSA"),
            ["ossRoleName"],
        ),
    ),
);
const { namespace, cloud } = config;
const prometheusLabels = Object.fromEntries(
    config.prometheusLabels
        .split(",")
        .filter((kv) => kv.includes("="))
        .map((kv) => kv.split("=", 2).map((s) => s.trim())),
);

const ns = config.createNamespace ? new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }) : undefined;
const inNamespace = { dependsOn: ns ? [ns] : [] };

const models = new ModelBucketVolume("models", {
    cloud,
    region: config.region,
    namespace,
    bucket: { name: config.modelBucket, create: false },
    ...(cloud === "alicloud" ? { oss: { roleName: config.ossRoleName } } : {}),
}, inNamespace);

const qwen = new TritonInferenceService("qwen", {
    namespace,
    backend: "vllm",
    model: {
        name: config.modelName,
        source: { volume: models.ref, path: config.modelPath },
        vllm: { gpuMemoryUtilization: config.gpuMemoryUtilization },
    },
    gpus: { resourceName: config.gpuResourceName },
    resources: { requests: { cpu: "6", memory: "24Gi" }, limits: { memory: "30Gi" } },
    ...(config.host ? { exposure: { kind: "ingress" as const, host: config.host } } : {}),
    ...(Object.keys(prometheusLabels).length > 0 ? { metrics: { labels: prometheusLabels } } : {}),
}, inNamespace);

/** `curl -X POST $modelUrl/generate -d '{"text_input": "What is Triton Inference Server?", "parameters": {"stream": false, "temperature": 0}}'` */
export const modelUrl = qwen.modelUrl;
export const grpcEndpoint = qwen.grpcEndpoint;
export const externalUrl = qwen.externalUrl;
