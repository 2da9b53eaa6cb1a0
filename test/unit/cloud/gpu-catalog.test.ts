import { test } from "node:test";
import assert from "node:assert/strict";
import { GPU_INSTANCE_TYPES, gpuFamilyTypes, instanceFamily, lookupGpuInstanceType } from "../../../src/core/gpu-catalog";

test("the issue's reference types carry their GPU model, memory and count", () => {
    const expect = (cloud: "aws" | "alicloud", type: string, model: string | undefined, memoryGiB: number, gpus: number) => {
        const t = lookupGpuInstanceType(cloud, type);
        assert.ok(t, type);
        assert.deepEqual([t.gpuModel, t.gpuMemoryGiB, t.gpus], [model, memoryGiB, gpus], type);
    };
    expect("alicloud", "ecs.gn7i-c8g1.2xlarge", "NVIDIA A10", 24, 1);
    expect("alicloud", "ecs.gn8is.2xlarge", "NVIDIA L20", 48, 1);
    expect("aws", "g5.xlarge", "NVIDIA A10G", 24, 1);
    expect("aws", "g6.xlarge", "NVIDIA L4", 24, 1);
    expect("aws", "g6e.xlarge", "NVIDIA L40S", 48, 1);
    expect("aws", "p4d.24xlarge", "NVIDIA A100", 40, 8);
    expect("aws", "p4de.24xlarge", "NVIDIA A100", 80, 8);
    expect("aws", "p5.48xlarge", "NVIDIA H100", 80, 8);
    // Alibaba's table gives memory only for gn7e: the model stays unknown rather than guessed.
    expect("alicloud", "ecs.gn7e-c16g1.8xlarge", undefined, 80, 2);
});

test("gn7i offers two-GPU types for tensor parallelism 2 on one node (Bloom-7B1 with DeepSpeed)", () => {
    const twoGpu = GPU_INSTANCE_TYPES.filter((t) => t.family === "ecs.gn7i" && t.gpus === 2).map((t) => t.instanceType);
    assert.deepEqual(twoGpu.sort(), ["ecs.gn7i-2x.8xlarge", "ecs.gn7i-c32g1.16xlarge"]);
});

test("instance families are read from AWS and ECS type names", () => {
    assert.equal(instanceFamily("g5.12xlarge"), "g5");
    assert.equal(instanceFamily("p6-b200.48xlarge"), "p6-b200");
    assert.equal(instanceFamily("ecs.gn7i-c32g1.16xlarge"), "ecs.gn7i");
    assert.equal(instanceFamily("ecs.gn8is-2x.8xlarge"), "ecs.gn8is");
    assert.equal(instanceFamily("ecs.gn8is.4xlarge"), "ecs.gn8is");
    assert.ok(gpuFamilyTypes("aws", "g6e").includes("g6e.48xlarge"));
    assert.deepEqual(gpuFamilyTypes("aws", "m6i"), []);
});

test("every type is unique per cloud, in its own family, with a positive GPU count and memory", () => {
    const seen = new Set<string>();
    for (const t of GPU_INSTANCE_TYPES) {
        const key = `${t.cloud}/${t.instanceType}`;
        assert.ok(!seen.has(key), key);
        seen.add(key);
        assert.equal(instanceFamily(t.instanceType), t.family, key);
        assert.ok(t.gpus >= 1 && t.gpuMemoryGiB >= 16, key);
        assert.equal(t.cloud === "alicloud", t.instanceType.startsWith("ecs."), key);
    }
    assert.equal(lookupGpuInstanceType("aws", "ecs.gn7i-c8g1.2xlarge"), undefined);
});
