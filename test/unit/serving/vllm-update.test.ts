import { test } from "node:test";
import assert from "node:assert/strict";
import { urnName, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";

// Update mode: the engine returns ids and outputs, as during `pulumi up`.
const { mocks, lib } = loadUnderMocks(["lib"], { preview: false });

test("volume + deployment-mode vLLM: child names, types and parents are stable", async () => {
    const models = new lib.ModelBucketVolume("models", {
        cloud: "aws",
        region: "us-west-2",
        namespace: "llm",
        bucket: { name: "acme-models", create: false },
    });
    const svc = new lib.VllmInferenceService("chat", {
        mode: "deployment",
        namespace: "llm",
        model: { source: { volume: models.ref, path: "qwen" } },
    });
    await mocks.settle();
    const children = mocks.registered
        .filter((r) => r.custom)
        .map((r) => `${r.type} ${r.name} <- ${urnName(r.parent)}`)
        .sort();
    assert.deepEqual(children, [
        "kubernetes:apps/v1:Deployment chat-deployment <- chat",
        "kubernetes:core/v1:PersistentVolume models-pv <- models",
        "kubernetes:core/v1:PersistentVolumeClaim models-pvc <- models",
        "kubernetes:core/v1:Service chat-service <- chat",
        "kubernetes:core/v1:ServiceAccount chat-serviceaccount <- chat",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy chat-networkpolicy <- chat",
    ]);
    assert.equal(await valueOf(svc.openAiBaseUrl), "http://chat.llm.svc.cluster.local:8000/v1");
    assert.match(String(await valueOf(models.storageUri)), /^pvc:\/\/models-[0-9a-f]{8}$/);
    const pvc = mocks.byName("models-pvc");
    assert.ok(
        pvc.dependencies.some((d) => urnName(d) === "models-pv"),
        "the claim waits for its volume",
    );
});
