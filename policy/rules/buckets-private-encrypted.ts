import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { S3_BUCKETS, T } from "../lib/types";

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const S3_SSE = ["AES256", "aws:kms", "aws:kms:dsse"];
const OSS_SSE = ["AES256", "KMS", "SM4"];
const PUBLIC_ACCESS_BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/**
 * Whether `r` configures `bucket`: through the `bucket` property's dependency (what the engine
 * records), or by the same bucket name (what the offline plan shows).
 */
function configures(r: PolicyResource, bucket: PolicyResource): boolean {
    if ((r.propertyDependencies?.bucket ?? []).some((d) => d.urn === bucket.urn)) return true;
    const name = bucket.props.bucket;
    return typeof name === "string" && r.props.bucket === name;
}

function checkS3(bucket: PolicyResource, all: PolicyResource[], report: (m: string) => void): void {
    const linked = (type: string) => all.filter((r) => r.type === type && configures(r, bucket));
    if (PUBLIC_ACLS.includes(bucket.props.acl)) report(`bucket ACL '${bucket.props.acl}' is public`);
    for (const acl of linked(T.s3Acl)) if (PUBLIC_ACLS.includes(acl.props.acl)) report(`${acl.name} makes the bucket '${acl.props.acl}'`);
    const blocks = linked(T.s3PublicAccessBlock);
    if (!blocks.some((b) => PUBLIC_ACCESS_BLOCKS.every((f) => b.props[f] === true))) {
        report(`no BucketPublicAccessBlock with ${PUBLIC_ACCESS_BLOCKS.join(", ")} all true`);
    }
    const rules = [...linked(T.s3Encryption), ...linked(T.s3EncryptionV2)].flatMap((e) => e.props.rules ?? []);
    const inline = bucket.props.serverSideEncryptionConfiguration?.rule ? [bucket.props.serverSideEncryptionConfiguration.rule] : [];
    if (![...rules, ...inline].some((r: any) => S3_SSE.includes(r?.applyServerSideEncryptionByDefault?.sseAlgorithm))) {
        report(`no server-side encryption configuration (${S3_SSE.join(", ")})`);
    }
}

function checkOss(bucket: PolicyResource, all: PolicyResource[], report: (m: string) => void): void {
    const linked = (type: string) => all.filter((r) => r.type === type && configures(r, bucket));
    if (bucket.props.acl !== undefined && bucket.props.acl !== "private") report(`bucket ACL '${bucket.props.acl}' is not private`);
    for (const acl of linked(T.ossAcl)) if (acl.props.acl !== "private") report(`${acl.name} sets ACL '${acl.props.acl}'`);
    if (!linked(T.ossPublicAccessBlock).some((b) => b.props.blockPublicAccess === true)) report("no BucketPublicAccessBlock with blockPublicAccess true");
    const algorithms = [bucket.props.serverSideEncryptionRule?.sseAlgorithm, ...linked(T.ossEncryption).map((e) => e.props.sseAlgorithm)];
    if (!algorithms.some((a) => OSS_SSE.includes(a))) report(`no server-side encryption (serverSideEncryptionRule, ${OSS_SSE.join(", ")})`);
}

/**
 * Model buckets are private (no public ACL, public access blocked) and encrypted at rest. A
 * stack policy because both clouds configure these through resources of their own next to the
 * bucket.
 */
export const bucketsPrivateEncrypted: StackValidationPolicy = {
    name: "buckets-private-encrypted",
    description: "S3 and OSS buckets are private (public access blocked, no public ACL) and encrypted at rest.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const bucket of args.resources) {
            const report = (m: string) => reportViolation(`bucket ${bucket.name}: ${m}`, bucket.urn);
            if (S3_BUCKETS.includes(bucket.type)) checkS3(bucket, args.resources, report);
            if (bucket.type === T.ossBucket) checkOss(bucket, args.resources, report);
        }
    },
};
