// Loaded only when a volume on AWS needs a bucket or an access policy.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { text } from "../../core/deferrable";
import type { EksPodIdentity } from "../../core/pod-identity";
import { renderS3Bucket, s3AccessPolicyDocument } from "./render-cloud";
import type { ModelBucketVolumeResolved } from "./validate";

/** Roles of the AWS resources a volume may create: the bucket and its settings, the access grant. */
export type AwsVolumeRole = "bucket" | "bucket-public-access-block" | "bucket-ownership" | "bucket-encryption" | "bucket-versioning" | "s3-access";

export function registerS3Bucket(parent: pulumi.Resource, r: ModelBucketVolumeResolved): Partial<Record<AwsVolumeRole, pulumi.Resource>> {
    const plan = renderS3Bucket(r);
    const retain = { parent, retainOnDelete: r.args.bucket.retainOnDelete };
    const bucket = new aws.s3.Bucket(`${r.name}-bucket`, { ...plan.bucket, region: r.args.region }, retain);
    const name = bucket.bucket;
    const out: Partial<Record<AwsVolumeRole, pulumi.Resource>> = {
        bucket,
        "bucket-public-access-block": new aws.s3.BucketPublicAccessBlock(
            `${r.name}-bucket-public-access-block`,
            { bucket: name, ...plan.publicAccessBlock, region: r.args.region },
            retain,
        ),
        "bucket-ownership": new aws.s3.BucketOwnershipControls(
            `${r.name}-bucket-ownership`,
            { bucket: name, ...plan.ownership, region: r.args.region },
            retain,
        ),
        "bucket-encryption": new aws.s3.BucketServerSideEncryptionConfiguration(
            `${r.name}-bucket-encryption`,
            { bucket: name, ...plan.encryption, region: r.args.region },
            retain,
        ),
    };
    if (plan.versioning) {
        out["bucket-versioning"] = new aws.s3.BucketVersioning(
            `${r.name}-bucket-versioning`,
            { bucket: name, ...plan.versioning, region: r.args.region },
            retain,
        );
    }
    return out;
}

/** Grants the Mountpoint CSI driver's role (EKS Pod Identity) access to this bucket and prefix. */
export function registerS3Access(
    parent: pulumi.Resource,
    r: ModelBucketVolumeResolved,
    identity: EksPodIdentity,
): Partial<Record<AwsVolumeRole, pulumi.Resource>> {
    return {
        "s3-access": new aws.iam.RolePolicy(
            `${r.name}-s3-access`,
            { role: identity.s3CsiDriverRoleName, name: text`llm-model-volume-${r.baseName}`, policy: s3AccessPolicyDocument(r) },
            { parent },
        ),
    };
}
