import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GpuCluster } from "pulumi-llm-serving/alicloud";
import { DjlServingService, ModelBucketVolume } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const region = new pulumi.Config("alicloud").require("region");
const list = (key: string, fallback: string) =>
    (config.get(key) ?? fallback)
        .split(",")
        .map((z) => z.trim())
        .filter((z) => z !== "");
const namespace = "llm";
// The Ingress is public: prod serves it over TLS only (the certificate's Secret, or one
// cert-manager issues with clusterIssuer); dev may stay on plain HTTP.
const tlsSecretName = config.get("tlsSecretName") || undefined;
if (!tlsSecretName && pulumi.getStack() === "prod") {
    throw new Error("ack-deepspeed-bloom:tlsSecretName is required on the prod stack: the Ingress serves TLS only (the Secret holding the certificate)");
}
const clusterIssuer = config.get("clusterIssuer") || undefined;

// ACK Pro with one GPU pool of two-A10 nodes: tensor parallelism 2 fits on one node.
const cluster = new GpuCluster("ack", {
    cloud: "alicloud",
    region,
    network: { zones: list("zones", "cn-hangzhou-i,cn-hangzhou-j") },
    endpoint: { publicAccess: config.getBoolean("publicEndpoint") ?? true },
    gpuPools: [{ name: "gn7i", instanceTypes: ["ecs.gn7i-2x.8xlarge"], zones: list("gpuZones", "cn-hangzhou-i"), minSize: 1, maxSize: 1 }],
});
const onCluster = { provider: cluster.provider };

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { ...onCluster, retainOnDelete: true }); // it holds the retained claim

// The weights in OSS, mounted read-only by the OSS CSI driver through RRSA (a RAM role, no keys).
const models = new ModelBucketVolume(
    "bloom-models",
    {
        cloud: "alicloud",
        region,
        namespace,
        bucket: { name: config.require("modelBucket"), create: config.getBoolean("createBucket") ?? false },
        podIdentity: cluster.podIdentity,
    },
    { ...onCluster, dependsOn: [ns] },
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
            // The source saw the model load in 297 s; twice that before DJLServing gives up.
            loadingTimeoutSeconds: 600,
        },
        gpuPool: cluster.gpuPool("gn7i"),
        // Each of the two ranks reads the fp16 weights (14 GB) into memory before sharding them.
        resources: { requests: { cpu: "8", memory: "48Gi" }, limits: { memory: "96Gi" } },
        exposure: {
            kind: "ingress",
            host: config.get("host") ?? "bloom.example.com",
            ingress: { className: config.get("ingressClassName") ?? "nginx" },
            ...(tlsSecretName ? { tls: { secretName: tlsSecretName, ...(clusterIssuer ? { clusterIssuer } : {}) } } : {}),
        },
    },
    { ...onCluster, dependsOn: [ns] },
);

export const kubeconfig = cluster.kubeconfig;
export const clusterName = cluster.clusterName;
export const predictUrl = bloom.predictUrl;
/** `curl -X POST $externalUrl/predictions/bloom -H 'Content-Type: application/json' -d '{"inputs": "Hello"}'` */
export const externalUrl = bloom.externalUrl;
