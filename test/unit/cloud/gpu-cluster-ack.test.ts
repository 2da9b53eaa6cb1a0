import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installMocks, isKnown, urnName, type MockRecorder } from "../../support/mocks";
import type { GpuClusterArgs } from "../../../src/cloud/gpu-cluster/args";
import { buildAndSettle } from "../../support/gpu-clusters";
import { clusterVersions } from "../../../src/core/versions";

/** What `alicloud.getZones` returns (the provider's result shape, trimmed to two zones). */
const HANGZHOU_ZONES = {
    id: "2052698032",
    ids: ["cn-hangzhou-i", "cn-hangzhou-j"],
    zones: [
        {
            id: "cn-hangzhou-i",
            localName: "杭州 可用区I",
            availableInstanceTypes: ["ecs.gn7i-c32g1.16xlarge"],
            availableResourceCreations: ["VSwitch", "Instance"],
            availableDiskCategories: ["cloud_essd"],
            multiZoneIds: [],
            slbSlaveZoneIds: [],
        },
        {
            id: "cn-hangzhou-j",
            localName: "杭州 可用区J",
            availableInstanceTypes: ["ecs.gn7i-c32g1.16xlarge"],
            availableResourceCreations: ["VSwitch", "Instance"],
            availableDiskCategories: ["cloud_essd"],
            multiZoneIds: [],
            slbSlaveZoneIds: [],
        },
    ],
    availableResourceCreation: "VSwitch",
    availableInstanceType: "ecs.gn7i-c32g1.16xlarge",
};
const zoneCalls: Record<string, any>[] = [];
const mocks: MockRecorder = installMocks({
    preview: true,
    calls: {
        "alicloud:index/getZones:getZones": (inputs) => {
            zoneCalls.push(inputs);
            return HANGZHOU_ZONES;
        },
    },
});
let cloud: typeof import("../../../src/cloud");
before(async () => {
    cloud = await import("../../../src/cloud");
});

/** The DJLServing example's cluster: one node with two A10s for tensor parallelism 2. */
const ack: GpuClusterArgs = {
    cloud: "alicloud",
    region: "cn-hangzhou",
    network: { zones: ["cn-hangzhou-h", "cn-hangzhou-i"] },
    gpuPools: [{ name: "a10x2", instanceTypes: ["ecs.gn7i-c32g1.16xlarge"] }],
};

const build = (name: string, args: GpuClusterArgs) => buildAndSettle(mocks, name, () => new cloud.GpuCluster(name, args));

