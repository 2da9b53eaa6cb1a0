// examples/kserve-vllm through the real engine on the cluster twin, with KServe installed first from
// ../shared/charts (test/e2e/programs/kserve-platform) and KServe's real manager (v0.20.0, built from
// its Go module) running out of cluster with its webhooks on loopback: pulumi up, read back, the
// InferenceService reconciled into a predictor whose pods mount the claim at /mnt/models and run on
// the GPU pool, a new model path rolled out, preview of safe changes, another bucket rolled out as a
// new content-named volume and claim (the old pair retained), render mode beside the offline plan,
// destroy leaving the retained volume, claim and namespace.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, openExample, readBack, renderBesidePlan, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { startTwin, type Twin } from "./support/twin";
import { assertRunsOnTwin, waitForCondition } from "./support/twin/assertions";
import { startOperator, type Operator } from "./support/twin/operators";

const DIR = path.join(repoRoot, "examples", "kserve-vllm");
const PLATFORM = path.join(repoRoot, "test", "e2e", "programs", "kserve-platform");
const CHARTS = path.join(repoRoot, "..", "shared", "charts");
const ISVC = "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom-560m";
let twin: Twin;
let kserve: Operator;
let platform: ExampleStack;
let ex: ExampleStack;

before(async () => {
    // The charts install KServe's CRDs themselves.
    twin = await startTwin({ crds: false });
    kserve = await startOperator(twin, "kserve", { wait: false });
    platform = await openExample(twin, { dir: PLATFORM, config: { chartRepository: CHARTS } });
    await platform.up();
    ex = await openExample(twin, { dir: DIR });
});
after(async () => {
    await ex?.close();
    await platform?.close();
    await kserve?.stop();
    await twin?.stop();
});

const context = () => `kserve manager (started ${kserve.starts}x):\n${kserve.tail(40)}\ntwin:\n${twin.log.slice(-20).join("\n")}`;

/** The predictor's pods once the rollout to `subPath` finished: each mounts the model claim there. */
async function predictorPodsServing(claim: string, subPath: string, timeoutMs = 180_000): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    let pods: any[] = [];
    for (;;) {
        pods = (await kubeGet(twin, "/api/v1/namespaces/llm/pods?labelSelector=serving.kserve.io%2Finferenceservice%3Dbloom-560m")).body.items ?? [];
        const mounts = pods.map((p) => {
            const volume = p.spec.volumes.find((v: any) => v.persistentVolumeClaim?.claimName === claim);
            const container = p.spec.containers.find((c: any) => c.name === "kserve-container");
            return volume && container.volumeMounts.find((m: any) => m.name === volume.name && m.mountPath === "/mnt/models" && m.subPath === subPath);
        });
        const ready = pods.every((p) => p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
        if (pods.length > 0 && ready && mounts.every(Boolean) && !pods.some((p) => p.metadata.deletionTimestamp)) return pods;
        if (Date.now() > deadline)
            assert.fail(
                `predictor pods not serving ${claim}/${subPath}: ${JSON.stringify(pods.map((p) => [p.metadata.name, p.spec.volumes, p.status.phase]))}\n${context()}`,
            );
        await new Promise((r) => setTimeout(r, 1_000));
    }
}

