import type * as pulumi from "@pulumi/pulumi";

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