describe("GpuCluster on ACK (preview)", () => {
    test("registers a stable set of children, each parented to the component", async () => {
        const { mine } = await build("gpu", ack);
        assert.deepEqual(mine.map((r) => `${r.type} ${r.name}`).sort(), [
            "alicloud:cs/managedKubernetes:ManagedKubernetes gpu-ack",
            "alicloud:cs/nodePool:NodePool gpu-gpu-a10x2",
            "alicloud:cs/nodePool:NodePool gpu-system",
            "alicloud:ecs/eipAddress:EipAddress gpu-nat-eip",
            "alicloud:ecs/eipAssociation:EipAssociation gpu-nat-eip-association",
            "alicloud:kms/key:Key gpu-secrets-key",
            "alicloud:vpc/natGateway:NatGateway gpu-nat",
            "alicloud:vpc/network:Network gpu-vpc",
            "alicloud:vpc/snatEntry:SnatEntry gpu-snat-0",
            "alicloud:vpc/snatEntry:SnatEntry gpu-snat-1",
            "alicloud:vpc/switch:Switch gpu-vswitch-0",
            "alicloud:vpc/switch:Switch gpu-vswitch-1",
            "llm-serving:cloud:GpuCluster gpu",
            "pulumi:providers:kubernetes gpu-k8s",
        ]);
        for (const r of mine.filter((r) => r.name !== "gpu")) assert.equal(urnName(r.parent), "gpu", r.name);
        assert.deepEqual(zoneCalls, [], "explicit zones need no look-up");
    });

    test("ACK Pro with RRSA, the OSS CSI add-ons, pinned version, encrypted Secrets, no certificate in state", async () => {
        const { one } = await build("cp", ack);
        const c = one("ack").inputs;
        assert.equal(c.clusterSpec, "ack.pro.small");
        assert.equal(c.version, clusterVersions.ackKubernetes);
        assert.equal(c.enableRrsa, true);
        assert.deepEqual(
            c.addons.map((a: { name: string }) => a.name),
            ["flannel", "csi-plugin", "managed-csiprovisioner"],
        );
        assert.equal(c.newNatGateway, false);
        assert.equal(c.skipSetCertificateAuthority, true);
        assert.equal(c.disableEncryption, false);
        assert.ok(c.encryptionProviderKey, "a KMS key id (known after deploy)");
        assert.deepEqual([c.podCidr, c.serviceCidr], ["172.20.0.0/16", "172.21.0.0/20"]);
        assert.equal(c.vswitchIds.length, 2);
        const key = one("secrets-key").inputs;
        assert.deepEqual([key.automaticRotation, key.rotationInterval], ["Enabled", "365d"]);
        assert.ok(
            one("ack").dependencies.some((u) => urnName(u) === "cp-snat-0"),
            "the cluster waits for egress",
        );
    });

    test("GPU node pool: the provider's quirks (string desiredSize, snake_case disk), taint, labels, IMDSv2, no auto-upgrade", async () => {
        const { one } = await build("np", ack);
        const p = one("gpu-a10x2").inputs;
        assert.equal(p.nodePoolName, "a10x2");
        assert.deepEqual(p.instanceTypes, ["ecs.gn7i-c32g1.16xlarge"]);
        assert.equal(p.desiredSize, "1");
        assert.equal(p.scalingConfig, undefined);
        assert.equal(p.systemDiskCategory, "cloud_essd");
        assert.equal(p.systemDiskSize, 200);
        assert.equal(p.systemDiskEncrypted, true);
        assert.deepEqual(p.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(p.labels, [
            { key: "llm-serving/pool", value: "a10x2" },
            { key: "nvidia.com/gpu.present", value: "true" },
        ]);
        assert.deepEqual(p.instanceMetadataOptions, { httpTokens: "required" });
        assert.deepEqual(p.management, { enable: true, autoRepair: true, autoUpgrade: false, autoVulFix: false });
        assert.equal(p.runtimeName, "containerd");
        const s = one("system").inputs;
        assert.equal(s.desiredSize, "2");
        assert.deepEqual(s.taints, []);
        assert.deepEqual(s.instanceTypes, ["ecs.g7.xlarge", "ecs.g6.xlarge"]);
    });

    test("an autoscaled, shared-GPU, spot pool: scalingConfig without a desired size, type gpushare, the schedule label", async () => {
        const { one } = await build("shared", {
            ...ack,
            gpuPools: [{ name: "slices", instanceTypes: ["ecs.gn7i-c8g1.2xlarge"], minSize: 1, maxSize: 3, gpuSharing: "cgpu", capacityType: "spot" }],
        });
        const p = one("gpu-slices").inputs;
        assert.deepEqual(p.scalingConfig, { enable: true, minSize: 1, maxSize: 3, type: "gpushare" });
        assert.equal(p.desiredSize, undefined);
        assert.ok(p.labels.some((l: { key: string; value: string }) => l.key === "ack.node.gpu.schedule" && l.value === "cgpu"));
        assert.equal(p.spotStrategy, "SpotAsPriceGo");
    });

    test("network: one vSwitch per zone, an enhanced NAT gateway, SNAT per vSwitch after the EIP is bound", async () => {
        const { one } = await build("net", ack);
        assert.deepEqual([one("vswitch-0").inputs.cidrBlock, one("vswitch-1").inputs.cidrBlock], ["10.0.0.0/17", "10.0.128.0/17"]);
        assert.deepEqual([one("vswitch-0").inputs.zoneId, one("vswitch-1").inputs.zoneId], ["cn-hangzhou-h", "cn-hangzhou-i"]);
        assert.deepEqual([one("nat").inputs.natType, one("nat").inputs.paymentType], ["Enhanced", "PayAsYouGo"]);
        assert.ok(one("snat-1").dependencies.some((u) => urnName(u) === "net-nat-eip-association"));
    });

    test("looked-up zones: those offering vSwitches and the first GPU type (the real result shape)", async () => {
        const { one } = await build("lookup", { ...ack, network: {} });
        assert.deepEqual(zoneCalls.at(-1), { availableResourceCreation: "VSwitch", availableInstanceType: "ecs.gn7i-c32g1.16xlarge" });
        assert.deepEqual([one("vswitch-0").inputs.zoneId, one("vswitch-1").inputs.zoneId], ["cn-hangzhou-i", "cn-hangzhou-j"]);
    });

    test("an adopted VPC and a caller's KMS key, with encryption on; or encryption explicitly off", async () => {
        const { mine, one } = await build("adopt", {
            ...ack,
            network: { existing: { vpcId: "vpc-bp1abc", subnetIds: ["vsw-bp1a", "vsw-bp1b"] } },
            secretsEncryption: { kmsKeyId: "key-hzz6a1b2c3" },
        });
        assert.ok(!mine.some((r) => r.type.startsWith("alicloud:vpc/") || r.type.startsWith("alicloud:kms/")));
        assert.deepEqual(one("ack").inputs.vswitchIds, ["vsw-bp1a", "vsw-bp1b"]);
        assert.equal(one("ack").inputs.encryptionProviderKey, "key-hzz6a1b2c3");
        const off = await build("plain", { ...ack, secretsEncryption: { enabled: false } });
        assert.equal(off.one("ack").inputs.encryptionProviderKey, undefined);
        assert.ok(!off.mine.some((r) => r.type.startsWith("alicloud:kms/")));
    });

    test("a private API server: no internet SLB", async () => {
        const { one } = await build("private", { ...ack, endpoint: { publicAccess: false } });
        assert.equal(one("ack").inputs.slbInternetEnabled, false);
    });

    test("pod identity for ModelBucketVolume and the provider, both unknown until the cluster exists", async () => {
        const { cluster, one } = await build("pi", ack);
        assert.equal(cluster.podIdentity.cloud, "alicloud");
        assert.equal(await isKnown(cluster.kubeconfig), false);
        assert.deepEqual(one("k8s").dependencies.map(urnName).sort(), ["pi-ack", "pi-gpu-a10x2", "pi-system"]);
        assert.deepEqual(cluster.gpuPool("a10x2"), {
            nodeSelector: { "llm-serving/pool": "a10x2" },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
            gpuResourceName: "nvidia.com/gpu",
            gpuMemoryGiB: 24,
            gpusPerNode: 2,
            gpuModel: "NVIDIA A10",
        });
    });
});
