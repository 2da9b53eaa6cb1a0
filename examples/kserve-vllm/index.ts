import * as k8s from "@pulumi/kubernetes";
import { loadConfig, z } from "pulumi-llm-serving/config";
import { ModelBucketVolume, modelBucketVolumeSchema, VllmInferenceService } from "pulumi-llm-serving/kubernetes";

// Stack configuration (defaults in Pulumi.yaml), checked with the volume's own argument schemas;
// an error names the config key, e.g. `kserve-vllm:region: must be a region id ...`.
const volumeArgs = modelBucketVolumeSchema().shape;
const config = loadConfig(
    z
        .strictObject({
            namespace: volumeArgs.namespace,
            createNamespace: z.boolean().default(true),
            cloud: volumeArgs.cloud,
            region: volumeArgs.region,
            modelBucket: volumeArgs.bucket.shape.name,
            modelPath: z.string().min(1),
            ossRoleName: z.string().default(""),
            gpuResourceName: z.string().min(1).default("nvidia.com/gpu"),
        })
        .refine((c) => c.cloud !== "alicloud" || c.ossRoleName !== "", {
            path: ["ossRoleName"],
            message: "is required with cloud alicloud: the RAM role the OSS CSI driver assumes through RRSA",
        }),
);
const { namespace, cloud, modelPath } = config;

const ns = config.createNamespace ? new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { retainOnDelete: true }) : undefined;
const inNamespace = { dependsOn: ns ? [ns] : [] };

// The weights were uploaded once (see README); the bucket is adopted, so destroy never touches it.
const models = new ModelBucketVolume(
    "models",
    {
        cloud,
        region: config.region,
        namespace,
        bucket: { name: config.modelBucket, create: false },
        // Named after the source (volumeNames "content", the default): another bucket (or region,
        // prefix, ...) is a new volume and claim the predictor rolls onto.
        ...(cloud === "alicloud" ? { oss: { roleName: config.ossRoleName } } : {}),
    },
    inNamespace,
);

const bloom = new VllmInferenceService(
    "bloom-560m",
    {
        namespace,
        model: {
            source: { volume: models.ref, path: modelPath },
            servedModelName: "bloom-560m",
            parameters: 559_214_592,
            dtype: "float16",
        },
        gpus: { resourceName: config.gpuResourceName },
        resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "16Gi" } },
    },
    inNamespace,
);

export const storageUri = models.storageUri;
export const openAiBaseUrl = bloom.openAiBaseUrl;
export const servedModelName = bloom.servedModelName;
