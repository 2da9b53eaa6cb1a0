import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig, z } from "pulumi-llm-serving/config";
import { ModelBucketVolume, modelBucketVolumeSchema, TritonInferenceService } from "pulumi-llm-serving/kubernetes";

const volumeArgs = modelBucketVolumeSchema().shape;
const config = loadConfig(
    z
        .strictObject({
            namespace: volumeArgs.namespace,
            createNamespace: z.boolean().default(true),
            cloud: volumeArgs.cloud,
            region: volumeArgs.region,
            modelBucket: volumeArgs.bucket.shape.name,
            modelPath: z.string().min(1).default("Qwen1.5-4B-Chat"),
            ossRoleName: z.string().default(""),
            modelName: z.string().min(1).default("qwen"),
            gpuMemoryUtilization: z.number().gt(0).max(1).default(0.7),
            host: z.string().default(""),
            tlsSecretName: z.string().default(""),
            clusterIssuer: z.string().default(""),
            prometheusLabels: z.string().default(""),
            gpuResourceName: z.string().min(1).default("nvidia.com/gpu"),
        })
        .refine((c) => c.cloud !== "alicloud" || c.ossRoleName !== "", {
            path: ["ossRoleName"],
            message: "is required with cloud alicloud: the RAM role the OSS CSI driver assumes through RRSA",
        })
        // A host makes the service public through an Ingress: prod serves it over TLS only.
        .refine((c) => c.host === "" || c.tlsSecretName !== "" || pulumi.getStack() !== "prod", {
            path: ["tlsSecretName"],
            message: "is required with host on the prod stack: the Ingress serves TLS only (the Secret holding the certificate)",
        }),
);
const tls = config.tlsSecretName ? { tls: { secretName: config.tlsSecretName, ...(config.clusterIssuer ? { clusterIssuer: config.clusterIssuer } : {}) } } : {};
const { namespace, cloud } = config;
const prometheusLabels = Object.fromEntries(
    config.prometheusLabels
        .split(",")
        .filter((kv) => kv.includes("="))
        .map((kv) => kv.split("=", 2).map((s) => s.trim())),
);

const ns = config.createNamespace ? new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { retainOnDelete: true }) : undefined;
const inNamespace = { dependsOn: ns ? [ns] : [] };

const models = new ModelBucketVolume(
    "models",
    {
        cloud,
        region: config.region,
        namespace,
        bucket: { name: config.modelBucket, create: false },
        ...(cloud === "alicloud" ? { oss: { roleName: config.ossRoleName } } : {}),
    },
    inNamespace,
);

const qwen = new TritonInferenceService(
    "qwen",
    {
        namespace,
        backend: "vllm",
        model: {
            name: config.modelName,
            source: { volume: models.ref, path: config.modelPath },
            vllm: { gpuMemoryUtilization: config.gpuMemoryUtilization },
        },
        gpus: { resourceName: config.gpuResourceName },
        resources: { requests: { cpu: "6", memory: "24Gi" }, limits: { memory: "30Gi" } },
        ...(config.host ? { exposure: { kind: "ingress" as const, host: config.host, ...tls } } : {}),
        ...(Object.keys(prometheusLabels).length > 0 ? { metrics: { labels: prometheusLabels } } : {}),
    },
    inNamespace,
);

/** `curl -X POST $modelUrl/generate -d '{"text_input": "What is Triton Inference Server?", "parameters": {"stream": false, "temperature": 0}}'` */
export const modelUrl = qwen.modelUrl;
export const grpcEndpoint = qwen.grpcEndpoint;
export const externalUrl = qwen.externalUrl;
