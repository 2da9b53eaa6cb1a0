/**
 * Cloud resource arguments for the bucket and its access grant, as plain data. The types come
 * from the cloud SDKs' declarations only (`import type`), so nothing here loads them.
 */
import type * as alicloud from "@pulumi/alicloud";
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { text, whenKnown, type Deferrable } from "../../core/deferrable";
import type { ModelBucketVolumeResolved } from "./validate";
import { rrsaRoleName } from "./render-kube";

const MANAGED_TAGS = { "managed-by": "pulumi-llm-serving" };

/** The OSS bucket's resources, rendered as plain arguments. */
export interface OssBucketPlan {
    readonly bucket: alicloud.oss.BucketArgs;
    readonly acl: Omit<alicloud.oss.BucketAclArgs, "bucket">;
    readonly publicAccessBlock: Omit<alicloud.oss.BucketPublicAccessBlockArgs, "bucket">;
}

export function renderOssBucket(r: ModelBucketVolumeResolved): OssBucketPlan {
    const b = r.args.bucket;
    return {
        bucket: {
            bucket: b.name,
            storageClass: "Standard",
            forceDestroy: false,
            serverSideEncryptionRule: b.kmsKeyId ? { sseAlgorithm: "KMS", kmsMasterKeyId: b.kmsKeyId } : { sseAlgorithm: "AES256" },
            ...(b.versioning ? { versioning: { status: "Enabled" } } : {}),
            tags: { ...MANAGED_TAGS, ...b.tags },
        },
        acl: { acl: "private" },
        publicAccessBlock: { blockPublicAccess: true },
    };
}

/** OSS actions the CSI driver needs: read, plus write for ReadWriteMany volumes. */
export function ossActions(r: ModelBucketVolumeResolved): string[] {
    const read = ["oss:GetObject", "oss:ListObjects", "oss:GetBucketInfo"];
    const write = ["oss:PutObject", "oss:DeleteObject", "oss:AbortMultipartUpload", "oss:ListParts"];
    return r.args.accessMode === "ReadWriteMany" ? [...read, ...write] : read;
}

/** The RAM policy document; an Output when the bucket name is one. */
export function ossAccessPolicyDocument(r: ModelBucketVolumeResolved): Deferrable<string> {
    return whenKnown([r.args.bucket.name], (bucket: string) => ossPolicyFor(r, bucket));
}

/** The keys a grant covers: `<prefix>/*`, never `<prefix>*` (which would also match `<prefix>-other/...`). */
function objectKeys(r: ModelBucketVolumeResolved): string {
    return r.args.prefix === "" ? "*" : `${r.args.prefix}/*`;
}

function ossPolicyFor(r: ModelBucketVolumeResolved, bucket: string): string {
    return JSON.stringify({
        Version: "1",
        Statement: [
            {
                Effect: "Allow",
                Action: ossActions(r),
                Resource: [`acs:oss:*:*:${bucket}`, `acs:oss:*:*:${bucket}/${objectKeys(r)}`],
            },
        ],
    });
}

/** RRSA trust: the OSS CSI fuse pods' service account, through the cluster's OIDC provider. */
export function rrsaTrustPolicy(oidcProviderArn: string, issuerUrl: string): string {
    return JSON.stringify({
        Version: "1",
        Statement: [
            {
                Action: "sts:AssumeRole",
                Effect: "Allow",
                Principal: { Federated: [oidcProviderArn] },
                Condition: {
                    StringEquals: {
                        "oidc:aud": "sts.aliyuncs.com",
                        "oidc:iss": issuerUrl,
                        "oidc:sub": "system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs",
                    },
                },
            },
        ],
    });
}

/** The RAM role the OSS CSI driver assumes through RRSA, rendered as plain arguments. */
export interface RrsaRolePlan {
    readonly roleName: Deferrable<string>;
    readonly policy: alicloud.ram.PolicyArgs;
}

export function renderRrsaRole(r: ModelBucketVolumeResolved): RrsaRolePlan {
    const roleName = rrsaRoleName(r);
    return {
        roleName,
        policy: {
            policyName: whenKnown([roleName], (name: string) => `${name}-access`.slice(0, 128)),
            policyDocument: ossAccessPolicyDocument(r),
            description: text`Access to OSS bucket ${r.args.bucket.name} for model volume ${r.baseName}`,
        },
    };
}

/** The S3 bucket's resources, rendered as plain arguments. */
export interface S3BucketPlan {
    readonly bucket: aws.s3.BucketArgs;
    readonly publicAccessBlock: Omit<aws.s3.BucketPublicAccessBlockArgs, "bucket">;
    readonly ownership: Omit<aws.s3.BucketOwnershipControlsArgs, "bucket">;
    readonly encryption: Omit<aws.s3.BucketServerSideEncryptionConfigurationArgs, "bucket">;
    readonly versioning?: Omit<aws.s3.BucketVersioningArgs, "bucket">;
}

export function renderS3Bucket(r: ModelBucketVolumeResolved): S3BucketPlan {
    const b = r.args.bucket;
    return {
        bucket: { bucket: b.name, forceDestroy: false, tags: { ...MANAGED_TAGS, ...b.tags } },
        publicAccessBlock: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        ownership: { rule: { objectOwnership: "BucketOwnerEnforced" } },
        encryption: {
            rules: [
                {
                    applyServerSideEncryptionByDefault: b.kmsKeyId ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: b.kmsKeyId } : { sseAlgorithm: "AES256" },
                    bucketKeyEnabled: b.kmsKeyId !== undefined,
                },
            ],
        },
        ...(b.versioning ? { versioning: { versioningConfiguration: { status: "Enabled" } } } : {}),
    };
}

/** What Mountpoint needs on the bucket: list (under the prefix) and read, plus write for ReadWriteMany; an Output when the bucket name is one. */
export function s3AccessPolicyDocument(r: ModelBucketVolumeResolved): Deferrable<string> {
    return whenKnown([r.args.bucket.name], (bucket: string) => s3PolicyFor(r, bucket));
}

function s3PolicyFor(r: ModelBucketVolumeResolved, bucket: string): string {
    const prefix = r.args.prefix;
    const objects = `arn:aws:s3:::${bucket}/${objectKeys(r)}`;
    const write = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListModelPrefix",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [`arn:aws:s3:::${bucket}`],
                ...(prefix === "" ? {} : { Condition: { StringLike: { "s3:prefix": [`${prefix}/*`, prefix] } } }),
            },
            {
                Sid: "ModelObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", ...(r.args.accessMode === "ReadWriteMany" ? write : [])],
                Resource: [objects],
            },
        ],
    });
}

export type InputString = pulumi.Input<string>;
