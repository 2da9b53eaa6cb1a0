import type * as pulumi from "@pulumi/pulumi";
import { regionId } from "../../core/region";
import { dns1123Label, inputString, labelRecord, nonEmptyString, nonNegativeInt, positiveInt } from "../../core/schemas";
import { lazySchema, type Infer, type Zod, type ZodSchema } from "../../core/zod";
import { RESERVED_LABELS } from "./pools";

const cidr = nonEmptyString;
const nonEmptyList = <T extends ZodSchema>(z: Zod, item: T) => z.array(item).min(1, "must not be empty");

const poolSizes = () => ({
    minSize: nonNegativeInt().optional(),
    desiredSize: nonNegativeInt().optional(),
    maxSize: positiveInt().optional(),
});

export const gpuPoolSchema = lazySchema((z) =>
    z.strictObject({
        name: dns1123Label().max(30, "must be at most 30 characters (it names cloud node pools and labels nodes)"),
        instanceTypes: z.array(nonEmptyString()).min(1, "a GPU pool needs at least one GPU instance type"),
        ...poolSizes(),
        diskSizeGiB: positiveInt().default(200),
        labels: labelRecord(z, { keys: RESERVED_LABELS, reason: "is set by GpuCluster (use gpuSharing for ACK shared GPUs)" }).default({}),
        zones: nonEmptyList(z, nonEmptyString()).optional(),
        capacityType: z.enum(["onDemand", "spot"]).default("onDemand"),
        gpuSharing: z.enum(["cgpu", "share", "core_mem"]).optional(),
        gpu: z.strictObject({ model: nonEmptyString(), memoryGiB: positiveInt(), count: positiveInt() }).optional(),
    }),
);

export const ackSchema = lazySchema((z) =>
    z.strictObject({
        clusterSpec: z.enum(["ack.pro.small", "ack.pro.xlarge", "ack.pro.2xlarge", "ack.pro.4xlarge"]).default("ack.pro.small"),
        podCidr: cidr().default("172.20.0.0/16"),
        serviceCidr: cidr().default("172.21.0.0/20"),
        imageType: z.enum(["AliyunLinux3", "AliyunLinux3ContainerOptimized", "Ubuntu"]).default("AliyunLinux3"),
        credential: z.enum(["exec", "certificate"]).default("exec"),
        credentialMinutes: z.number().int("must be an integer").min(15, "must be at least 15").max(4320, "must be at most 4320 (3 days)").optional(),
    }),
);

