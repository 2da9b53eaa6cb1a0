import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, isKnown, urnName, valueOf, type MockRecorder } from "../../support/mocks";
import { rejectionsOf as rejectionsDuring } from "../../support/outputs";
import type { GpuClusterArgs } from "../../../src/cloud/gpu-cluster/args";
import { buildAndSettle } from "../../support/gpu-clusters";
import { charts, clusterVersions } from "../../../src/core/versions";

/** What `aws.getAvailabilityZones` returns for us-east-1 (the provider's result shape). */
const US_EAST_1_ZONES = {
    id: "us-east-1",
    names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
    zoneIds: ["use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az5"],
    groupNames: ["us-east-1", "us-east-1", "us-east-1", "us-east-1", "us-east-1"],
    state: "available",
    region: "us-east-1",
};
const zoneCalls: Record<string, any>[] = [];
const mocks: MockRecorder = installMocks({
    preview: true,
    calls: {
        "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
            zoneCalls.push(inputs);
            return US_EAST_1_ZONES;
        },
    },
});
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
let cloud: typeof import("../../../src/cloud");
let aws: typeof import("@pulumi/aws");
let resolve: typeof import("../../../src/cloud/gpu-cluster/validate").resolveGpuClusterArgs;
before(async () => {
    cloud = await import("../../../src/cloud");
    resolve = (await import("../../../src/cloud/gpu-cluster/validate")).resolveGpuClusterArgs;
    aws = await import("@pulumi/aws");
});

const eks: GpuClusterArgs = {
    cloud: "aws",
    region: "us-east-1",
    network: { zones: ["us-east-1a", "us-east-1b"] },
    gpuPools: [{ name: "a10g", instanceTypes: ["g5.2xlarge", "g6.2xlarge"], labels: { team: "ml" } }],
};

const build = (name: string, args: GpuClusterArgs, opts = {}) => buildAndSettle(mocks, name, () => new cloud.GpuCluster(name, args, opts));

