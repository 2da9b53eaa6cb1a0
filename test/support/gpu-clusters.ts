/** What the GpuCluster tests start from: the smallest valid cluster on each cloud, and its registrations read back. */
import assert from "node:assert/strict";
import type { GpuClusterArgs } from "../../src/cloud/gpu-cluster/args";
import type { MockRecorder, Registered } from "./mocks";

/** EKS in us-east-1 over two zones, one GPU pool `a10g` of g5.2xlarge. */
export const eksCluster: GpuClusterArgs = {
    cloud: "aws",
    region: "us-east-1",
    network: { zones: ["us-east-1a", "us-east-1b"] },
    gpuPools: [{ name: "a10g", instanceTypes: ["g5.2xlarge"] }],
};
/** ACK in cn-hangzhou over two zones, one GPU pool `a10` of two-A10 ECS instances. */
export const ackCluster: GpuClusterArgs = {
    cloud: "alicloud",
    region: "cn-hangzhou",
    network: { zones: ["cn-hangzhou-h", "cn-hangzhou-i"] },
    gpuPools: [{ name: "a10", instanceTypes: ["ecs.gn7i-c32g1.16xlarge"] }],
};

/**
 * Constructs a component named `name`, waits until its registrations settle, and returns it with
 * what it registered (itself and every resource named `<name>-...`) and `one(suffix)`, the single
 * resource named `<name>-<suffix>`.
 */
export async function buildAndSettle<T>(mocks: MockRecorder, name: string, construct: () => T) {
    const component = construct();
    await mocks.settle();
    const mine = mocks.registered.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
    const one = (n: string): Registered => {
        const found = mine.filter((r) => r.name === `${name}-${n}`);
        assert.equal(found.length, 1, `${name}-${n}`);
        return found[0];
    };
    return { cluster: component, mine, one };
}
