// The volumes the ModelBucketVolume tests start from: an OSS bucket mounted through RRSA on ACK
// and an S3 bucket through the Mountpoint driver's Pod Identity on EKS.
import type { ModelBucketVolumeArgs } from "../../src/storage/model-bucket-volume/args";

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
