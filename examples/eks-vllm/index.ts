import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GpuCluster } from "pulumi-llm-serving/aws";
import { ModelBucketVolume, VllmInferenceService } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const list = (key: string, fallback: string) =>
    (config.get(key) ?? fallback)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
const region = config.get("region") ?? "us-east-1";
const namespace = config.get("namespace") ?? "llm";
const publicAccessCidrs = list("publicAccessCidrs", "");

// EKS with one GPU pool of single-GPU nodes (24 GB): a 7B model in float16 fits one GPU.
const cluster = new GpuCluster("eks", {
    cloud: "aws",
    region,
    network: { zones: list("zones", "us-east-1a,us-east-1b") },
    endpoint: { publicAccess: config.getBoolean("publicEndpoint") ?? true, ...(publicAccessCidrs.length > 0 ? { publicAccessCidrs } : {}) },
    gpuPools: [{ name: "a10g", instanceTypes: list("gpuInstanceTypes", "g5.2xlarge,g6.2xlarge"), desiredSize: config.getNumber("gpuNodes") ?? 1 }],
});
const onCluster = { provider: cluster.provider };

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { ...onCluster, retainOnDelete: true }); // it holds the retained claim

// A private, encrypted bucket; the Mountpoint driver's Pod Identity role gets read access to it.
const models = new ModelBucketVolume(
    "models",
    {
        cloud: "aws",
        region,
        namespace,
        bucket: { name: config.require("modelBucket") },
        podIdentity: cluster.podIdentity,
    },
    { ...onCluster, dependsOn: [ns] },
);

const llama = new VllmInferenceService(
    "llama-2-7b",
    {
        mode: "deployment",
        namespace,
        model: {
            source: { volume: models.ref, path: config.get("modelPath") ?? "llama-2-7b-chat-hf" },
            servedModelName: "llama-2-7b-chat",
            parameters: 6_738_415_616,
            dtype: "float16",
            maxModelLen: 4096,
        },
        gpuPool: cluster.gpuPool("a10g"),
        resources: { requests: { cpu: "4", memory: "24Gi" }, limits: { memory: "28Gi" } },
    },
    { ...onCluster, dependsOn: [ns] },
);

export const kubeconfig = cluster.kubeconfig;
export const clusterName = cluster.clusterName;
export const modelStorageUri = models.storageUri;
export const openAiBaseUrl = llama.openAiBaseUrl;
export const servedModelName = llama.servedModelName;
