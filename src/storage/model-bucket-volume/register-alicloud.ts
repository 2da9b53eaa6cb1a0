// Loaded only when a volume on Alibaba Cloud needs a bucket or a RAM role.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { text } from "../../core/deferrable";
import type { AckRrsaIdentity } from "../../core/pod-identity";
import { renderOssBucket, renderRrsaRole, rrsaTrustPolicy } from "./render-cloud";
import type { ModelBucketVolumeResolved } from "./validate";

/** Roles of the Alibaba Cloud resources a volume may create: the bucket and its settings, the RRSA role. */
export type AlicloudVolumeRole = "bucket" | "bucket-acl" | "bucket-public-access-block" | "rrsa-role" | "rrsa-policy" | "rrsa-policy-attachment";

export function registerOssBucket(parent: pulumi.Resource, r: ModelBucketVolumeResolved): Partial<Record<AlicloudVolumeRole, pulumi.Resource>> {
    const plan = renderOssBucket(r);
    const retain = { parent, retainOnDelete: r.args.bucket.retainOnDelete };
    const bucket = new alicloud.oss.Bucket(`${r.name}-bucket`, plan.bucket, retain);
    const acl = new alicloud.oss.BucketAcl(`${r.name}-bucket-acl`, { bucket: bucket.bucket, ...plan.acl }, retain);
    const block = new alicloud.oss.BucketPublicAccessBlock(
        `${r.name}-bucket-public-access-block`,
        { bucket: bucket.bucket, ...plan.publicAccessBlock },
        retain,
    );
    return { bucket, "bucket-acl": acl, "bucket-public-access-block": block };
}

export function registerRrsaRole(
    parent: pulumi.Resource,
    r: ModelBucketVolumeResolved,
    identity: AckRrsaIdentity,
): Partial<Record<AlicloudVolumeRole, pulumi.Resource>> {
    const plan = renderRrsaRole(r);
    const role = new alicloud.ram.Role(
        `${r.name}-rrsa-role`,
        {
            roleName: plan.roleName,
            description: text`OSS CSI access to ${r.args.bucket.name} for model volume ${r.baseName}`,
            assumeRolePolicyDocument: pulumi.all([identity.oidcProviderArn, identity.oidcIssuerUrl]).apply(([arn, issuer]) => rrsaTrustPolicy(arn, issuer)),
        },
        { parent },
    );
    const policy = new alicloud.ram.Policy(`${r.name}-rrsa-policy`, plan.policy, { parent });
    const attachment = new alicloud.ram.RolePolicyAttachment(
        `${r.name}-rrsa-policy-attachment`,
        { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" },
        { parent },
    );
    return { "rrsa-role": role, "rrsa-policy": policy, "rrsa-policy-attachment": attachment };
}
