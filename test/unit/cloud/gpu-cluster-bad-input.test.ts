import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { expectArgError, installMocks, type MockRecorder } from "../../support/mocks";
import { ackCluster as ack, eksCluster as eks } from "../../support/gpu-clusters";
import type { GpuClusterArgs } from "../../../src/cloud/gpu-cluster/args";
import { ACCEPTED_LABELS, BAD_LABELS, pathOf } from "../../support/label-cases";

const mocks: MockRecorder = installMocks({ preview: true });
let cloud: typeof import("../../../src/cloud");
before(async () => {
    cloud = await import("../../../src/cloud");
});

const pool = (base: GpuClusterArgs, extra: object) => ({ ...base, gpuPools: [{ ...base.gpuPools[0], ...extra }] }) as GpuClusterArgs;
const zones9 = "abcdefghi".split("").map((z) => `us-east-1${z}`);

/** [what is wrong, arguments, the field path the error must name]. */
const cases: [string, GpuClusterArgs, string][] = [
    ["misspelled top-level argument", { ...eks, regoin: "us-east-1" } as unknown as GpuClusterArgs, "regoin"],
    ["malformed region", { ...eks, region: "US East" }, "region"],
    ["Alibaba Cloud region on EKS", { ...eks, region: "cn-hangzhou", network: { zones: ["cn-hangzhoua", "cn-hangzhoub"] } }, "region"],
    ["AWS China region on ACK", { ...ack, region: "cn-north-1", network: { zones: ["cn-north-1-a", "cn-north-1-b"] } }, "region"],
    ["AWS GovCloud region on ACK", { ...ack, region: "us-gov-west-1", network: { zones: ["us-gov-west-1-a", "us-gov-west-1-b"] } }, "region"],
    ["no GPU pool", { ...eks, gpuPools: [] }, "gpuPools"],
    ["GPU pool without instance types", pool(eks, { instanceTypes: [] }), "gpuPools[0].instanceTypes"],
    ["CPU type in a GPU pool", pool(eks, { instanceTypes: ["m6i.xlarge"] }), "gpuPools[0].instanceTypes[0]"],
    ["size that is not a g5 type", pool(eks, { instanceTypes: ["g5.3xlarge"] }), "gpuPools[0].instanceTypes[0]"],
    ["ECS type on EKS", pool(eks, { instanceTypes: ["ecs.gn7i-c8g1.2xlarge"] }), "gpuPools[0].instanceTypes[0]"],
    ["EC2 type on ACK", pool(ack, { instanceTypes: ["g5.xlarge"] }), "gpuPools[0].instanceTypes[0]"],
    ["unknown type without GPU facts", pool(eks, { instanceTypes: ["x9.large"] }), "gpuPools[0].instanceTypes[0]"],
    ["GPU facts for a type the catalog knows", pool(eks, { gpu: { model: "NVIDIA A10G", memoryGiB: 24, count: 1 } }), "gpuPools[0].gpu"],
    ["instance type listed twice", pool(eks, { instanceTypes: ["g5.2xlarge", "g5.2xlarge"] }), "gpuPools[0].instanceTypes"],
    ["two pools with one name", { ...eks, gpuPools: [eks.gpuPools[0], eks.gpuPools[0]] }, "gpuPools[1].name"],
    ["upper-case pool name", pool(eks, { name: "A10G" }), "gpuPools[0].name"],
    ["misspelled pool argument", pool(eks, { instanceType: "g5.xlarge" }), "gpuPools[0].instanceType"],
    ["minSize above maxSize", pool(eks, { minSize: 3, maxSize: 2 }), "gpuPools[0].minSize"],
    ["desiredSize above maxSize", pool(eks, { desiredSize: 5, maxSize: 2 }), "gpuPools[0].desiredSize"],
    ["desiredSize below minSize", pool(eks, { minSize: 2, desiredSize: 1, maxSize: 3 }), "gpuPools[0].desiredSize"],
    ["negative minSize", pool(eks, { minSize: -1 }), "gpuPools[0].minSize"],
    ["maxSize of zero", pool(eks, { maxSize: 0 }), "gpuPools[0].maxSize"],
    ["system pool maxSize below minSize", { ...eks, systemPool: { minSize: 3, maxSize: 2 } }, "systemPool.minSize"],
    ["GPU disk too small for serving images", pool(eks, { diskSizeGiB: 30 }), "gpuPools[0].diskSizeGiB"],
    ["disk above ACK's limit", pool(ack, { diskSizeGiB: 4096 }), "gpuPools[0].diskSizeGiB"],
    ["GPU type in the system pool", { ...eks, systemPool: { instanceTypes: ["g5.xlarge"] } }, "systemPool.instanceTypes[0]"],
    ["system disk too small", { ...eks, systemPool: { diskSizeGiB: 20 } }, "systemPool.diskSizeGiB"],
    ["label the component owns", pool(eks, { labels: { "llm-serving/pool": "other" } }), "gpuPools[0].labels.llm-serving/pool"],
    ["invalid label value", pool(eks, { labels: { team: "ml platform" } }), "gpuPools[0].labels.team"],
    ["spot spelled as EKS spells it", pool(eks, { capacityType: "SPOT" }), "gpuPools[0].capacityType"],
    ["shared GPUs on EKS", pool(eks, { gpuSharing: "cgpu" }), "gpuPools[0].gpuSharing"],
    ["zone of another region", { ...eks, network: { zones: ["us-east-1a", "us-west-2a"] } }, "network.zones[1]"],
    ["a single zone", { ...eks, network: { zones: ["us-east-1a"] } }, "network.zones"],
    ["zone listed twice", { ...eks, network: { zones: ["us-east-1a", "us-east-1a"] } }, "network.zones[1]"],
    ["ACK region given as a zone", { ...ack, network: { zones: ["cn-hangzhou", "cn-hangzhou-i"] } }, "network.zones[0]"],
    ["zones and zoneCount together", { ...eks, network: { zones: ["us-east-1a", "us-east-1b"], zoneCount: 2 } }, "network.zoneCount"],
    ["zoneCount of one", { ...eks, network: { zoneCount: 1 } }, "network.zoneCount"],
    ["pool zone outside the cluster's zones", pool(eks, { zones: ["us-east-1c"] }), "gpuPools[0].zones[0]"],
    ["pool zones with looked-up cluster zones", { ...pool(eks, { zones: ["us-east-1a"] }), network: { zoneCount: 2 } }, "gpuPools[0].zones"],
    [
        "zones for an adopted VPC",
        { ...eks, network: { zones: ["us-east-1a", "us-east-1b"], existing: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"] } } },
        "network.zones",
    ],
    [
        "VPC CIDR for an adopted VPC",
        { ...eks, network: { vpcCidr: "10.0.0.0/16", existing: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"] } } },
        "network.vpcCidr",
    ],
    ["adopted VPC with one subnet", { ...eks, network: { existing: { vpcId: "vpc-1", subnetIds: ["subnet-1"] } } }, "network.existing.subnetIds"],
    ["VPC CIDR with host bits", { ...eks, network: { zones: ["us-east-1a", "us-east-1b"], vpcCidr: "10.0.0.1/16" } }, "network.vpcCidr"],
    ["VPC CIDR wider than /16", { ...eks, network: { zones: ["us-east-1a", "us-east-1b"], vpcCidr: "10.0.0.0/12" } }, "network.vpcCidr"],
    ["VPC too small for nine zones", { ...eks, network: { zones: zones9, vpcCidr: "10.0.0.0/24" } }, "network.vpcCidr"],
    ["ACK pod CIDR overlapping the VPC", { ...ack, network: { zones: ["cn-hangzhou-h", "cn-hangzhou-i"], vpcCidr: "172.20.0.0/16" } }, "ack.podCidr"],
    ["ACK service CIDR inside the pod CIDR", { ...ack, ack: { serviceCidr: "172.20.16.0/20" } }, "ack.serviceCidr"],
    ["ACK settings on EKS", { ...eks, ack: {} }, "ack"],
    ["EKS settings on ACK", { ...ack, eks: {} }, "eks"],
    ["NAT layout on ACK", { ...ack, network: { zones: ["cn-hangzhou-h", "cn-hangzhou-i"], natGateways: "perZone" } }, "network.natGateways"],
    ["public CIDRs on ACK", { ...ack, endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } }, "endpoint.publicAccessCidrs"],
    ["public CIDRs on a private endpoint", { ...eks, endpoint: { publicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] } }, "endpoint.publicAccessCidrs"],
    ["malformed public CIDR", { ...eks, endpoint: { publicAccessCidrs: ["203.0.113.0"] } }, "endpoint.publicAccessCidrs[0]"],
    ["admin that is not an IAM ARN", { ...eks, eks: { admins: ["alice"] } }, "eks.admins[0]"],
    ["no one could reach the cluster", { ...eks, eks: { creatorAdmin: false } }, "eks.creatorAdmin"],
    ["kubeconfig role that is a user", { ...eks, eks: { kubeconfigRoleArn: "arn:aws:iam::123456789012:user/alice" } }, "eks.kubeconfigRoleArn"],
    ["deprecated GPU AMI type", { ...eks, eks: { amiType: "AL2_x86_64_GPU" as "AL2023_x86_64_NVIDIA" } }, "eks.amiType"],
    ["KMS key id instead of an ARN on EKS", { ...eks, secretsEncryption: { kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } }, "secretsEncryption.kmsKeyId"],
    [
        "KMS key with encryption off",
        { ...eks, secretsEncryption: { enabled: false, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1" } },
        "secretsEncryption.kmsKeyId",
    ],
    ["EKS-style version on ACK", { ...ack, kubernetesVersion: "1.34" }, "kubernetesVersion"],
    ["v-prefixed version on EKS", { ...eks, kubernetesVersion: "v1.34.0" }, "kubernetesVersion"],
    ["credential minutes with the exec plugin", { ...ack, ack: { credentialMinutes: 60 } }, "ack.credentialMinutes"],
    ["credential longer than ACK allows", { ...ack, ack: { credential: "certificate", credentialMinutes: 5000 } }, "ack.credentialMinutes"],
];

describe("GpuCluster rejects bad input, naming the field", () => {
    for (const [what, args, path] of cases) {
        test(`${what} -> ${path}`, () => {
            expectArgError(() => cloud.resolveGpuClusterArgs("gpu", args), path);
        });
    }

    test("pool labels follow Kubernetes' label rules (the shared table), refused before anything is registered", async () => {
        const before = mocks.registered.length;
        for (const bad of BAD_LABELS) {
            for (const base of [eks, ack])
                expectArgError(() => new cloud.GpuCluster("labelled", pool(base, { labels: bad.map })), pathOf("gpuPools[0].labels", bad));
        }
        await mocks.settle();
        assert.equal(mocks.registered.length, before, "nothing registered");
        for (const key of ["llm-serving/pool", "nvidia.com/gpu.present", "ack.node.gpu.schedule"]) {
            const err = expectArgError(() => cloud.resolveGpuClusterArgs("gpu", pool(ack, { labels: { [key]: "x" } })), `gpuPools[0].labels.${key}`);
            assert.match(err.errors[0].reason, /is set by GpuCluster/);
        }
        assert.doesNotThrow(() => cloud.resolveGpuClusterArgs("gpu", pool(eks, { labels: ACCEPTED_LABELS })));
        assert.doesNotThrow(() => cloud.resolveGpuClusterArgs("gpu", pool(ack, { labels: ACCEPTED_LABELS })));
    });

    test("an invalid component name is named too", () => {
        expectArgError(() => cloud.resolveGpuClusterArgs("GPU_Cluster", eks), "name");
    });

    test("every problem is reported at once", () => {
        const err = expectArgError(
            () => cloud.resolveGpuClusterArgs("gpu", { ...pool(eks, { minSize: 3, maxSize: 2, diskSizeGiB: 10 }), kubernetesVersion: "latest" }),
            "kubernetesVersion",
        );
        const paths = err.errors.map((e) => e.propertyPath);
        for (const p of ["kubernetesVersion", "gpuPools[0].minSize", "gpuPools[0].diskSizeGiB"]) assert.ok(paths.includes(p), p);
    });

    test("the message helps: known sizes of the family, the zone format", () => {
        const sizes = expectArgError(() => cloud.resolveGpuClusterArgs("gpu", pool(eks, { instanceTypes: ["g5.3xlarge"] })), "gpuPools[0].instanceTypes[0]");
        assert.match(sizes.message, /g5\.2xlarge/);
        const zone = expectArgError(
            () => cloud.resolveGpuClusterArgs("gpu", { ...ack, network: { zones: ["cn-hangzhou", "cn-hangzhou-i"] } }),
            "network.zones[0]",
        );
        assert.match(zone.message, /cn-hangzhou-a/);
    });

    test("a region of the other cloud is refused showing the expected form, before anything is registered", async () => {
        const before = mocks.registered.length;
        const err = expectArgError(
            () => new cloud.GpuCluster("bad-region", { ...eks, region: "cn-hangzhou", network: { zones: ["cn-hangzhoua", "cn-hangzhoub"] } }),
            "region",
        );
        assert.match(
            err.errors.find((e) => e.propertyPath === "region")!.reason,
            /'cn-hangzhou' is an Alibaba Cloud region id, but cloud is 'aws': expected AWS region ids such as 'us-east-1'/,
        );
        await mocks.settle();
        assert.equal(mocks.registered.length, before, "nothing registered");
        assert.doesNotThrow(() =>
            cloud.resolveGpuClusterArgs("gpu", { ...eks, region: "us-gov-west-1", network: { zones: ["us-gov-west-1a", "us-gov-west-1b"] } }),
        );
        assert.doesNotThrow(() =>
            cloud.resolveGpuClusterArgs("gpu", { ...ack, region: "ap-southeast-1", network: { zones: ["ap-southeast-1a", "ap-southeast-1b"] } }),
        );
    });

    test("the component throws before registering anything", async () => {
        const before = mocks.registered.length;
        assert.throws(
            () => new cloud.GpuCluster("bad", pool(eks, { instanceTypes: ["m6i.xlarge"] })),
            (e: unknown) => pulumi.InputPropertiesError.isInstance(e),
        );
        await mocks.settle();
        assert.equal(mocks.registered.length, before);
    });

    test(`at least 30 distinct bad inputs are covered (${cases.length})`, () => {
        assert.ok(cases.length >= 30);
    });
});
