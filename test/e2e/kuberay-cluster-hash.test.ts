// What KubeRay's RayService controller compares to decide on a new RayCluster, computed by its own
// function (GenerateHashWithoutReplicasAndWorkersToDelete, ray-operator v1.6.1, through
// engine/operators/kuberay/clusterhash) on the specs RayLLMApp renders. Under upgradeStrategy
// NewCluster a change of tolerations or worker replica bounds alone must change that hash (KubeRay
// mutes both, so the library's `llm-serving/unhashed-fields-sha256` template annotation carries them). The twin cannot show the new cluster itself: with no Ray dashboard, KubeRay's reconcile stops
// at the pending cluster's Serve status before it would prepare another.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { operatorBins, requireOperatorFile } from "./support/engine";
import { renderRayService, resolveRayLlmArgs } from "../../src/serving/ray";
import type { RayLLMAppArgs } from "../../src/serving/ray/args";

const pool = {
    nodeSelector: {},
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" as const, effect: "NoSchedule" as const }],
    gpuResourceName: "nvidia.com/gpu",
    gpuMemoryGiB: 24,
};
const base: RayLLMAppArgs = {
    namespace: "llm",
    upgradeStrategy: "NewCluster",
    workerGroups: [{ name: "gpu", replicas: { min: 1, max: 4 }, gpusPerPod: 1, gpuPool: pool }],
    models: [{ id: "qwen", source: { huggingFaceId: "Qwen/Qwen2.5-0.5B-Instruct" }, engine: { maxModelLen: 4096 } }],
    operator: { install: false },
};
const spot = [{ key: "spot", operator: "Exists" as const, effect: "NoSchedule" as const }];

function clusterSpec(args: RayLLMAppArgs): any {
    return (renderRayService(resolveRayLlmArgs("chat", args)) as any).spec.rayClusterConfig;
}

function withoutTemplateAnnotations(spec: any): any {
    const copy = structuredClone(spec);
    for (const t of [copy.headGroupSpec.template, ...copy.workerGroupSpecs.map((g: any) => g.template)]) delete t.metadata.annotations;
    return copy;
}

/** KubeRay's hash of each spec, from its own function. */
function kubeRayHashes(...specs: unknown[]): string[] {
    const bin = requireOperatorFile(operatorBins().kuberayClusterHash);
    return execFileSync(bin, { input: JSON.stringify(specs), encoding: "utf8" })
        .trim()
        .split("\n");
}

test("KubeRay's cluster hash: under NewCluster a change of tolerations or replica bounds alone is a new cluster", () => {
    const before = clusterSpec(base);
    const workerSpot = clusterSpec({ ...base, workerGroups: [{ ...base.workerGroups[0], tolerations: spot }] });
    const headSpot = clusterSpec({ ...base, head: { tolerations: spot } });
    const moreReplicas = clusterSpec({ ...base, workerGroups: [{ ...base.workerGroups[0], replicas: { min: 2, max: 6 } }] });
    const [h0, hWorker, hHead, hReplicas] = kubeRayHashes(before, workerSpot, headSpot, moreReplicas);
    assert.notEqual(hWorker, h0, "a worker group's tolerations");
    assert.notEqual(hHead, h0, "the head's tolerations");
    assert.notEqual(hReplicas, h0, "a worker group's replica bounds");
    // Without the annotation, KubeRay would see no change: what the annotation is for.
    const [plain0, plainWorker, plainHead, plainReplicas] = kubeRayHashes(...[before, workerSpot, headSpot, moreReplicas].map(withoutTemplateAnnotations));
    assert.equal(plainWorker, plain0);
    assert.equal(plainHead, plain0);
    assert.equal(plainReplicas, plain0);
});
