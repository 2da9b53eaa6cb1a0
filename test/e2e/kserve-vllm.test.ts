// examples/kserve-vllm through the real engine: pulumi up against a real kube-apiserver (which
// validates every object server-side, including the KServe InferenceService), read back,
// preview of safe and unsafe changes, render mode beside the offline plan, destroy leaving the
// retained volume.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "kserve-vllm");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => ex?.close());

test("kserve-vllm: up, read back, safe and unsafe previews, render mode = offline plan, destroy keeps the volume", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const live = await readBack(ex.apiserver, await ex.stateObjects());
    const isvc = live.get("bloom-560m-isvc");
    assert.equal(isvc.spec.predictor.model.storageUri, "pvc://models/bloom-560m");
    assert.equal(isvc.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
    const pv = live.get("models-pv");
    assert.equal(pv.metadata.name, "llm-models");
    assert.equal(pv.spec.csi.driver, "ossplugin.csi.alibabacloud.com");
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, "Retain");
    // The claim binds to this PV only: no class (so no default StorageClass provisions another).
    assert.equal(live.get("models-pvc").spec.volumeName, "llm-models");
    assert.equal(live.get("models-pvc").spec.storageClassName, "");
    // KServe's controller, which makes the predictor's pods, does not run in the twin (issue 16).
    await assertRunsOnTwin(ex.apiserver, "llm", { minPods: 0 });

    // Safe: the GPU resource name and the model path change the InferenceService in place.
    await ex.setConfig("gpuResourceName", "nvidia.com/mig-1g.10gb");
    await ex.setConfig("modelPath", "bloom-560m-v2");
    const safe = await ex.previewOps();
    assert.deepEqual(safe["bloom-560m-isvc"], ["update"], JSON.stringify(safe));
    assertNotReplaced(safe, ["models-pv", "models-pvc", "bloom-560m-isvc", "llm"]);

    // Unsafe: another bucket changes the PV's immutable CSI source. The provider plans an update,
    // and the API server's dry run refuses it at preview: nothing is touched, the user is told.
    await ex.setConfig("modelBucket", "llm-serving-other-models");
    await assert.rejects(ex.previewOps(), /persistentvolumesource is immutable after creation/);
    await ex.setConfig("modelBucket", "llm-serving-dev-models");
    await ex.setConfig("gpuResourceName", "nvidia.com/gpu");
    await ex.setConfig("modelPath", "bloom-560m");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", {});
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom-560m")).status, 404);
    assert.equal((await kubeGet(ex.apiserver, "/api/v1/persistentvolumes/llm-models")).status, 200, "the retained PersistentVolume survives pulumi destroy");
});
