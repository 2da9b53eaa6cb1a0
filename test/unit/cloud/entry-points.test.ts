import { test } from "node:test";
import assert from "node:assert/strict";
import { installMocks } from "../../support/mocks";

installMocks({ preview: true });

/** Cloud SDK packages loaded in this process (each test file is its own process). */
function loadedSdks(): string[] {
    const found = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const m = /[\\/]node_modules[\\/]@pulumi[\\/](aws|alicloud)[\\/]/.exec(file);
        if (m) found.add(m[1]);
    }
    return [...found].sort();
}

test("GpuCluster is exported by the root, /aws and /alicloud entry points, as one class, without loading a cloud SDK", async () => {
    const root = await import("../../../src/index");
    const awsEntry = await import("../../../src/aws");
    const aliEntry = await import("../../../src/alicloud");
    assert.equal(typeof root.GpuCluster, "function");
    assert.equal(root.GpuCluster, awsEntry.GpuCluster);
    assert.equal(root.GpuCluster, aliEntry.GpuCluster);
    assert.equal(typeof root.lookupGpuInstanceType, "function");
    assert.deepEqual(loadedSdks(), []);
});

test("constructing an EKS cluster loads @pulumi/aws only; an ACK cluster then loads @pulumi/alicloud", async () => {
    const { GpuCluster } = await import("../../../src/index");
    new GpuCluster("eks", {
        cloud: "aws",
        region: "us-east-1",
        network: { zones: ["us-east-1a", "us-east-1b"] },
        gpuPools: [{ name: "l4", instanceTypes: ["g6.xlarge"] }],
    });
    assert.deepEqual(loadedSdks(), ["aws"]);
    new GpuCluster("ack", {
        cloud: "alicloud",
        region: "cn-beijing",
        network: { zones: ["cn-beijing-a", "cn-beijing-b"] },
        gpuPools: [{ name: "l20", instanceTypes: ["ecs.gn8is.2xlarge"] }],
    });
    assert.deepEqual(loadedSdks(), ["alicloud", "aws"]);
});
