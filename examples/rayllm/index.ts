import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GPU_TOLERATION, RayLLMApp } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "llm";

const ns = config.getBoolean("createNamespace") === false ? undefined : new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } });

// The gated Llama-2 weights need a Hugging Face token: from Pulumi config (kept secret), or an existing Secret.
const token = config.getSecret("hfToken");
const tokenSecret = config.get("hfToken")
    ? new k8s.core.v1.Secret("hf-token", { metadata: { name: "hf-token", namespace }, stringData: { token: token! } }, { dependsOn: ns ? [ns] : [] })
    : undefined;

const rayllmModelFile = fs.readFileSync(path.join(__dirname, "models", "meta-llama--Llama-2-7b-chat-hf.yaml"), "utf8");

const llama = new RayLLMApp(
    "llama-2-7b-chat",
    {
        namespace,
        workerGroups: [
            {
                name: "gpu",
                // One GPU per pod, one replica per pod: the Ray autoscaler follows Serve from 1 to 8.
                replicas: { min: 1, max: 8 },
                gpusPerPod: 1,
                gpuPool: {
                    nodeSelector: {},
                    tolerations: [GPU_TOLERATION],
                    gpuResourceName: config.get("gpuResourceName") ?? "nvidia.com/gpu",
                    gpuMemoryGiB: config.getNumber("gpuMemoryGiB") ?? 24,
                },
            },
        ],
        rayllmModels: [rayllmModelFile],
        hfTokenSecret: { name: tokenSecret ? "hf-token" : (config.get("hfTokenSecret") ?? "hf-token"), key: "token" },
        operator: {
            install: config.getBoolean("installOperator") !== false,
            // A chart repository URL, or a directory of unpacked charts (air-gapped clusters).
            ...(config.get("chartRepository") ? { registries: { charts: config.get("chartRepository") } } : {}),
        },
    },
    { dependsOn: [...(ns ? [ns] : []), ...(tokenSecret ? [tokenSecret] : [])] },
);

export const openAiBaseUrl = llama.openAiBaseUrl;
export const dashboardUrl = llama.dashboardUrl;
export const modelIds = llama.modelIds;
