// The volumes the tests start from: the model claim the serving components mount, and for the
// ModelBucketVolume tests an OSS bucket mounted through RRSA on ACK and an S3 bucket through the
// Mountpoint driver's Pod Identity on EKS.
import type { ModelVolumeRef } from "../../src/core/model-volume";
import type { ModelBucketVolumeArgs } from "../../src/storage/model-bucket-volume/args";

/** A read-only claim `models` in `llm`, mounted at /mnt/models: the model volume serving tests hand to components. */
export const modelVolume: ModelVolumeRef = { claimName: "models", namespace: "llm", mountPath: "/mnt/models", subPath: "", readOnly: true };
/** The claim `bloom-models` in `llm`, read-only: what the DJLServing tests mount. */
export const bloomModels: ModelVolumeRef = { ...modelVolume, claimName: "bloom-models" };
/** The same claim, writable: what the model-job tests download to and convert in. */
export const bloomModelsWritable: ModelVolumeRef = { ...bloomModels, readOnly: false };

export const ackIdentity = {
    cloud: "alicloud" as const,
    oidcProviderArn: "acs:ram::123:oidc-provider/ack-rrsa-c1",
    oidcIssuerUrl: "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou-internal.aliyuncs.com/c1",
};
export const eksIdentity = { cloud: "aws" as const, clusterName: "gpu", s3CsiDriverRoleName: "gpu-s3-csi" };
export const oss: ModelBucketVolumeArgs = {
    cloud: "alicloud",
    region: "cn-hangzhou",
    namespace: "llm",
    bucket: { name: "team-models" },
    prefix: "bloom-7b1",
    podIdentity: ackIdentity,
};
export const s3: ModelBucketVolumeArgs = {
    cloud: "aws",
    region: "us-east-1",
    namespace: "llm",
    bucket: { name: "team-models" },
    prefix: "models/bloom-560m",
    podIdentity: eksIdentity,
};
