// Loaded only when a GpuCluster runs on AWS.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { GpuClusterResolved } from "../gpu-cluster/validate";
import { subnetTags } from "./render";

/** The VPC and subnets an EKS cluster runs in: created by GpuCluster or adopted. */
export interface AwsNetwork {
    readonly vpcId: pulumi.Output<string>;
    /** Node and control-plane subnets, by zone index. */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** What nodes need for egress before they start (NAT routes). */
    readonly egress: pulumi.Resource[];
    readonly resources: { readonly [K in AwsNetworkRole]?: pulumi.Resource };
}

/** Roles of a new network's resources, per zone index where there is one per zone (none with an existing network). */
export type AwsNetworkRole =
    | "vpc"
    | "igw"
    | "public-rt"
    | `public-${number}`
    | `public-rta-${number}`
    | `nat-eip-${number}`
    | `nat-${number}`
    | `private-rt-${number}`
    | `private-${number}`
    | `private-rta-${number}`;

/** Zone i of the cluster: given explicitly, or the i-th available zone the region reports. */
function zoneNames(parent: pulumi.Resource, r: GpuClusterResolved, count: number): pulumi.Input<string>[] {
    if (r.network.mode === "new" && "explicit" in r.network.zones) return [...r.network.zones.explicit];
    const found = aws.getAvailabilityZonesOutput(
        { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }], region: r.args.region },
        { parent },
    );
    return [...Array(count).keys()].map((i) =>
        found.names.apply((names) => {
            if (names.length < count) throw new Error(`GpuCluster ${r.name}: network.zoneCount is ${count}, but ${r.args.region} offers ${names.length} zones`);
            return names[i];
        }),
    );
}

/** A new VPC: private subnets for nodes behind NAT, public subnets for NAT gateways and load balancers. */
export function registerAwsNetwork(parent: pulumi.Resource, r: GpuClusterResolved): AwsNetwork {
    if (r.network.mode === "existing") {
        return { vpcId: pulumi.output(r.network.vpcId), privateSubnetIds: [...r.network.subnetIds], egress: [], resources: {} };
    }
    const { plan, natGateways } = r.network;
    const region = r.args.region;
    const opts = { parent };
    const name = r.name;
    const res: { [K in AwsNetworkRole]?: pulumi.Resource } = {};
    const zones = zoneNames(parent, r, plan.privateSubnets.length);
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        { cidrBlock: plan.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, region, tags: { ...r.args.tags, Name: `${name}-vpc` } },
        opts,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, region, tags: { ...r.args.tags } }, opts);
    Object.assign(res, { vpc, igw });

    const publicRt = new aws.ec2.RouteTable(
        `${name}-public-rt`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], region, tags: { ...r.args.tags } },
        opts,
    );
    res["public-rt"] = publicRt;
    const publicSubnets = plan.publicSubnets.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-public-${i}`,
            { vpcId: vpc.id, cidrBlock, availabilityZone: zones[i], mapPublicIpOnLaunch: false, region, tags: subnetTags(r, "public", i) },
            opts,
        );
        res[`public-${i}`] = subnet;
        res[`public-rta-${i}`] = new aws.ec2.RouteTableAssociation(`${name}-public-rta-${i}`, { subnetId: subnet.id, routeTableId: publicRt.id, region }, opts);
        return subnet;
    });

    const natCount = natGateways === "perZone" ? plan.privateSubnets.length : 1;
    const privateRts = [...Array(natCount).keys()].map((i) => {
        const eip = new aws.ec2.Eip(`${name}-nat-eip-${i}`, { domain: "vpc", region, tags: { ...r.args.tags } }, opts);
        const nat = new aws.ec2.NatGateway(
            `${name}-nat-${i}`,
            { allocationId: eip.id, subnetId: publicSubnets[i].id, region, tags: { ...r.args.tags } },
            { parent, dependsOn: [igw] },
        );
        const rt = new aws.ec2.RouteTable(
            `${name}-private-rt-${i}`,
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], region, tags: { ...r.args.tags } },
            opts,
        );
        Object.assign(res, { [`nat-eip-${i}`]: eip, [`nat-${i}`]: nat, [`private-rt-${i}`]: rt });
        return rt;
    });
    const egress: pulumi.Resource[] = [];
    const privateSubnetIds = plan.privateSubnets.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-private-${i}`,
            { vpcId: vpc.id, cidrBlock, availabilityZone: zones[i], region, tags: subnetTags(r, "private", i) },
            opts,
        );
        const rta = new aws.ec2.RouteTableAssociation(
            `${name}-private-rta-${i}`,
            { subnetId: subnet.id, routeTableId: privateRts[natCount === 1 ? 0 : i].id, region },
            opts,
        );
        Object.assign(res, { [`private-${i}`]: subnet, [`private-rta-${i}`]: rta });
        egress.push(rta);
        return subnet.id;
    });
    return { vpcId: vpc.id, privateSubnetIds, egress, resources: res };
}
