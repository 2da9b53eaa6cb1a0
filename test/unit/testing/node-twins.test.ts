// Node twins of a GpuCluster's pools (pulumi-llm-serving/testing): what the e2e cluster twin
// schedules on, and what users call in their own stack tests.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gpuClusterNodeTwins } from "../../../src/testing";

const EKS = {
    cloud: "aws" as const,
    region: "us-east-1",
    network: { zones: ["us-east-1a", "us-east-1b"] },
    gpuPools: [{ name: "a10g", instanceTypes: ["g5.2xlarge", "g6.2xlarge"], desiredSize: 2, capacityType: "spot" as const }],
};

describe("gpuClusterNodeTwins", () => {
    test("EKS: the system pool, then desiredSize GPU nodes with the pool's labels, taint and the cloud's well-known labels", () => {
        const nodes = gpuClusterNodeTwins(EKS);
        assert.deepEqual(
            nodes.map((n) => n.metadata.name),
            ["twin-system-0", "twin-system-1", "twin-a10g-0", "twin-a10g-1"],
        );
        const gpu = nodes[2];
        assert.deepEqual(gpu.metadata.labels, {
            "llm-serving/pool": "a10g",
            "nvidia.com/gpu.present": "true",
            "kubernetes.io/hostname": "twin-a10g-0",
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "node.kubernetes.io/instance-type": "g5.2xlarge",
            "topology.kubernetes.io/region": "us-east-1",
            "topology.kubernetes.io/zone": "us-east-1a",
            "eks.amazonaws.com/capacityType": "SPOT",
        });
        assert.equal(nodes[3].metadata.labels["topology.kubernetes.io/zone"], "us-east-1b");
        assert.deepEqual(gpu.spec.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
        assert.equal(nodes[0].spec.taints, undefined);
        assert.equal(nodes[0].metadata.labels["llm-serving/pool"], "system");
        assert.equal(nodes[0].status.capacity["nvidia.com/gpu"], undefined);
    });

    test("EKS: capacity from the catalog, allocatable after kube-reserved and eviction thresholds", () => {
        const gpu = gpuClusterNodeTwins(EKS)[2];
        // g5.2xlarge: 8 vCPU, 32 GiB, one A10G, 58 pods (eni-max-pods), 200 GiB disk (pool default).
        assert.deepEqual(gpu.status.capacity, { cpu: "8", memory: "32768Mi", "ephemeral-storage": String(200 * 2 ** 30), pods: "58", "nvidia.com/gpu": "1" });
        // CPU: 60m + 10m + 2 x 5m + 4 x 2.5m; memory: 11 MiB x 58 + 255 MiB kube-reserved and 100 MiB eviction.
        assert.equal(gpu.status.allocatable.cpu, "7910m");
        assert.equal(gpu.status.allocatable.memory, `${32768 - (11 * 58 + 255) - 100}Mi`);
        assert.equal(gpu.status.allocatable["ephemeral-storage"], String(Math.floor((200 - 1) * 2 ** 30 * 0.9)));
        assert.equal(gpu.status.allocatable["nvidia.com/gpu"], "1");
        assert.deepEqual(
            gpu.status.conditions.map((c) => [c.type, c.status]),
            [["Ready", "True"]],
        );
    });

    test("ACK: 255 pods per node (Flannel node CIDR /24), GPUs per instance type, shared GPUs as aliyun.com/gpu-mem", () => {
        const nodes = gpuClusterNodeTwins(
            {
                cloud: "alicloud",
                region: "cn-hangzhou",
                network: { zones: ["cn-hangzhou-i", "cn-hangzhou-j"] },
                gpuPools: [
                    { name: "gn7i", instanceTypes: ["ecs.gn7i-2x.8xlarge"] },
                    { name: "shared", instanceTypes: ["ecs.gn7i-c8g1.2xlarge"], gpuSharing: "cgpu" },
                ],
            },
            { nodesPerPool: 1, namePrefix: "ack" },
        );
        assert.deepEqual(
            nodes.map((n) => n.metadata.name),
            ["ack-system-0", "ack-gn7i-0", "ack-shared-0"],
        );
        assert.equal(nodes[1].status.capacity.pods, "255");
        assert.equal(nodes[1].status.allocatable["nvidia.com/gpu"], "2");
        assert.equal(nodes[2].metadata.labels["ack.node.gpu.schedule"], "cgpu");
        assert.equal(nodes[2].status.allocatable["aliyun.com/gpu-mem"], "24");
        assert.equal(nodes[2].status.allocatable["aliyun.com/gpu-count"], "1");
        assert.equal(nodes[2].status.allocatable["nvidia.com/gpu"], undefined);
    });

    test("arguments are validated as GpuCluster validates them; unknown instance types need a shape", () => {
        assert.throws(() => gpuClusterNodeTwins({ ...EKS, gpuPools: [{ name: "Bad_Name", instanceTypes: ["g5.2xlarge"] }] }), /gpuPools\[0\]\.name/);
        const custom = { ...EKS, gpuPools: [{ name: "x", instanceTypes: ["g7.future"], gpu: { model: "NVIDIA X", memoryGiB: 96, count: 4 } }] };
        assert.throws(() => gpuClusterNodeTwins(custom), /no vCPU and memory for 'g7.future'/);
        const nodes = gpuClusterNodeTwins(custom, { shapes: { "g7.future": { vcpus: 48, memoryGiB: 384, maxPods: 100 } } });
        assert.equal(nodes.at(-1)!.status.capacity["nvidia.com/gpu"], "4");
        assert.equal(nodes.at(-1)!.status.capacity.cpu, "48");
    });
});
