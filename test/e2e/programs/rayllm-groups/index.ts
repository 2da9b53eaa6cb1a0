// A RayLLMApp whose worker groups the e2e test changes: one GPU worker group, or two (`groups: 2`),
// under upgradeStrategy None. The twin serves Ray's CRDs; the program installs no operator.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GPU_TOLERATION, RayLLMApp } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: "llm" } });
const pool = { nodeSelector: {}, tolerations: [GPU_TOLERATION], gpuResourceName: "nvidia.com/gpu", gpuMemoryGiB: 24 };

new RayLLMApp(
    "chat",
    {
        namespace: "llm",
        workerGroups: [
            { name: "gpu", replicas: { min: 1, max: 4 }, gpusPerPod: 1, gpuPool: pool },
            ...(config.getNumber("groups") === 2 ? [{ name: "spare", replicas: { min: 0, max: 2 }, gpusPerPod: 1, gpuPool: pool }] : []),
        ],
        models: [{ id: "qwen", source: { huggingFaceId: "Qwen/Qwen2.5-0.5B-Instruct" }, engine: { maxModelLen: 4096 } }],
        operator: { install: false },
    },
    { dependsOn: [ns] },
);