test(
    "kserve-vllm: up, read back, safe previews, another bucket rolls out, render mode = offline plan, destroy keeps the volume",
    { timeout: 15 * 60_000 },
    async () => {
        await ex.up();
        const live = await readBack(ex.apiserver, await ex.stateObjects());
        // volumeNames "content": the claim and volume are named after their source (`<name>-<8 hex>`).
        const claim = live.get("models-pvc").metadata.name;
        assert.match(claim, /^models-[0-9a-f]{8}$/);
        const isvc = live.get("bloom-560m-isvc");
        assert.equal(isvc.spec.predictor.model.storageUri, `pvc://${claim}/bloom-560m`);
        assert.equal(isvc.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
        const pv = live.get("models-pv");
        assert.equal(pv.metadata.name, `llm-${claim}`);
        assert.equal(pv.spec.csi.driver, "ossplugin.csi.alibabacloud.com");
        assert.equal(pv.spec.csi.volumeAttributes.bucket, "llm-serving-dev-models");
        assert.equal(pv.spec.persistentVolumeReclaimPolicy, "Retain");
        // The claim binds to this PV only: no class (so no default StorageClass provisions another).
        assert.equal(live.get("models-pvc").spec.volumeName, pv.metadata.name);
        assert.equal(live.get("models-pvc").spec.storageClassName, "");

        // KServe's controller and pod webhook: a Ready InferenceService whose predictor pods mount the
        // claim at /mnt/models (subPath = the model path) and ask for the GPU, on the GPU pool.
        const ready = await waitForCondition(twin, ISVC, "Ready", 180_000, context);
        const first = await predictorPodsServing(claim, "bloom-560m");
        const { placements } = await assertRunsOnTwin(twin, "llm", { gpuPool: "gn7i" });
        assert.ok(placements.length > 0 && placements.every((p) => p.pool === "gn7i" && p.gpus === 1), JSON.stringify(placements));
        const outputs = JSON.parse((await ex.run(["stack", "output", "--json"])).stdout);
        assert.equal(outputs.openAiBaseUrl, `${ready.status.address.url}/openai/v1`);

        // A new model path updates the InferenceService in place, and KServe rolls the predictor onto it.
        await ex.setConfig("modelPath", "bloom-560m-v2");
        await ex.up();
        const rolled = await predictorPodsServing(claim, "bloom-560m-v2");
        assert.ok(
            rolled.every((p) => !first.some((f) => f.metadata.uid === p.metadata.uid)),
            "new pods",
        );
        await ex.setConfig("modelPath", "bloom-560m");

        // Safe: the GPU resource name and the model path change the InferenceService in place.
        await ex.setConfig("gpuResourceName", "nvidia.com/mig-1g.10gb");
        await ex.setConfig("modelPath", "bloom-560m-v2");
        const safe = await ex.previewOps();
        assert.deepEqual(safe["bloom-560m-isvc"], ["update"], JSON.stringify(safe));
        assertNotReplaced(safe, ["models-pv", "models-pvc", "bloom-560m-isvc", "llm"]);

        await ex.setConfig("gpuResourceName", "nvidia.com/gpu");
        await ex.setConfig("modelPath", "bloom-560m");

        // Another bucket changes the PV's CSI source, which the API server never updates in place
        // (`spec.persistentvolumesource is immutable after creation`). With content names it is a new
        // volume and claim: the preview plans their replacement (same Pulumi names, new object names,
        // created first) and an in-place update of the InferenceService's storage URI.
        await ex.setConfig("modelBucket", "llm-serving-other-models");
        const moved = await ex.previewOps();
        for (const name of ["models-pv", "models-pvc"]) assert.ok(moved[name]?.includes("replace"), `${name} must be replaced: ${JSON.stringify(moved)}`);
        assert.deepEqual(moved["bloom-560m-isvc"], ["update"], JSON.stringify(moved));
        assertNotReplaced(moved, ["bloom-560m-isvc", "llm"]);
        await ex.up();
        const after = await readBack(ex.apiserver, await ex.stateObjects());
        const newClaim = after.get("models-pvc").metadata.name;
        const newPv = after.get("models-pv");
        assert.match(newClaim, /^models-[0-9a-f]{8}$/);
        assert.notEqual(newClaim, claim);
        assert.equal(newPv.metadata.name, `llm-${newClaim}`);
        assert.equal(newPv.spec.csi.volumeAttributes.bucket, "llm-serving-other-models");
        assert.deepEqual({ namespace: newPv.spec.claimRef.namespace, name: newPv.spec.claimRef.name }, { namespace: "llm", name: newClaim });
        assert.equal(after.get("models-pvc").spec.volumeName, newPv.metadata.name);
        assert.equal(after.get("bloom-560m-isvc").spec.predictor.model.storageUri, `pvc://${newClaim}/bloom-560m`);
        // KServe rolls the predictor onto the new claim: every pod mounts it, none is left on the old one.
        const onNewClaim = await predictorPodsServing(newClaim, "bloom-560m");
        assert.ok(
            onNewClaim.every((p) => !rolled.some((f) => f.metadata.uid === p.metadata.uid)),
            "new pods",
        );
        // The old pair is retained (retainOnDelete: the replacement drops it from the state, not from the
        // cluster); it holds no data, and docs/operations.md says how to remove it.
        assert.equal((await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/llm-${claim}`)).status, 200, "the replaced PersistentVolume is retained");
        assert.equal((await kubeGet(ex.apiserver, `/api/v1/namespaces/llm/persistentvolumeclaims/${claim}`)).status, 200, "the replaced claim is retained");
        assert.ok(
            !(await ex.stateObjects()).some((o) => o.objectName === claim || o.objectName === `llm-${claim}`),
            "the replaced pair is no longer in the stack's state",
        );

        const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", {});
        assert.deepEqual(differences(rendered, planned), []);

        await ex.destroy();
        assert.equal((await kubeGet(ex.apiserver, ISVC)).status, 404);
        assert.equal(
            (await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/${newPv.metadata.name}`)).status,
            200,
            "the retained PersistentVolume survives pulumi destroy",
        );
        // The namespace is retained with the claim in it (deleting a namespace deletes its claims).
        assert.equal((await kubeGet(ex.apiserver, "/api/v1/namespaces/llm")).status, 200, "the namespace holding the retained claim survives");
        assert.equal(
            (await kubeGet(ex.apiserver, `/api/v1/namespaces/llm/persistentvolumeclaims/${newClaim}`)).status,
            200,
            "the retained claim survives pulumi destroy",
        );
    },
);
