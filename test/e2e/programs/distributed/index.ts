// DistributedServing (vLLM spanning a LeaderWorkerSet group of two pods, one per GPU node) on the
// OSS model volume, for the cluster twin: the e2e test runs LeaderWorkerSet's real manager, which
// turns the LeaderWorkerSet into leader and worker StatefulSets.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DistributedServing, GPU_TOLERATION, ModelBucketVolume } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const namespace = "llm";
// Retained like the volume and claim it holds (deleting a namespace deletes its claims).
const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { retainOnDelete: true });

const models = new ModelBucketVolume(
    "models",
    {
        cloud: "alicloud",
        region: "cn-hangzhou",
        namespace,
        bucket: { name: config.require("modelBucket"), create: false },
        oss: { roleName: config.require("ossRoleName") },
    },
    { dependsOn: [ns] },
);

// Two ecs.gn7i-2x.8xlarge nodes (two A10s each): tensor parallel 2 inside a node, pipeline 2 across.
const qwen = new DistributedServing(
    "qwen-32b",
    {
        namespace,
        nodes: 2,
        gpuPool: {
            nodeSelector: { "llm-serving/pool": "gn7i" },
            tolerations: [GPU_TOLERATION],
            gpuResourceName: "nvidia.com/gpu",
            gpusPerNode: 2,
            gpuMemoryGiB: 24,
        },
        model: {
            source: { volume: models.ref, path: config.get("modelPath") ?? "Qwen2.5-32B-Instruct" },
            servedModelName: "qwen-32b",
            dtype: "bfloat16",
            maxModelLen: 8192,
        },
        resources: { requests: { cpu: "8", memory: "64Gi" }, limits: { memory: "100Gi" } },
    },
    { dependsOn: [ns] },
);

export const url = qwen.url;
