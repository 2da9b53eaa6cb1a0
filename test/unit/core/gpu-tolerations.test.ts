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
        const got = placement(
            { gpuPool: { nodeSelector: { pool: "a10" }, tolerations: [], gpuResourceName: "nvidia.com/gpu" }, nodeSelector: {}, tolerations: [mine] },
            true,
        );
        assert.deepEqual(got, { nodeSelector: { pool: "a10" }, tolerations: [mine, GPU_TOLERATION] });
    });
});

describe("a node selector that replaces the GPU pool's", () => {
    const pool = { nodeSelector: { "llm-serving/pool": "gn7i" }, tolerations: [], gpuResourceName: "nvidia.com/gpu" };
    test("is refused on the field, for serving components, jobs and Ray worker groups", async () => {
        const { expectArgError } = await import("../../support/mocks");
        const { resolveDownloadArgs } = await import("../../../src/serving/jobs/download/validate");
        const { resolveRayLlmArgs } = await import("../../../src/serving/ray/validate");
        const selector = { "llm-serving/pool": "h100" };
        expectArgError(
            () => resolveOpenLlmArgs("chat", { namespace: "llm", model: { tag: "llama3.2:1b" }, gpuPool: pool, nodeSelector: selector }),
            "nodeSelector.llm-serving/pool",
        );
        const volume = { claimName: "models", namespace: "llm", mountPath: "/mnt/models", subPath: "", readOnly: false };
        expectArgError(
            () => resolveDownloadArgs("dl", { namespace: "llm", volume, huggingFaceId: "org/model", path: "m", gpuPool: pool, nodeSelector: selector }),
            "nodeSelector.llm-serving/pool",
        );
        expectArgError(
            () =>
                resolveRayLlmArgs("ray", {
                    namespace: "llm",
                    workerGroups: [{ name: "gpu", gpuPool: pool, nodeSelector: selector }],
                    models: [{ id: "m", source: { huggingFaceId: "org/m" } }],
                } as any),
            "workerGroups[0].nodeSelector.llm-serving/pool",
        );
    });
    test("an added label, or the pool's own value, is kept", () => {
        const rendered = renderOpenLlm(
            resolveOpenLlmArgs("chat", {
                namespace: "llm",
                model: { tag: "llama3.2:1b" },
                gpuPool: pool,
                nodeSelector: { "llm-serving/pool": "gn7i", zone: "a" },
            }),
        );
        const deployment = rendered.find((o) => o.role === "deployment")!.object as any;
        assert.deepEqual(deployment.spec.template.spec.nodeSelector, { "llm-serving/pool": "gn7i", zone: "a" });
    });
});
