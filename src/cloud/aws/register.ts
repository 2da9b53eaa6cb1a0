// Loaded only when a GpuCluster runs on AWS: the Kubernetes layer never imports @pulumi/aws.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { releaseArgs } from "../../core/helm";
import { eksKubeconfig } from "../gpu-cluster/kubeconfig";
import type { PoolRole, ResolvedPool } from "../gpu-cluster/pools";
import type { RegisterCluster, RegisteredCluster } from "../gpu-cluster/registered";
import type { GpuClusterResolved } from "../gpu-cluster/validate";
import { registerAwsNetwork, type AwsNetwork, type AwsNetworkRole } from "./network";
import {
    addonVersions,
    CLUSTER_POLICIES,
    clusterAdminPolicy,
    clusterArgs,
    devicePluginRelease,
    kmsKeyArgs,
    launchTemplateArgs,
    managedPolicy,
    needsDevicePlugin,
    NODE_POLICIES,
    nodeGroupArgs,
    POD_IDENTITY_AGENT_ADDON,
    S3_CSI_ADDON,
    S3_CSI_SERVICE_ACCOUNT,
    trustPolicy,
} from "./render";

/** Roles of an EKS cluster's cloud resources (`admin-<i>` per admin, `<pool role>-lt` per pool's launch template). */
export type EksRole =
    | AwsNetworkRole
    | "cluster-role"
    | "cluster-policy"
    | "secrets-key"
    | "eks"
    | `admin-${number}`
    | `admin-${number}-policy`
    | "node-role"
    | `node-policy-${keyof typeof NODE_POLICIES}`
    | PoolRole
    | `${PoolRole}-lt`
    | "pod-identity-agent"
    | "s3-csi-role"
    | "s3-csi-driver";

/**
 * The EKS cluster in the order its parts depend on each other: network, control plane, admin
 * access, node groups, add-ons. Each step returns its resources by role; `resources` lists them in
 * that order.
 */
export const registerCluster: RegisterCluster = (parent, r): RegisteredCluster => {
    const network = registerAwsNetwork(parent, r);
    const controlPlane = registerControlPlane(parent, r, network);
    const cluster = controlPlane.cluster;
    const admins = registerAdmins(parent, r, cluster);
    const nodes = registerNodeGroups(parent, r, cluster, network);
    const addons = registerAddons(parent, r, cluster, nodes.systemGroup);
    const name = r.name;
    return {
        clusterName: cluster.name,
        clusterIdentifier: cluster.id,
        kubeconfig: clusterKubeconfig(r, cluster),
        vpcId: network.vpcId,
        podIdentity: { cloud: "aws", clusterName: cluster.name, s3CsiDriverRoleName: addons.s3CsiRole.name },
        ready: [nodes.systemGroup, ...nodes.gpuGroups, addons.podIdentityAgent, addons.s3Csi],
        resources: { ...network.resources, ...controlPlane.resources, ...admins, ...nodes.resources, ...addons.resources, system: nodes.systemGroup },
        onCluster: needsDevicePlugin(r)
            ? (provider) => ({
                  "nvidia-device-plugin": new k8s.helm.v3.Release(`${name}-nvidia-device-plugin`, releaseArgs(devicePluginRelease()), { parent, provider }),
              })
            : undefined,
    };
};

/** One step's resources, by role. */
type Resources = { [K in EksRole]?: pulumi.Resource };

/** The cluster's IAM role and policies, the secrets key (unless one is given), and the EKS cluster in the private subnets. */
function registerControlPlane(parent: pulumi.Resource, r: GpuClusterResolved, network: AwsNetwork): { cluster: aws.eks.Cluster; resources: Resources } {
    const name = r.name;
    const region = r.args.region;
    const opts = { parent };
    const clusterRole = new aws.iam.Role(`${name}-cluster-role`, { assumeRolePolicy: trustPolicy("eks.amazonaws.com", true), tags: { ...r.args.tags } }, opts);
    // The first attachment keeps the name it has always had; any added later is named by its policy.
    const clusterPolicies = CLUSTER_POLICIES.map(
        (p, i) =>
            new aws.iam.RolePolicyAttachment(
                i === 0 ? `${name}-cluster-policy` : `${name}-cluster-policy-${p}`,
                { role: clusterRole.name, policyArn: managedPolicy(region, p) },
                opts,
            ),
    );
    const resources: Resources = { "cluster-role": clusterRole, "cluster-policy": clusterPolicies[0] };

    let keyArn: pulumi.Input<string> | undefined;
    if (r.args.secretsEncryption.enabled) {
        if (r.args.secretsEncryption.kmsKeyId) keyArn = r.args.secretsEncryption.kmsKeyId;
        else {
            const key = new aws.kms.Key(`${name}-secrets-key`, kmsKeyArgs(r), opts);
            resources["secrets-key"] = key;
            keyArn = key.arn;
        }
    }
    const plain = clusterArgs(r);
    const cluster = new aws.eks.Cluster(
        `${name}-eks`,
        {
            ...plain,
            roleArn: clusterRole.arn,
            vpcConfig: { ...plain.vpcConfig, subnetIds: network.privateSubnetIds },
            ...(keyArn ? { encryptionConfig: { resources: ["secrets"], provider: { keyArn } } } : {}),
        },
        { parent, dependsOn: clusterPolicies },
    );
    resources.eks = cluster;
    return { cluster, resources };
}