export const eksSchema = lazySchema((z) =>
    z.strictObject({
        amiType: z.enum(["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"]).default("AL2023_x86_64_NVIDIA"),
        releaseVersion: nonEmptyString().optional(),
        creatorAdmin: z.boolean().default(true),
        admins: z.array(z.string()).default([]),
        logTypes: z.array(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"])).default(["audit", "authenticator"]),
        podImdsAccess: z.boolean().default(false),
        kubeconfigRoleArn: nonEmptyString().optional(),
        kubeconfigProfile: nonEmptyString().optional(),
        addonVersions: z.strictObject({ podIdentityAgent: nonEmptyString().optional(), mountpointS3: nonEmptyString().optional() }).default({}),
    }),
);

export const gpuClusterSchema = lazySchema((z) =>
    z.strictObject({
        cloud: z.enum(["alicloud", "aws"]),
        region: regionId(),
        kubernetesVersion: nonEmptyString().optional(),
        network: z
            .strictObject({
                vpcCidr: cidr().optional(),
                zones: z.array(nonEmptyString()).optional(),
                zoneCount: z.number().int("must be an integer").min(2, "must be at least 2").max(6, "must be at most 6").optional(),
                natGateways: z.enum(["single", "perZone"]).optional(),
                existing: z
                    .strictObject({
                        vpcId: inputString(),
                        subnetIds: z.array(inputString()).min(2, "give subnets (vSwitches) in at least two zones"),
                    })
                    .optional(),
            })
            .default({}),
        endpoint: z
            .strictObject({
                publicAccess: z.boolean().default(true),
                publicAccessCidrs: nonEmptyList(z, cidr()).optional(),
            })
            .default({ publicAccess: true }),
        secretsEncryption: z
            .strictObject({
                enabled: z.boolean().default(true),
                kmsKeyId: nonEmptyString().optional(),
            })
            .default({ enabled: true }),
        nodeDiskEncryption: z.boolean().default(true),
        systemPool: z
            .strictObject({
                instanceTypes: nonEmptyList(z, nonEmptyString()).optional(),
                ...poolSizes(),
                diskSizeGiB: positiveInt().default(100),
            })
            .default({ diskSizeGiB: 100 }),
        gpuPools: z.array(gpuPoolSchema()).min(1, "give at least one GPU pool"),
        tags: z.record(nonEmptyString(), z.string()).default({}),
        deletionProtection: z.boolean().default(false),
        ack: ackSchema().optional(),
        eks: eksSchema().optional(),
    }),
);

export type GpuClusterParsed = Infer<typeof gpuClusterSchema>;
export type GpuPoolParsed = Infer<typeof gpuPoolSchema>;
export type AckParsed = Infer<typeof ackSchema>;
export type EksParsed = Infer<typeof eksSchema>;

/** Node counts of a pool. */
export interface PoolSizeArgs {
    /** Fewest nodes (what an autoscaler may shrink to). @default 2 for the system pool, 1 for GPU pools (lowered to fit desiredSize/maxSize when those are smaller) */
    readonly minSize?: number;
    /** Nodes to run; on ACK autoscaled pools (minSize < maxSize) the autoscaler decides instead. @default minSize */
    readonly desiredSize?: number;
    /** Most nodes (what an autoscaler may grow to); above minSize, EKS ignores later changes of the desired size (the autoscaler owns it). @default desiredSize (at least 1) */
    readonly maxSize?: number;
}

/** One GPU node pool. */
export interface GpuPoolArgs extends PoolSizeArgs {
    /** Pool name (DNS label, at most 30 characters); pods select the pool by the node label `llm-serving/pool=<name>`. @default none: required */
    readonly name: string;
    /** GPU instance types, tried in order (`g5.2xlarge`, `ecs.gn7i-c32g1.16xlarge`); see `GPU_INSTANCE_TYPES`. @default none: required (at least one) */
    readonly instanceTypes: readonly string[];
    /** System (ACK) or data (EKS) disk in GiB, holding serving images (tens of GB each). @default 200 */
    readonly diskSizeGiB?: number;
    /**
     * Extra node labels, by Kubernetes' rules: keys are qualified names (`[prefix/]name`, an
     * optional DNS-1123 subdomain prefix of at most 253 characters, a name of at most 63 letters,
     * digits, '-', '_' or '.'), values empty or such a name. The labels GpuCluster sets itself
     * (`llm-serving/pool`, `nvidia.com/gpu.present`, `ack.node.gpu.schedule`) are refused.
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /** Zones of the pool, a subset of `network.zones` (GPU types are often offered in a few zones only). @default every zone */
    readonly zones?: readonly string[];
    /** `onDemand` or `spot` instances. @default "onDemand" */
    readonly capacityType?: "onDemand" | "spot";
    /**
     * ACK shared-GPU scheduling (node label `ack.node.gpu.schedule`): `cgpu` (isolated GPU memory),
     * `core_mem` (isolated memory and compute) or `share` (no isolation). Pods then request
     * `aliyun.com/gpu-mem` (GiB), as Arena's `--gpumemory` does. Needs the `ack-ai-installer`
     * component (Cloud-native AI Suite), installed from the ACK console.
     * @default undefined (whole GPUs, `nvidia.com/gpu`)
     */
    readonly gpuSharing?: "cgpu" | "share" | "core_mem";
    /** GPU facts for instance types the catalog does not know. @default undefined (catalog types only) */
    readonly gpu?: GpuFactsArgs;
}

/** GPU facts of an instance type the catalog does not know (`GpuPoolArgs.gpu`). */
export interface GpuFactsArgs {
    /** GPU model, e.g. `A10`. @default none: required */
    readonly model: string;
    /** Memory of one GPU in GiB. @default none: required */
    readonly memoryGiB: number;
    /** GPUs per instance. @default none: required */
    readonly count: number;
}

/** Network of a {@link GpuCluster}: a new VPC, or an existing one adopted by id (`GpuClusterArgs.network`). */
export interface ClusterNetworkArgs {
    /** CIDR of the new VPC. @default "10.0.0.0/16" */
    readonly vpcCidr?: string;
    /** Zones of the new subnets (vSwitches), at least two; given explicitly, the plan needs no cloud look-up. @default the first `zoneCount` zones the cloud offers */
    readonly zones?: readonly string[];
    /** Zones to look up when `zones` is not given. @default 2 */
    readonly zoneCount?: number;
    /** EKS: one NAT gateway (`single`) or one per zone (`perZone`, survives a zone outage). @default "single" */
    readonly natGateways?: "single" | "perZone";
    /**
     * Adopt an existing VPC: its id and private subnets (ACK: vSwitches) in two or more zones, with egress.
     * Each id may be an Output or a Promise (e.g. another stack's output). @default undefined (a new VPC)
     */
    readonly existing?: ExistingNetworkArgs;
}

/** An existing VPC and its subnets, adopted instead of creating a network (`GpuClusterArgs.network.existing`). */
export interface ExistingNetworkArgs {
    /** VPC id. May be an Output or a Promise. @default none: required */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (ACK: vSwitches) with egress, in at least two zones. Each may be an Output or a Promise. @default none: required */
    readonly subnetIds: readonly pulumi.Input<string>[];
}

/** API server endpoint of a {@link GpuCluster} (`GpuClusterArgs.endpoint`). */
export interface ClusterEndpointArgs {
    /** Reachable from the internet (authenticated); false keeps it inside the VPC. @default true */
    readonly publicAccess?: boolean;
    /** EKS: CIDRs allowed to reach the public endpoint. @default EKS's (0.0.0.0/0) */
    readonly publicAccessCidrs?: readonly string[];
}

/** Envelope encryption of Kubernetes Secrets with a KMS key (`GpuClusterArgs.secretsEncryption`). */
export interface SecretsEncryptionArgs {
    /** Encrypt Secrets (opt out with false). @default true */
    readonly enabled?: boolean;
    /** Existing key (EKS: key ARN; ACK: key id). @default a new key with rotation */
    readonly kmsKeyId?: string;
}

/** The CPU pool for system components (`GpuClusterArgs.systemPool`). */
export interface SystemPoolArgs extends PoolSizeArgs {
    /** Instance types, tried in order. @default ["m6i.xlarge", "m5.xlarge"] on EKS, ["ecs.g7.xlarge", "ecs.g6.xlarge"] on ACK */
    readonly instanceTypes?: readonly string[];
    /** Disk in GiB. @default 100 */
    readonly diskSizeGiB?: number;
}

/** ACK settings of a {@link GpuCluster} (`GpuClusterArgs.ack`, cloud `alicloud`). */
export interface AckClusterArgs {
    /** ACK Pro tier (RRSA, managed node pools and shared GPUs need Pro). @default "ack.pro.small" */
    readonly clusterSpec?: "ack.pro.small" | "ack.pro.xlarge" | "ack.pro.2xlarge" | "ack.pro.4xlarge";
    /** Flannel pod CIDR (must not overlap the VPC). @default "172.20.0.0/16" */
    readonly podCidr?: string;
    /** Service CIDR (must not overlap the VPC or pods). @default "172.21.0.0/20" */
    readonly serviceCidr?: string;
    /** Node OS image. @default "AliyunLinux3" */
    readonly imageType?: "AliyunLinux3" | "AliyunLinux3ContainerOptimized" | "Ubuntu";
    /**
     * How the Kubernetes provider authenticates. `exec`: the `ack-ram-tool credential-plugin`
     * renews short-lived certificates itself, so nothing that expires is stored (needs
     * `ack-ram-tool` on the machine running Pulumi). `certificate`: a temporary client
     * certificate from `getClusterCredential`, fetched again on every run (no tool needed;
     * `pulumi destroy` after it expired needs `--run-program`).
     * @default "exec"
     */
    readonly credential?: "exec" | "certificate";
    /** Validity of the `certificate` credential in minutes (15 to 4320). @default 1440 */
    readonly credentialMinutes?: number;
}

/** EKS settings of a {@link GpuCluster} (`GpuClusterArgs.eks`, cloud `aws`). */
export interface EksClusterArgs {
    /** GPU node AMI type: AL2023 (plus the pinned NVIDIA device plugin chart) or Bottlerocket (carries the plugin). @default "AL2023_x86_64_NVIDIA" */
    readonly amiType?: "AL2023_x86_64_NVIDIA" | "BOTTLEROCKET_x86_64_NVIDIA";
    /** AMI release to pin (e.g. from `aws ssm get-parameter`). @default the newest release when a node group is created; it never changes by itself afterwards */
    readonly releaseVersion?: string;
    /** Give the identity that creates the cluster cluster-admin (an access entry). @default true */
    readonly creatorAdmin?: boolean;
    /** IAM role/user ARNs given cluster-admin through access entries. @default [] */
    readonly admins?: readonly string[];
    /** Control-plane log types sent to CloudWatch. @default ["audit", "authenticator"] */
    readonly logTypes?: readonly ("api" | "audit" | "authenticator" | "controllerManager" | "scheduler")[];
    /** Let pods reach the node's instance metadata (IMDSv2 hop limit 2 instead of 1). @default false */
    readonly podImdsAccess?: boolean;
    /** Role the kubeconfig's `aws eks get-token` assumes. @default the caller's identity */
    readonly kubeconfigRoleArn?: string;
    /** AWS profile the kubeconfig's `aws eks get-token` uses. @default the ambient credentials */
    readonly kubeconfigProfile?: string;
    /** EKS add-on versions. @default `clusterVersions` in core/versions */
    readonly addonVersions?: EksAddonVersionsArgs;
}

/** Versions of the EKS add-ons a {@link GpuCluster} installs (`GpuClusterArgs.eks.addonVersions`). */
export interface EksAddonVersionsArgs {
    /** Version of the `eks-pod-identity-agent` add-on. @default `clusterVersions.eksPodIdentityAgentAddon` in core/versions */
    readonly podIdentityAgent?: string;
    /** Version of the Mountpoint for S3 CSI driver add-on. @default `clusterVersions.eksMountpointS3Addon` in core/versions */
    readonly mountpointS3?: string;
}

/** Arguments of {@link GpuCluster}. */
export interface GpuClusterArgs {
    /** `alicloud`: ACK Pro managed cluster; `aws`: EKS. @default none: required */
    readonly cloud: "alicloud" | "aws";
    /**
     * Region, in the form of `cloud`'s region ids: AWS e.g. `us-east-1`, `us-gov-west-1`, `cn-north-1`;
     * Alibaba Cloud e.g. `cn-hangzhou`, `ap-southeast-1` (on ACK it must be the alicloud provider's region).
     * Refused: another cloud's form (`cn-hangzhou` with `aws`, `cn-north-1` with `alicloud`).
     * @default none: required
     */
    readonly region: string;
    /** Kubernetes version. @default `clusterVersions.eksKubernetes` ("1.34") on EKS, `clusterVersions.ackKubernetes` ("1.34.1-aliyun.1") on ACK */
    readonly kubernetesVersion?: string;
    /** A new VPC (default) or an existing one adopted by id. @default {} (a new VPC, each field at its default) */
    readonly network?: ClusterNetworkArgs;
    /** API server endpoint. @default {publicAccess: true} */
    readonly endpoint?: ClusterEndpointArgs;
    /** Envelope encryption of Kubernetes Secrets with a KMS key. @default {enabled: true} (a new key with rotation) */
    readonly secretsEncryption?: SecretsEncryptionArgs;
    /** Encrypt node system/data disks. @default true */
    readonly nodeDiskEncryption?: boolean;
    /** The CPU pool for system components (CoreDNS, CSI controllers). @default {diskSizeGiB: 100} (each field at its default) */
    readonly systemPool?: SystemPoolArgs;
    /** GPU pools (one or more); each carries the `nvidia.com/gpu` NoSchedule taint. @default none: required (at least one) */
    readonly gpuPools: readonly GpuPoolArgs[];
    /** Tags on every cloud resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
    /** Refuse to delete the cluster. @default false */
    readonly deletionProtection?: boolean;
    /** ACK settings (cloud `alicloud`). @default {clusterSpec: "ack.pro.small", podCidr: "172.20.0.0/16", serviceCidr: "172.21.0.0/20", imageType: "AliyunLinux3", credential: "exec", credentialMinutes: 1440} */
    readonly ack?: AckClusterArgs;
    /** EKS settings (cloud `aws`). @default {amiType: "AL2023_x86_64_NVIDIA", creatorAdmin: true, admins: [], logTypes: ["audit", "authenticator"], podImdsAccess: false} */
    readonly eks?: EksClusterArgs;
}
