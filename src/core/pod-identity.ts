import type * as pulumi from "@pulumi/pulumi";
import { inputOf } from "./validation";
import { lazySchema, type Zod } from "./zod";

/**
 * What a cluster tells storage about its pod identity, so `ModelBucketVolume` can grant the
 * CSI driver access to a bucket without static keys and without the user copying strings.
 * `GpuCluster.podIdentity` returns one.
 */
export type PodIdentity = AckRrsaIdentity | EksPodIdentity;

/** ACK RRSA: the cluster's OIDC provider, trusted by RAM roles. */
export interface AckRrsaIdentity {
    readonly cloud: "alicloud";
    /** `rrsaMetadata.ramOidcProviderArn` of the cluster. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** `rrsaMetadata.rrsaOidcIssuerUrl` of the cluster. */
    readonly oidcIssuerUrl: pulumi.Input<string>;
}

/** EKS Pod Identity: the cluster, and the role the Mountpoint for S3 CSI driver runs as. */
export interface EksPodIdentity {
    readonly cloud: "aws";
    readonly clusterName: pulumi.Input<string>;
    /** Name of the IAM role of the `aws-mountpoint-s3-csi-driver` add-on (Pod Identity association). */
    readonly s3CsiDriverRoleName: pulumi.Input<string>;
}

/** One field of a pod identity: a non-empty string, or an Output checked when known. */
const identityField = (z: Zod, what: string) =>
    inputOf(
        z,
        z.string({ error: (issue) => (issue.input === undefined ? `is required: ${what}` : `must be a string: ${what}`) }).min(1, `must not be empty: ${what}`),
    );

/**
 * A complete {@link PodIdentity}: every field of its cloud given and non-empty (Outputs are checked
 * when known), nothing else. A partial one is refused naming the missing field, before anything is
 * registered: a RAM trust policy without its issuer, or an IAM policy on no role, is never made.
 */
export const podIdentitySchema = lazySchema((z) =>
    z.discriminatedUnion(
        "cloud",
        [
            z.strictObject({
                cloud: z.literal("alicloud"),
                oidcProviderArn: identityField(z, "the cluster's rrsaMetadata.ramOidcProviderArn (GpuCluster.podIdentity gives it)"),
                oidcIssuerUrl: identityField(z, "the cluster's rrsaMetadata.rrsaOidcIssuerUrl (GpuCluster.podIdentity gives it)"),
            }),
            z.strictObject({
                cloud: z.literal("aws"),
                clusterName: identityField(z, "the EKS cluster's name (GpuCluster.podIdentity gives it)"),
                s3CsiDriverRoleName: identityField(z, "the IAM role of the Mountpoint for S3 CSI driver (GpuCluster.podIdentity gives it)"),
            }),
        ],
        { error: "must be a PodIdentity from GpuCluster.podIdentity: cloud 'alicloud' or 'aws' with that cloud's fields" },
    ),
);
