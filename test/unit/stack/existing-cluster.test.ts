// Existing-cluster mode under the mock runtime: no cloud resources, platforms the cluster already
// runs are not installed, the ambient kubeconfig (the default provider), and every serving component.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { EXISTING, helmReleases, kubeObject, kubeObjects, mockStack, runProgram, setStackConfig } from "./support";

const mocks = mockStack("dev");
before(async () => {
    setStackConfig("dev", EXISTING);
    await runProgram();
    await mocks.settle();
});

test("existing cluster: nothing from a cloud, no Helm release, the ambient kubeconfig", () => {
    assert.deepEqual(
        mocks.registered.filter((r) => /^(aws|alicloud):/.test(r.type)),
        [],
    );
    assert.deepEqual(helmReleases(mocks), []);
    assert.deepEqual(mocks.byType("pulumi:providers:kubernetes"), []);
    assert.ok(mocks.registered.filter((r) => r.custom).every((r) => r.provider === undefined || r.provider === ""));
});

test("existing cluster: the namespace holding the retained claim is retained with it (deleting a namespace deletes its claims)", () => {
    assert.equal(mocks.byName("namespace").retainOnDelete, true);
    assert.equal(mocks.byName("models-pv").retainOnDelete, true);
    assert.equal(mocks.byName("models-pvc").retainOnDelete, true);
});

test("existing cluster: every serving component, on the pool's scheduling, mounting the bucket for path sources", () => {
    const objects = kubeObjects(mocks);
    for (const expected of [
        "Namespace/namespace",
        "PersistentVolume/models-pv",
        "InferenceService/bloom-isvc",
        "Deployment/chat-deployment",
        "RayService/llama-rayservice",
        "Deployment/djl-deployment",
        "Deployment/triton-deployment",
        "Deployment/openllm-deployment",
    ]) {
        assert.ok(objects.includes(expected), `${expected} in ${objects.join(", ")}`);
    }
    assert.equal(kubeObject(mocks, "PersistentVolume", "models-pv").spec.csi.driver, "ossplugin.csi.alibabacloud.com");
    const claim = kubeObject(mocks, "PersistentVolumeClaim", "models-pvc").metadata.name;
    assert.match(claim, /^models-[0-9a-f]{8}$/, "named after its source (volumeNames 'content')");
    assert.equal(kubeObject(mocks, "InferenceService", "bloom-isvc").spec.predictor.model.storageUri, `pvc://${claim}/bloom-560m`);
    const djl = kubeObject(mocks, "Deployment", "djl-deployment").spec.template.spec;
    assert.deepEqual(djl.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    assert.ok(djl.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === claim));
    // KubeRay is the cluster's: the app installs no operator of its own.
    assert.ok(!mocks.registered.some((r) => /operator/.test(r.name)));
});