/** An access entry with the cluster-admin policy for each of `eks.admins`. */
function registerAdmins(parent: pulumi.Resource, r: GpuClusterResolved, cluster: aws.eks.Cluster): Resources {
    const name = r.name;
    const region = r.args.region;
    const resources: Resources = {};
    r.eks.admins.forEach((principalArn, i) => {
        const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD", region }, { parent });
        const association = new aws.eks.AccessPolicyAssociation(
            `${name}-admin-${i}-policy`,
            { clusterName: cluster.name, principalArn, policyArn: clusterAdminPolicy(region), accessScope: { type: "cluster" }, region },
            { parent, dependsOn: [entry] },
        );
        Object.assign(resources, { [`admin-${i}`]: entry, [`admin-${i}-policy`]: association });
    });
    return resources;
}

/** The nodes' IAM role and policies, then one launch template and managed node group per pool: the system pool first. */
function registerNodeGroups(
    parent: pulumi.Resource,
    r: GpuClusterResolved,
    cluster: aws.eks.Cluster,
    network: AwsNetwork,
): { systemGroup: aws.eks.NodeGroup; gpuGroups: aws.eks.NodeGroup[]; resources: Resources } {
    const name = r.name;
    const opts = { parent };
    const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: trustPolicy("ec2.amazonaws.com", false), tags: { ...r.args.tags } }, opts);
    const resources: Resources = { "node-role": nodeRole };
    const nodePolicies = (Object.entries(NODE_POLICIES) as [keyof typeof NODE_POLICIES, string][]).map(([role, policy]) => {
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-node-policy-${role}`,
            { role: nodeRole.name, policyArn: managedPolicy(r.args.region, policy) },
            opts,
        );
        resources[`node-policy-${role}`] = attachment;
        return attachment;
    });

    const nodeGroup = (pool: ResolvedPool): aws.eks.NodeGroup => {
        const lt = new aws.ec2.LaunchTemplate(`${name}-${pool.role}-lt`, launchTemplateArgs(r, pool), opts);
        const subnetIds = pool.zoneIndexes ? pool.zoneIndexes.map((i) => network.privateSubnetIds[i]) : network.privateSubnetIds;
        const group = new aws.eks.NodeGroup(
            `${name}-${pool.role}`,
            {
                ...nodeGroupArgs(r, pool),
                clusterName: cluster.name,
                nodeRoleArn: nodeRole.arn,
                subnetIds,
                launchTemplate: { id: lt.id, version: lt.latestVersion.apply((v) => String(v)) },
            },
            // An autoscaler owns the node count of an autoscaled pool; Pulumi must not reset it.
            { parent, dependsOn: [...nodePolicies, ...network.egress], ...(pool.autoscaled ? { ignoreChanges: ["scalingConfig.desiredSize"] } : {}) },
        );
        Object.assign(resources, { [`${pool.role}-lt`]: lt, [pool.role]: group });
        return group;
    };
    const systemGroup = nodeGroup(r.systemPool);
    const gpuGroups = r.gpuPools.map(nodeGroup);
    return { systemGroup, gpuGroups, resources };
}

/** The Pod Identity agent and the Mountpoint for S3 CSI driver with its role, once the system nodes run. */
function registerAddons(parent: pulumi.Resource, r: GpuClusterResolved, cluster: aws.eks.Cluster, systemGroup: aws.eks.NodeGroup) {
    const name = r.name;
    const region = r.args.region;
    const versions = addonVersions(r);
    const podIdentityAgent = new aws.eks.Addon(
        `${name}-pod-identity-agent`,
        {
            clusterName: cluster.name,
            addonName: POD_IDENTITY_AGENT_ADDON,
            addonVersion: versions.podIdentityAgent,
            resolveConflictsOnCreate: "OVERWRITE",
            region,
            tags: { ...r.args.tags },
        },
        { parent, dependsOn: [systemGroup] },
    );
    // No S3 permissions here: each ModelBucketVolume grants this role its own bucket and prefix.
    const s3CsiRole = new aws.iam.Role(
        `${name}-s3-csi-role`,
        { assumeRolePolicy: trustPolicy("pods.eks.amazonaws.com", true), tags: { ...r.args.tags } },
        { parent },
    );
    const s3Csi = new aws.eks.Addon(
        `${name}-s3-csi-driver`,
        {
            clusterName: cluster.name,
            addonName: S3_CSI_ADDON,
            addonVersion: versions.mountpointS3,
            podIdentityAssociations: [{ roleArn: s3CsiRole.arn, serviceAccount: S3_CSI_SERVICE_ACCOUNT }],
            resolveConflictsOnCreate: "OVERWRITE",
            region,
            tags: { ...r.args.tags },
        },
        { parent, dependsOn: [podIdentityAgent, systemGroup] },
    );
    const resources: Resources = { "pod-identity-agent": podIdentityAgent, "s3-csi-role": s3CsiRole, "s3-csi-driver": s3Csi };
    return { podIdentityAgent, s3CsiRole, s3Csi, resources };
}

/** The kubeconfig of the cluster, once its endpoint and certificate authority are known. */
function clusterKubeconfig(r: GpuClusterResolved, cluster: aws.eks.Cluster): pulumi.Output<string> {
    return pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority.data]).apply(([clusterName, endpoint, caData]) => {
        if (!caData) throw new Error(`EKS cluster ${clusterName} reported no certificate authority`);
        return eksKubeconfig({ clusterName, endpoint, caData, region: r.args.region, roleArn: r.eks.kubeconfigRoleArn, profile: r.eks.kubeconfigProfile });
    });
}
