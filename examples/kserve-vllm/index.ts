import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ModelBucketVolume, VllmInferenceService } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "llm";
const cloud = (config.get("cloud") ?? "alicloud") as "alicloud" | "aws";
const modelPath = config.get("modelPath") ?? "bloom-560m";

const ns = config.getBoolean("createNamespace") === false ? undefined : new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } });
const inNamespace = { dependsOn: ns ? [ns] : [] };

// The weights were uploaded once (see README); the bucket is adopted, so destroy never touches it.
const models = new ModelBucketVolume("models", {
    cloud,
    region: config.get("region") ?? "cn-hangzhou",
    namespace,
    bucket: { name: config.require("modelBucket"), create: false },
    ...(cloud === "alicloud" ? { oss: { roleName: config.require("ossRoleName") } } : {}),
}, inNamespace);

const bloom = new VllmInferenceService("bloom-560m", {
    namespace,
    model: {
        source: { volume: models.ref, path: modelPath },
        servedModelName: "bloom-560m",
        parameters: 559_214_592,
        dtype: "float16",
    },
    gpus: { resourceName: config.get("gpuResourceName") ?? "nvidia.com/gpu" },
    resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "16Gi" } },
}, inNamespace);

export const storageUri = models.storageUri;
export const openAiBaseUrl = bloom.openAiBaseUrl;
export const servedModelName = bloom.servedModelName;