describe("GpuCluster on EKS (preview)", () => {
    test("registers a stable set of children, each parented to the component", async () => {
        const { mine } = await build("gpu", eks);
        assert.deepEqual(mine.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:ec2/eip:Eip gpu-nat-eip-0",
            "aws:ec2/internetGateway:InternetGateway gpu-igw",
            "aws:ec2/launchTemplate:LaunchTemplate gpu-gpu-a10g-lt",
            "aws:ec2/launchTemplate:LaunchTemplate gpu-system-lt",
            "aws:ec2/natGateway:NatGateway gpu-nat-0",
            "aws:ec2/routeTable:RouteTable gpu-private-rt-0",
            "aws:ec2/routeTable:RouteTable gpu-public-rt",
            "aws:ec2/routeTableAssociation:RouteTableAssociation gpu-private-rta-0",
            "aws:ec2/routeTableAssociation:RouteTableAssociation gpu-private-rta-1",
            "aws:ec2/routeTableAssociation:RouteTableAssociation gpu-public-rta-0",
            "aws:ec2/routeTableAssociation:RouteTableAssociation gpu-public-rta-1",
            "aws:ec2/subnet:Subnet gpu-private-0",
            "aws:ec2/subnet:Subnet gpu-private-1",
            "aws:ec2/subnet:Subnet gpu-public-0",
            "aws:ec2/subnet:Subnet gpu-public-1",
            "aws:ec2/vpc:Vpc gpu-vpc",
            "aws:eks/addon:Addon gpu-pod-identity-agent",
            "aws:eks/addon:Addon gpu-s3-csi-driver",
            "aws:eks/cluster:Cluster gpu-eks",
            "aws:eks/nodeGroup:NodeGroup gpu-gpu-a10g",
            "aws:eks/nodeGroup:NodeGroup gpu-system",
            "aws:iam/role:Role gpu-cluster-role",
            "aws:iam/role:Role gpu-node-role",
            "aws:iam/role:Role gpu-s3-csi-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-cluster-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-node-policy-cni",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-node-policy-ecr",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-node-policy-worker",
            "aws:kms/key:Key gpu-secrets-key",
            "kubernetes:helm.sh/v3:Release gpu-nvidia-device-plugin",
            "llm-serving:cloud:GpuCluster gpu",
            "pulumi:providers:kubernetes gpu-k8s",
        ]);
        for (const r of mine.filter((r) => r.name !== "gpu")) assert.equal(urnName(r.parent), "gpu", r.name);
        assert.deepEqual(zoneCalls, [], "explicit zones need no look-up");
    });

    test("control plane: API access entries, Secrets encrypted with a rotated KMS key, private endpoint on, pinned version", async () => {
        const { one } = await build("cp", eks);
        const c = one("eks").inputs;
        assert.equal(c.version, clusterVersions.eksKubernetes);
        assert.equal(c.accessConfig.authenticationMode, "API");
        assert.deepEqual(c.encryptionConfig.resources, ["secrets"]);
        assert.equal(c.vpcConfig.endpointPrivateAccess, true);
        assert.equal(c.vpcConfig.endpointPublicAccess, true);
        assert.equal(c.vpcConfig.subnetIds.length, 2);
        assert.deepEqual(c.enabledClusterLogTypes, ["audit", "authenticator"]);
        assert.equal(one("secrets-key").inputs.enableKeyRotation, true);
        assert.deepEqual(JSON.parse(one("cluster-role").inputs.assumeRolePolicy).Statement[0].Principal, { Service: "eks.amazonaws.com" });
        assert.equal(one("cluster-policy").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
    });

    test("a private-only endpoint, admins through access entries, a caller's KMS key", async () => {
        const admin = "arn:aws:iam::123456789012:role/platform-admin";
        const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";
        const { one, mine } = await build("priv", {
            ...eks,
            endpoint: { publicAccess: false },
            secretsEncryption: { kmsKeyId: key },
            eks: { admins: [admin] },
        });
        const c = one("eks").inputs;
        assert.equal(c.vpcConfig.endpointPublicAccess, false);
        assert.equal(c.encryptionConfig.provider.keyArn, key);
        assert.ok(!mine.some((r) => r.type === "aws:kms/key:Key"));
        assert.equal(one("admin-0").inputs.principalArn, admin);
        assert.equal(one("admin-0-policy").inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
        assert.deepEqual(one("admin-0-policy").inputs.accessScope, { type: "cluster" });
    });

    test("GPU node group: NVIDIA AMI, NO_SCHEDULE GPU taint, labels, all three sizes, launch template", async () => {
        const { one } = await build("ng", eks);
        const g = one("gpu-a10g").inputs;
        assert.equal(g.amiType, "AL2023_x86_64_NVIDIA");
        assert.deepEqual(g.instanceTypes, ["g5.2xlarge", "g6.2xlarge"]);
        assert.deepEqual(g.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
        assert.deepEqual(g.labels, { team: "ml", "llm-serving/pool": "a10g", "nvidia.com/gpu.present": "true" });
        assert.deepEqual(g.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 1 });
        assert.equal(g.capacityType, "ON_DEMAND");
        assert.equal(g.version, clusterVersions.eksKubernetes);
        assert.equal(g.diskSize, undefined, "the disk is in the launch template");
        assert.ok(g.launchTemplate);
        const s = one("system").inputs;
        assert.equal(s.amiType, "AL2023_x86_64_STANDARD");
        assert.equal(s.taints.length, 0);
        assert.deepEqual(JSON.parse(one("node-role").inputs.assumeRolePolicy).Statement[0].Action, ["sts:AssumeRole"]);
    });

    test("nodes: IMDSv2 required with hop limit 1, encrypted gp3 disk sized for serving images", async () => {
        const { one } = await build("imds", eks);
        const lt = one("gpu-a10g-lt").inputs;
        assert.deepEqual(lt.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        assert.deepEqual(lt.blockDeviceMappings, [
            { deviceName: "/dev/xvda", ebs: { volumeSize: 200, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ]);
        const opened = (await build("imds2", { ...eks, eks: { podImdsAccess: true } })).one("system-lt").inputs;
        assert.equal(opened.metadataOptions.httpPutResponseHopLimit, 2);
        assert.equal(opened.metadataOptions.httpTokens, "required");
    });

    test("Pod Identity agent and Mountpoint S3 add-ons, pinned, the driver's role trusted by EKS Pod Identity with no S3 rights of its own", async () => {
        const { one, mine, cluster } = await build("pi", eks);
        const agent = one("pod-identity-agent").inputs;
        assert.deepEqual([agent.addonName, agent.addonVersion], ["eks-pod-identity-agent", clusterVersions.eksPodIdentityAgentAddon]);
        const s3 = one("s3-csi-driver").inputs;
        assert.deepEqual([s3.addonName, s3.addonVersion], ["aws-mountpoint-s3-csi-driver", clusterVersions.eksMountpointS3Addon]);
        assert.equal(s3.podIdentityAssociations[0].serviceAccount, "s3-csi-driver-sa");
        assert.ok(one("s3-csi-driver").dependencies.some((u) => urnName(u) === "pi-pod-identity-agent"));
        const trust = JSON.parse(one("s3-csi-role").inputs.assumeRolePolicy).Statement[0];
        assert.deepEqual([trust.Principal.Service, trust.Action], ["pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]]);
        assert.ok(!mine.some((r) => r.type.startsWith("aws:iam/rolePolicy") && r.name.includes("s3")));
        assert.equal(cluster.podIdentity.cloud, "aws");
    });

    test("no static keys anywhere: no access keys, no secrets in inputs", async () => {
        const { mine } = await build("keys", eks);
        assert.ok(!mine.some((r) => /accessKey|AccessKey/.test(r.type)));
        const text = JSON.stringify(mine.map((r) => r.inputs));
        assert.ok(!/secretKey|accessKey|AKIA|aws_secret/i.test(text));
    });

    test("the Kubernetes provider waits for node groups and add-ons; its kubeconfig is unknown before the cluster exists", async () => {
        const { one, cluster } = await build("prov", eks);
        const deps = one("k8s").dependencies.map(urnName).sort();
        assert.deepEqual(deps, ["prov-eks", "prov-gpu-a10g", "prov-pod-identity-agent", "prov-s3-csi-driver", "prov-system"]);
        assert.equal(await isKnown(cluster.kubeconfig), false);
        const release = one("nvidia-device-plugin");
        assert.match(release.provider ?? "", /::prov-k8s::/);
        assert.equal(release.inputs.chart, charts.nvidiaDevicePlugin.chart);
        assert.equal(release.inputs.version, charts.nvidiaDevicePlugin.version);
        assert.equal(release.inputs.repositoryOpts.repo, charts.nvidiaDevicePlugin.repo);
        assert.equal(release.inputs.namespace, "nvidia-device-plugin");
    });

    test("Bottlerocket NVIDIA carries the device plugin: no chart, images on the data volume", async () => {
        const { mine, one } = await build("br", { ...eks, eks: { amiType: "BOTTLEROCKET_x86_64_NVIDIA" } });
        assert.ok(!mine.some((r) => r.type.startsWith("kubernetes:helm")));
        assert.equal(one("gpu-a10g").inputs.amiType, "BOTTLEROCKET_x86_64_NVIDIA");
        assert.equal(one("system").inputs.amiType, "BOTTLEROCKET_x86_64");
        assert.equal(one("gpu-a10g-lt").inputs.blockDeviceMappings[0].deviceName, "/dev/xvdb");
    });

    test("network: private subnets behind NAT, public ones tagged for load balancers, no public IPs on launch", async () => {
        const { one } = await build("net", eks);
        assert.deepEqual([one("private-0").inputs.cidrBlock, one("private-1").inputs.cidrBlock], ["10.0.0.0/18", "10.0.64.0/18"]);
        assert.equal(one("private-0").inputs.availabilityZone, "us-east-1a");
        assert.equal(one("private-1").inputs.tags["kubernetes.io/role/internal-elb"], "1");
        assert.equal(one("public-0").inputs.tags["kubernetes.io/role/elb"], "1");
        assert.equal(one("public-0").inputs.mapPublicIpOnLaunch, false);
        assert.equal(one("private-rt-0").inputs.routes[0].cidrBlock, "0.0.0.0/0");
        assert.ok(one("private-rt-0").inputs.routes[0].natGatewayId);
        const perZone = await build("nat2", { ...eks, network: { zones: ["us-east-1a", "us-east-1b"], natGateways: "perZone" } });
        assert.equal(perZone.mine.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 2);
    });

    test("looked-up zones use the region's available zones (the real result shape), one subnet per zone", async () => {
        const { one } = await build("lookup", { ...eks, network: { zoneCount: 3 } });
        assert.deepEqual(zoneCalls.at(-1), { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }], region: "us-east-1" });
        assert.deepEqual(
            [0, 1, 2].map((i) => one(`private-${i}`).inputs.availabilityZone),
            ["us-east-1a", "us-east-1b", "us-east-1c"],
        );
    });

    test("an adopted VPC: no network resources; node groups use its subnets; pool zones select subnets", async () => {
        const { mine, one } = await build("adopt", { ...eks, network: { existing: { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b"] } } });
        assert.ok(!mine.some((r) => r.type.startsWith("aws:ec2/vpc") || r.type.startsWith("aws:ec2/subnet") || r.type.startsWith("aws:ec2/natGateway")));
        assert.deepEqual(one("gpu-a10g").inputs.subnetIds, ["subnet-a", "subnet-b"]);
        const zoned = await build("zoned", { ...eks, gpuPools: [{ ...eks.gpuPools[0], zones: ["us-east-1b"] }] });
        assert.equal(zoned.one("gpu-a10g").inputs.subnetIds.length, 1);
        assert.equal(zoned.one("system").inputs.subnetIds.length, 2);
    });

    test("an adopted VPC given as Outputs and Promises (another stack's ids): the cluster and node groups use them", async () => {
        const existing = { vpcId: pulumi.output("vpc-0abc"), subnetIds: [Promise.resolve("subnet-a"), pulumi.output("subnet-b")] };
        const { cluster, one } = await build("adopt-out", { ...eks, network: { existing } });
        assert.equal(await valueOf(cluster.vpcId), "vpc-0abc");
        assert.deepEqual(one("gpu-a10g").inputs.subnetIds, ["subnet-a", "subnet-b"]);
        assert.deepEqual(one("eks").inputs.vpcConfig.subnetIds, ["subnet-a", "subnet-b"]);
    });

    test("an empty subnet id through an Output rejects naming network.existing.subnetIds[1]", async () => {
        let error: unknown;
        // Every Output built from the bad one rejects too (unhandled: how the engine fails the update).
        const rejections = await rejectionsOf(async () => {
            const r = resolve("adopt-bad", { ...eks, network: { existing: { vpcId: "vpc-0abc", subnetIds: ["subnet-a", pulumi.output("")] } } });
            assert.equal(r.network.mode, "existing");
            const subnet = r.network.mode === "existing" ? r.network.subnetIds[1] : undefined;
            error = await (pulumi.output(subnet) as any).promise().then(
                () => undefined,
                (e: unknown) => e,
            );
        });
        for (const rejection of rejections) assert.match(String(rejection), /network\.existing\.subnetIds\[1\]: must not be empty/);
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.deepEqual(
            error.errors.map((e) => e.propertyPath),
            ["network.existing.subnetIds[1]"],
        );
        assert.match(error.errors[0].reason, /must not be empty/);
    });

    test("spot pools and autoscaled sizes reach the node group", async () => {
        const { one } = await build("spot", { ...eks, gpuPools: [{ ...eks.gpuPools[0], capacityType: "spot", minSize: 0, maxSize: 4 }] });
        assert.equal(one("gpu-a10g").inputs.capacityType, "SPOT");
        assert.deepEqual(one("gpu-a10g").inputs.scalingConfig, { minSize: 0, desiredSize: 0, maxSize: 4 });
    });

    test("the caller's AWS provider reaches every AWS child", async () => {
        const target = new aws.Provider("target-account", { region: "us-east-1" });
        const { mine } = await build("viaprovider", eks, { providers: { aws: target } });
        const awsChildren = mine.filter((r) => r.type.startsWith("aws:"));
        assert.ok(awsChildren.length > 20);
        for (const child of awsChildren) assert.match(child.provider ?? "", /::target-account::/, child.name);
    });

    test("scheduling handles, one per GPU pool, by name", async () => {
        const { cluster } = await build("handles", eks);
        assert.deepEqual(cluster.gpuPool("a10g").nodeSelector, { "llm-serving/pool": "a10g" });
        assert.equal(cluster.gpuPools[0].scheduling.gpuModel, undefined, "A10G and L4 differ, so no single model");
        assert.equal(cluster.gpuPools[0].scheduling.gpuMemoryGiB, 24);
        assert.throws(() => cluster.gpuPool("h100"), /no GPU pool 'h100'/);
    });
});
