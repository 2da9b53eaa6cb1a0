// Loaded only when a GpuCluster runs on Alibaba Cloud.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import type { GpuClusterResolved } from "../gpu-cluster/validate";
import { natArgs } from "./render";

/** The VPC and vSwitches an ACK cluster runs in: created by GpuCluster or adopted. */
export interface AckNetwork {
    readonly vpcId: pulumi.Output<string>;
    /** Node and control-plane vSwitches, by zone index. */
    readonly vswitchIds: pulumi.Input<string>[];
    /** What nodes need for egress before they start (SNAT entries). */
    readonly egress: pulumi.Resource[];
    readonly resources: { readonly [K in AckNetworkRole]?: pulumi.Resource };
}

/** Roles of a new network's resources, per zone index where there is one per zone (none with an existing network). */
export type AckNetworkRole = "vpc" | `vswitch-${number}` | "nat" | "nat-eip" | "nat-eip-association" | `snat-${number}`;

/**
 * Zone i of the cluster: given explicitly, or the i-th zone where vSwitches can be created and the
 * first GPU pool's first instance type is sold (GPU types are offered in a few zones only).
 */
function zoneIds(parent: pulumi.Resource, r: GpuClusterResolved, count: number): pulumi.Input<string>[] {
    if (r.network.mode === "new" && "explicit" in r.network.zones) return [...r.network.zones.explicit];
    const gpuType = r.gpuPools[0]?.instanceTypes[0];
    const found = alicloud.getZonesOutput({ availableResourceCreation: "VSwitch", ...(gpuType ? { availableInstanceType: gpuType } : {}) }, { parent });
    return [...Array(count).keys()].map((i) =>
        found.ids.apply((ids) => {
            if (ids.length < count)
                throw new Error(`GpuCluster ${r.name}: network.zoneCount is ${count}, but only ${ids.length} zones offer vSwitches and ${gpuType}`);
            return ids[i];
        }),
    );
}

/** A new VPC: one vSwitch per zone and an enhanced NAT gateway with SNAT for each vSwitch. */
export function registerAckNetwork(parent: pulumi.Resource, r: GpuClusterResolved): AckNetwork {
    if (r.network.mode === "existing") {
        return { vpcId: pulumi.output(r.network.vpcId), vswitchIds: [...r.network.subnetIds], egress: [], resources: {} };
    }
    const { plan } = r.network;
    const name = r.name;
    const opts = { parent };
    const zones = zoneIds(parent, r, plan.privateSubnets.length);
    const vpc = new alicloud.vpc.Network(`${name}-vpc`, { vpcName: `${name}-vpc`, cidrBlock: plan.vpcCidr, tags: { ...r.args.tags } }, opts);
    const res: { [K in AckNetworkRole]?: pulumi.Resource } = { vpc };
    const vswitches = plan.privateSubnets.map((cidrBlock, i) => {
        const vsw = new alicloud.vpc.Switch(
            `${name}-vswitch-${i}`,
            { vswitchName: `${name}-${i}`, vpcId: vpc.id, cidrBlock, zoneId: zones[i], tags: { ...r.args.tags } },
            opts,
        );
        res[`vswitch-${i}`] = vsw;
        return vsw;
    });
    const nat = natArgs(r);
    const natGateway = new alicloud.vpc.NatGateway(`${name}-nat`, { ...nat.natGateway, vpcId: vpc.id, vswitchId: vswitches[0].id }, opts);
    const eip = new alicloud.ecs.EipAddress(`${name}-nat-eip`, nat.eip, opts);
    const association = new alicloud.ecs.EipAssociation(`${name}-nat-eip-association`, { allocationId: eip.id, instanceId: natGateway.id }, opts);
    Object.assign(res, { nat: natGateway, "nat-eip": eip, "nat-eip-association": association });
    const egress = vswitches.map((vsw, i) => {
        const snat = new alicloud.vpc.SnatEntry(
            `${name}-snat-${i}`,
            { snatTableId: natGateway.snatTableIds, sourceVswitchId: vsw.id, snatIp: eip.ipAddress },
            { parent, dependsOn: [association] },
        );
        res[`snat-${i}`] = snat;
        return snat;
    });
    return { vpcId: vpc.id, vswitchIds: vswitches.map((v) => v.id), egress, resources: res };
}
