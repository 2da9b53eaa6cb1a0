// examples/triton-vllm through the real engine: Triton's vLLM backend with a generated model
// repository, on the OSS volume: up, read back, safe changes, render mode beside the offline
// plan, destroy keeping the retained volume.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin, podsOf } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "triton-vllm");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => ex?.close());

test("triton-vllm: up, read back, safe changes, render mode = offline plan, destroy keeps the volume", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "llm=Namespace",
        "models-pv=PersistentVolume",
        "models-pvc=PersistentVolumeClaim",
        "qwen-deployment=Deployment",
        "qwen-model-repository=ConfigMap",
        "qwen-networkpolicy=NetworkPolicy",
        "qwen-service=Service",
        "qwen-serviceaccount=ServiceAccount",
    ]);
    const live = await readBack(ex.apiserver, objects);
    const modelJson = JSON.parse(live.get("qwen-model-repository").data["qwen--1--model.json"]);
    assert.deepEqual(modelJson, { model: "/mnt/models/Qwen1.5-4B-Chat", tensor_parallel_size: 1, gpu_memory_utilization: 0.7 });
    assert.match(live.get("models-pvc").spec.volumeName, /^llm-models-[0-9a-f]{8}$/);
    assert.equal(live.get("models-pvc").spec.volumeName, live.get("models-pv").metadata.name);
    await assertRunsOnTwin(ex.apiserver, "llm");
    const before = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "qwen" });

    // Safe: vLLM's memory share and a ServiceMonitor; the volume and the Deployment stay.
    await ex.setConfig("gpuMemoryUtilization", "0.85");
    await ex.setConfig("prometheusLabels", "release=prometheus");
    const ops = await ex.previewOps();
    // Another model.json is another ConfigMap (its name carries a hash of its content): the
    // provider creates it, updates the Deployment to it, then deletes the old one.
    assert.ok(ops["qwen-model-repository"]?.includes("replace"), JSON.stringify(ops));
    assert.deepEqual(ops["qwen-deployment"], ["update"], JSON.stringify(ops));
    assert.deepEqual(ops["qwen-servicemonitor"], ["create"], JSON.stringify(ops));
    assertNotReplaced(ops, ["llm", "models-pv", "models-pvc", "qwen-deployment", "qwen-service"]);
    await ex.up();
    const after = await readBack(ex.apiserver, await ex.stateObjects());
    assert.equal(JSON.parse(after.get("qwen-model-repository").data["qwen--1--model.json"]).gpu_memory_utilization, 0.85);
    const configVolume = after.get("qwen-deployment").spec.template.spec.volumes.find((v: any) => v.configMap).configMap.name;
    assert.equal(configVolume, after.get("qwen-model-repository").metadata.name, "the pods roll onto the new ConfigMap");
    await assertRunsOnTwin(ex.apiserver, "llm");
    const rolled = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "qwen" });
    assert.ok(rolled.length > 0 && rolled.every((p) => !before.some((b) => b.uid === p.uid)), `pods did not roll: ${JSON.stringify({ before, rolled })}`);

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", { gpuMemoryUtilization: "0.85", prometheusLabels: "release=prometheus" });
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/llm/deployments/qwen")).status, 404);
    assert.equal(
        (await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/${live.get("models-pv").metadata.name}`)).status,
        200,
        "the retained PersistentVolume survives pulumi destroy",
    );
});
