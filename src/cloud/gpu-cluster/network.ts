import { bitsFor, formatCidr, parseCidr, subnet } from "./cidr";

/** Subnets (vSwitches) of a new VPC, one per zone, by zone index. */
export interface NetworkPlan {
    readonly vpcCidr: string;
    /** Subnets for nodes and the control plane (EKS: private, behind NAT; ACK: the vSwitches). */
    readonly privateSubnets: readonly string[];
    /** EKS public subnets holding the NAT gateways and internet-facing load balancers (none on ACK). */
    readonly publicSubnets: readonly string[];
}

/** Smallest subnet the clouds accept. */
export const MIN_SUBNET_PREFIX = 28;

/**
 * Splits the VPC into equal blocks: on EKS private subnets take blocks 0..n-1 and public ones
 * n..2n-1; on ACK the vSwitches take blocks 0..n-1. 10.0.0.0/16 with two zones gives EKS private
 * 10.0.0.0/18 and 10.0.64.0/18, public 10.0.128.0/18 and 10.0.192.0/18.
 */
export function planNetwork(cloud: "aws" | "alicloud", vpcCidr: string, zoneCount: number): NetworkPlan {
    const vpc = parseCidr(vpcCidr);
    if (!vpc) throw new Error(`invalid VPC CIDR ${vpcCidr}`);
    const blocks = cloud === "aws" ? 2 * zoneCount : zoneCount;
    const bits = bitsFor(blocks);
    if (vpc.prefix + bits > MIN_SUBNET_PREFIX) throw new Error(`${vpcCidr} is too small for ${blocks} subnets`);
    const block = (i: number) => formatCidr(subnet(vpc, bits, i));
    const indexes = [...Array(zoneCount).keys()];
    return {
        vpcCidr,
        privateSubnets: indexes.map(block),
        publicSubnets: cloud === "aws" ? indexes.map((i) => block(zoneCount + i)) : [],
    };
}

/** Whether `vpcCidr` can hold the subnets `planNetwork` would carve for `zoneCount` zones. */
export function networkFits(cloud: "aws" | "alicloud", vpcCidr: string, zoneCount: number): boolean {
    const vpc = parseCidr(vpcCidr);
    return vpc !== undefined && vpc.prefix + bitsFor(cloud === "aws" ? 2 * zoneCount : zoneCount) <= MIN_SUBNET_PREFIX;
}
