// The Kubernetes layer of examples/ack-deepspeed-bloom, for a cluster that already exists: the
// OSS volume through an existing RRSA role, and DeepSpeed Bloom-7B1 on DJLServing with tensor
// parallelism 2. The e2e test drives it through the real engine (the ACK cluster needs a cloud).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DjlServingService, GPU_TOLERATION, ModelBucketVolume } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "llm";
// Retained like the volume and claim it holds (deleting a namespace deletes its claims).
const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { retainOnDelete: true });

const models = new ModelBucketVolume(
    "bloom-models",
    {
        cloud: "alicloud",
        region: "cn-hangzhou",
        namespace,
        bucket: { name: config.require("modelBucket"), create: false },
        oss: { roleName: config.require("ossRoleName") },
    },
    { dependsOn: [ns] },
);

const bloom = new DjlServingService(
    "bloom",
    {
        namespace,
        engine: "deepspeed",
        handler: { builtIn: "deepspeed-bloom" },
        model: {
            source: { volume: models.ref, path: config.get("modelPath") ?? "bloom-7b1" },
            name: "bloom",
            parameters: 7_069_016_064,
            dtype: "fp16",
            tensorParallelDegree: 2,
            parallelLoading: true,
            loadingTimeoutSeconds: config.getNumber("loadingTimeoutSeconds") ?? 600,
        },
        gpuPool: { nodeSelector: {}, tolerations: [GPU_TOLERATION], gpuResourceName: "nvidia.com/gpu", gpuMemoryGiB: 24, gpusPerNode: 2 },
        resources: { requests: { cpu: "8", memory: "48Gi" }, limits: { memory: "96Gi" } },
        exposure: { kind: "ingress", host: config.get("host") ?? "bloom.example.com", ingress: { className: "nginx" } },
    },
    { dependsOn: [ns] },
);

export const predictUrl = bloom.predictUrl;
export const externalUrl = bloom.externalUrl;
