/**
 * Plain arguments of the EKS cluster's AWS resources (no Pulumi at runtime), so tests can check
 * every secure default without a cloud.
 */
import { chartSource, type HelmReleaseSpec } from "../../core/helm";
import { charts, clusterVersions } from "../../core/versions";
import type { ResolvedPool } from "../gpu-cluster/pools";
import type { GpuClusterResolved } from "../gpu-cluster/validate";

/** The add-on's service account (kube-system/s3-csi-driver-sa) its Pod Identity association names. */
export const S3_CSI_SERVICE_ACCOUNT = "s3-csi-driver-sa";
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";
export const S3_CSI_ADDON = "aws-mountpoint-s3-csi-driver";

/** `aws`, `aws-cn` or `aws-us-gov`, from the region, so managed-policy ARNs need no look-up. */
export function awsPartition(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** Trust policy letting an AWS service principal assume a role. */
export function trustPolicy(service: string, tagSession: boolean): string {
    const action = tagSession ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"];
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: action }] });
}

export function managedPolicy(region: string, name: string): string {
    return `arn:${awsPartition(region)}:iam::aws:policy/${name}`;
}

export const CLUSTER_POLICIES = ["AmazonEKSClusterPolicy"] as const;
export const NODE_POLICIES = { worker: "AmazonEKSWorkerNodePolicy", cni: "AmazonEKS_CNI_Policy", ecr: "AmazonEC2ContainerRegistryReadOnly" } as const;

export function clusterAdminPolicy(region: string): string {
    return `arn:${awsPartition(region)}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;
}

/** `aws.eks.Cluster` arguments that do not depend on other resources. */
export function clusterArgs(r: GpuClusterResolved) {
    const a = r.args;
    return {
        version: r.kubernetesVersion,
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: r.eks.creatorAdmin },
        vpcConfig: {
            endpointPrivateAccess: true,
            endpointPublicAccess: a.endpoint.publicAccess,
            ...(a.endpoint.publicAccessCidrs ? { publicAccessCidrs: [...a.endpoint.publicAccessCidrs] } : {}),
        },
        enabledClusterLogTypes: [...r.eks.logTypes],
        deletionProtection: a.deletionProtection,
        region: a.region,
        tags: { ...a.tags },
    };
}

/** Secrets-encryption key when the caller did not bring one. */
export function kmsKeyArgs(r: GpuClusterResolved) {
    return {
        description: `Envelope encryption of Kubernetes Secrets of EKS cluster ${r.name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        region: r.args.region,
        tags: { ...r.args.tags },
    };
}

function systemAmiType(r: GpuClusterResolved): string {
    return r.eks.amiType === "BOTTLEROCKET_x86_64_NVIDIA" ? "BOTTLEROCKET_x86_64" : "AL2023_x86_64_STANDARD";
}

/** Bottlerocket keeps images on its second (data) volume; AL2023 on the root volume. */
function dataDevice(r: GpuClusterResolved): string {
    return r.eks.amiType === "BOTTLEROCKET_x86_64_NVIDIA" ? "/dev/xvdb" : "/dev/xvda";
}

/** Launch template of a node group: IMDSv2 only, encrypted gp3 disk sized for serving images. */
export function launchTemplateArgs(r: GpuClusterResolved, pool: ResolvedPool) {
    const tags = { ...r.args.tags };
    return {
        description: `Nodes of pool ${pool.name} of EKS cluster ${r.name}`,
        updateDefaultVersion: true,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            // 1 keeps pods (one network hop further) away from the node role's credentials.
            httpPutResponseHopLimit: r.eks.podImdsAccess ? 2 : 1,
        },
        blockDeviceMappings: [
            {
                deviceName: dataDevice(r),
                ebs: { volumeSize: pool.diskSizeGiB, volumeType: "gp3", encrypted: String(r.args.nodeDiskEncryption), deleteOnTermination: "true" },
            },
        ],
        ...(Object.keys(tags).length > 0 ? { tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags })) } : {}),
        region: r.args.region,
        tags,
    };
}

const EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

/** `aws.eks.NodeGroup` arguments that do not depend on other resources. */
export function nodeGroupArgs(r: GpuClusterResolved, pool: ResolvedPool) {
    return {
        amiType: pool.kind === "gpu" ? r.eks.amiType : systemAmiType(r),
        instanceTypes: [...pool.instanceTypes],
        capacityType: pool.capacityType === "spot" ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: pool.minSize, desiredSize: pool.desiredSize, maxSize: pool.maxSize },
        labels: { ...pool.labels },
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EFFECT[t.effect] })),
        updateConfig: { maxUnavailable: 1 },
        version: r.kubernetesVersion,
        ...(r.eks.releaseVersion ? { releaseVersion: r.eks.releaseVersion } : {}),
        region: r.args.region,
        tags: { ...r.args.tags },
    };
}

export function addonVersions(r: GpuClusterResolved): { podIdentityAgent: string; mountpointS3: string } {
    return {
        podIdentityAgent: r.eks.addonVersions.podIdentityAgent ?? clusterVersions.eksPodIdentityAgentAddon,
        mountpointS3: r.eks.addonVersions.mountpointS3 ?? clusterVersions.eksMountpointS3Addon,
    };
}

/** AL2023 NVIDIA AMIs have the driver and toolkit but not the device plugin; Bottlerocket's carry it. */
export function needsDevicePlugin(r: GpuClusterResolved): boolean {
    return r.eks.amiType === "AL2023_x86_64_NVIDIA";
}

export function devicePluginRelease(): HelmReleaseSpec {
    return {
        name: "nvidia-device-plugin",
        ...chartSource(charts.nvidiaDevicePlugin),
        namespace: "nvidia-device-plugin",
        createNamespace: true,
        // The chart's defaults fit: it tolerates the nvidia.com/gpu taint and runs on nodes labelled
        // nvidia.com/gpu.present=true, which every GPU node group sets.
        values: {},
        timeout: 600,
    };
}

/** Tags of subnets, so load balancers find them (AWS Load Balancer Controller subnet discovery). */
export function subnetTags(r: GpuClusterResolved, tier: "public" | "private", index: number): Record<string, string> {
    return {
        ...r.args.tags,
        Name: `${r.name}-${tier}-${index}`,
        [tier === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1",
    };
}
