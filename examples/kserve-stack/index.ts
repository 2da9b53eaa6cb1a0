import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KServeStack, VllmInferenceService } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const deploymentMode = (config.get("deploymentMode") ?? "Standard") as "Standard" | "Knative";
const namespace = config.get("namespace") ?? "llm";
const optional = (key: string) => config.get(key) || undefined;

// An explicit provider when a kubeconfig is configured (kept secret); the ambient one otherwise.
const kubeconfig = config.getSecret("kubeconfig");
const provider = config.get("kubeconfig") ? new k8s.Provider("cluster", { kubeconfig }) : undefined;
const onCluster = provider ? { provider } : {};

const platform = new KServeStack(
    "platform",
    {
        deploymentMode,
        ingress: { domain: config.get("ingressDomain") ?? "example.com", className: optional("ingressClassName") },
        registries: { charts: optional("chartRepository"), images: optional("imageRegistry") },
        ...(deploymentMode === "Knative" ? { knative: { imageTemplate: optional("knativeImageTemplate") } } : {}),
    },
    onCluster,
);

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, onCluster);

// Waits for KServe's controller and runtimes: the same `pulumi up` installs both.
const bloom = new VllmInferenceService(
    "bloom-560m",
    {
        namespace,
        model: {
            source: { huggingFaceId: "bigscience/bloom-560m" },
            servedModelName: "bloom-560m",
            dtype: "float16",
        },
        gpus: { resourceName: config.get("gpuResourceName") ?? "nvidia.com/gpu" },
        resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "16Gi" } },
        kserve: { deploymentMode },
    },
    { ...onCluster, dependsOn: [ns], platform },
);

export const kserveNamespace = platform.namespace;
export const openAiBaseUrl = bloom.openAiBaseUrl;
export const servedModelName = bloom.servedModelName;
