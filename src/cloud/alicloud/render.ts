/**
 * Plain arguments of the ACK cluster's Alibaba Cloud resources (no Pulumi at runtime), so tests
 * can check the provider's quirks and every secure default without a cloud.
 */
import type { ResolvedPool } from "../gpu-cluster/pools";
import type { GpuClusterResolved } from "../gpu-cluster/validate";

/** Cluster add-ons (applied at creation): the CNI and the CSI driver the OSS model volume mounts with. */
export const ACK_ADDONS = [{ name: "flannel" }, { name: "csi-plugin" }, { name: "managed-csiprovisioner" }] as const;

/** `alicloud.cs.ManagedKubernetes` arguments that do not depend on other resources. */
export function clusterArgs(r: GpuClusterResolved) {
    const a = r.args;
    return {
        namePrefix: `${r.name}-`,
        clusterSpec: r.ack.clusterSpec,
        version: r.kubernetesVersion,
        podCidr: r.ack.podCidr,
        serviceCidr: r.ack.serviceCidr,
        // Egress is this component's NAT gateway and SNAT entries (or the adopted VPC's own).
        newNatGateway: false,
        slbInternetEnabled: a.endpoint.publicAccess,
        enableRrsa: true,
        proxyMode: "ipvs",
        addons: ACK_ADDONS.map((addon) => ({ ...addon })),
        deletionProtection: a.deletionProtection,
        // Keep the (deprecated) client certificate out of Pulumi state.
        skipSetCertificateAuthority: true,
        tags: { ...a.tags },
    };
}

/** Secrets-encryption key when the caller did not bring one: a KMS default key, rotated yearly (the only period default keys allow). */
export function kmsKeyArgs(r: GpuClusterResolved) {
    return {
        description: `Envelope encryption of Kubernetes Secrets of ACK cluster ${r.name}`,
        pendingWindowInDays: 30,
        automaticRotation: "Enabled",
        rotationInterval: "365d",
        tags: { ...r.args.tags },
    };
}

/** Shared-GPU pools scale as `gpushare`, whole-GPU pools as `gpu`. */
function scalingType(pool: ResolvedPool): string {
    if (pool.kind === "system") return "cpu";
    return pool.gpuSharing ? "gpushare" : "gpu";
}

/**
 * `alicloud.cs.NodePool` arguments that do not depend on other resources. The provider's quirks:
 * `desiredSize` is a string; disk categories are snake_case API values; taint effects use
 * Kubernetes casing; an autoscaled pool gives min/max in `scalingConfig` and no desired size.
 */
export function nodePoolArgs(r: GpuClusterResolved, pool: ResolvedPool) {
    return {
        nodePoolName: pool.name,
        instanceTypes: [...pool.instanceTypes],
        ...(pool.autoscaled
            ? { scalingConfig: { enable: true, minSize: pool.minSize, maxSize: pool.maxSize, type: scalingType(pool) } }
            : { desiredSize: String(pool.desiredSize) }),
        systemDiskCategory: "cloud_essd",
        systemDiskSize: pool.diskSizeGiB,
        systemDiskEncrypted: r.args.nodeDiskEncryption,
        imageType: r.ack.imageType,
        runtimeName: "containerd",
        labels: Object.entries(pool.labels).map(([key, value]) => ({ key, value })),
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
        // IMDSv2 only (ACK 1.28+): workloads cannot read node credentials with a plain GET.
        instanceMetadataOptions: { httpTokens: "required" },
        // Managed pool: nodes are repaired, but never upgraded or patched behind a reviewed preview.
        management: { enable: true, autoRepair: true, autoUpgrade: false, autoVulFix: false },
        instanceChargeType: "PostPaid",
        ...(pool.capacityType === "spot" ? { spotStrategy: "SpotAsPriceGo" } : {}),
        tags: { ...r.args.tags },
    };
}

/** NAT gateway egress for the new VPC's vSwitches (pay-as-you-go, as the ACK console creates it). */
export function natArgs(r: GpuClusterResolved) {
    return {
        natGateway: { natGatewayName: `${r.name}-nat`, natType: "Enhanced", paymentType: "PayAsYouGo", tags: { ...r.args.tags } },
        eip: { addressName: `${r.name}-nat`, bandwidth: "100", internetChargeType: "PayByTraffic", paymentType: "PayAsYouGo", tags: { ...r.args.tags } },
    };
}
