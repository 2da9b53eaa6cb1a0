// A pod that requests GPUs tolerates the taint GPU pools carry (nvidia.com/gpu=true:NoSchedule),
// with or without a gpuPool handle: found on the cluster twin, where such pods stayed Pending.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { GPU_TOLERATION, gpuPodTolerations } from "../../../src/core/gpu";
import { renderOpenLlm, resolveOpenLlmArgs } from "../../../src/serving/openllm";
import { placement } from "../../../src/serving/common/pod";

describe("gpuPodTolerations", () => {
    test("adds the GPU toleration to a GPU pod that has none", () => {
        assert.deepEqual(gpuPodTolerations([], true), [GPU_TOLERATION]);
    });
    test("adds nothing to a pod without GPUs", () => {
        assert.deepEqual(gpuPodTolerations([], false), []);
    });
    test("keeps a toleration that already matches the taint, without a duplicate", () => {
        for (const t of [
            { key: "nvidia.com/gpu", operator: "Exists" as const },
            { key: "nvidia.com/gpu", operator: "Equal" as const, value: "true", effect: "NoSchedule" as const },
            { operator: "Exists" as const },
        ]) {
            assert.deepEqual(gpuPodTolerations([t], true), [t], JSON.stringify(t));
        }
    });
    test("adds it beside a toleration that does not match (another value, another effect, another key)", () => {
        for (const t of [
            { key: "nvidia.com/gpu", operator: "Equal" as const, value: "false" },
            { key: "nvidia.com/gpu", operator: "Exists" as const, effect: "NoExecute" as const },
            { key: "dedicated", operator: "Exists" as const },
            { operator: "Exists" as const, effect: "PreferNoSchedule" as const },
        ]) {
            assert.deepEqual(gpuPodTolerations([t], true), [t, GPU_TOLERATION], JSON.stringify(t));
        }
    });
});

describe("placement of serving pods", () => {
    test("a GPU pod without a gpuPool handle tolerates the GPU taint", () => {
        const rendered = renderOpenLlm(resolveOpenLlmArgs("chat", { namespace: "llm", model: { tag: "llama3.2:1b" } }));
        const deployment = rendered.find((o) => o.role === "deployment")!.object as any;
        assert.deepEqual(deployment.spec.template.spec.tolerations, [GPU_TOLERATION]);
    });
    test("a pod without GPUs gets no toleration it did not ask for", () => {
        assert.deepEqual(placement({ nodeSelector: {}, tolerations: [] }, false), {});
    });
    test("the pool's and the caller's tolerations come first, in order", () => {
        const mine = { key: "team", operator: "Equal" as const, value: "ml", effect: "NoSchedule" as const };
        const got = placement({ gpuPool: { nodeSelector: { pool: "a10" }, tolerations: [], gpuResourceName: "nvidia.com/gpu" }, nodeSelector: {}, tolerations: [mine] }, true);
        assert.deepEqual(got, { nodeSelector: { pool: "a10" }, tolerations: [mine, GPU_TOLERATION] });
    });
});
