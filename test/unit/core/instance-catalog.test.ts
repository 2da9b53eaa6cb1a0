import { test } from "node:test";
import assert from "node:assert/strict";
import { GPU_INSTANCE_TYPES, type GpuCloud } from "../../../src/core/gpu-catalog";
import { INSTANCE_SHAPES, lookupInstanceShape } from "../../../src/core/instance-catalog";

/** Default system-pool (CPU) instance types of GpuCluster. */
const CPU_DEFAULTS: ReadonlyArray<readonly [GpuCloud, string]> = [
    ["aws", "m6i.xlarge"],
    ["aws", "m5.xlarge"],
    ["alicloud", "ecs.g7.xlarge"],
    ["alicloud", "ecs.g6.xlarge"],
];

/**
 * Instance types whose vCPUs or memory could not be confirmed from a vendor source, so the catalog
 * leaves them out rather than guess. Empty: every type is confirmed.
 */
const UNCONFIRMED: ReadonlySet<string> = new Set<string>([]);

test("every GPU instance type and default system-pool type has a shape (or is explicitly unconfirmed)", () => {
    const wanted: Array<readonly [GpuCloud, string]> = [...GPU_INSTANCE_TYPES.map((t) => [t.cloud, t.instanceType] as const), ...CPU_DEFAULTS];
    const missing = wanted
        .filter(([cloud, type]) => !UNCONFIRMED.has(type) && lookupInstanceShape(cloud, type) === undefined)
        .map(([cloud, type]) => `${cloud}/${type}`);
    assert.deepEqual(missing, []);
    for (const type of UNCONFIRMED) assert.equal(INSTANCE_SHAPES[type], undefined, `${type} is listed as unconfirmed but has a shape`);
});

test("AWS shapes carry EKS max pods; Alibaba shapes do not", () => {
    for (const [type, shape] of Object.entries(INSTANCE_SHAPES)) {
        assert.ok(shape.vcpus > 0 && shape.memoryGiB > 0, type);
        if (type.startsWith("ecs.")) assert.equal("maxPods" in shape, false, type);
        else assert.ok(Number.isInteger(shape.maxPods) && (shape.maxPods ?? 0) > 0, type);
    }
});

test("spot checks against the vendor figures", () => {
    assert.deepEqual(lookupInstanceShape("aws", "g5.2xlarge"), { vcpus: 8, memoryGiB: 32, maxPods: 58 });
    assert.deepEqual(lookupInstanceShape("aws", "m5.xlarge"), { vcpus: 4, memoryGiB: 16, maxPods: 58 });
    assert.deepEqual(lookupInstanceShape("aws", "m6i.xlarge"), { vcpus: 4, memoryGiB: 16, maxPods: 58 });
    assert.deepEqual(lookupInstanceShape("aws", "p4d.24xlarge"), { vcpus: 96, memoryGiB: 1152, maxPods: 737 });
    assert.deepEqual(lookupInstanceShape("aws", "g4dn.xlarge"), { vcpus: 4, memoryGiB: 16, maxPods: 29 });
    assert.deepEqual(lookupInstanceShape("aws", "g6e.48xlarge"), { vcpus: 192, memoryGiB: 1536, maxPods: 492 });
    assert.deepEqual(lookupInstanceShape("aws", "p5.48xlarge"), { vcpus: 192, memoryGiB: 2048, maxPods: 100 });
    assert.deepEqual(lookupInstanceShape("aws", "p5en.48xlarge"), { vcpus: 192, memoryGiB: 2048, maxPods: 198 });
    assert.deepEqual(lookupInstanceShape("alicloud", "ecs.gn7i-c8g1.2xlarge"), { vcpus: 8, memoryGiB: 30 });
    assert.deepEqual(lookupInstanceShape("alicloud", "ecs.gn6i-c4g1.xlarge"), { vcpus: 4, memoryGiB: 15 });
    assert.deepEqual(lookupInstanceShape("alicloud", "ecs.gn8v-8x.48xlarge"), { vcpus: 192, memoryGiB: 1024 });
    assert.deepEqual(lookupInstanceShape("alicloud", "ecs.g7.xlarge"), { vcpus: 4, memoryGiB: 16 });
    assert.deepEqual(lookupInstanceShape("alicloud", "ecs.g6.xlarge"), { vcpus: 4, memoryGiB: 16 });
});

test("unknown types, and types asked for on the other cloud, are undefined", () => {
    assert.equal(lookupInstanceShape("aws", "g99.xlarge"), undefined);
    assert.equal(lookupInstanceShape("alicloud", "ecs.gn99-c8g1.2xlarge"), undefined);
    assert.equal(lookupInstanceShape("aws", "ecs.gn7i-c8g1.2xlarge"), undefined);
    assert.equal(lookupInstanceShape("alicloud", "g5.2xlarge"), undefined);
    assert.equal(lookupInstanceShape("aws", "toString"), undefined);
});
