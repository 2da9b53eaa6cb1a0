// DeepSpeed Bloom-7B1 on DJLServing (the Kubernetes layer of examples/ack-deepspeed-bloom, as
// test/e2e/programs/djl-bloom) through the real engine: up, read back, safe changes, render mode
// beside the offline plan, destroy keeping the retained volume.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin, podsOf } from "./support/twin/assertions";

const DIR = path.join(__dirname, "programs", "djl-bloom");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => ex?.close());

test("djl-bloom: up, read back, safe changes, render mode = offline plan, destroy keeps the volume", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "bloom-config=ConfigMap",
        "bloom-deployment=Deployment",
        "bloom-ingress=Ingress",
        "bloom-models-pv=PersistentVolume",
        "bloom-models-pvc=PersistentVolumeClaim",
        "bloom-networkpolicy=NetworkPolicy",
        "bloom-service=Service",
        "bloom-serviceaccount=ServiceAccount",
        "llm=Namespace",
    ]);
    const live = await readBack(ex.apiserver, objects);
    const properties = live.get("bloom-config").data["serving.properties"];
    assert.match(properties, /^option\.tensor_parallel_degree=2$/m);
    assert.match(properties, /^engine=MPI$/m);
    const pod = live.get("bloom-deployment").spec.template.spec;
    assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], "2");
    assert.equal(live.get("bloom-models-pv").spec.persistentVolumeReclaimPolicy, "Retain");
    assert.equal(live.get("bloom-ingress").spec.rules[0].host, "bloom.example.com");
    const [placed] = (await assertRunsOnTwin(ex.apiserver, "llm")).placements;
    assert.equal(placed.gpus, 2, "tensor parallel 2 on one node of the two-GPU pool");
    const before = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "bloom" });

    // Safe: a longer load timeout (serving.properties) and another host: nothing stateful is replaced.
    await ex.setConfig("loadingTimeoutSeconds", "900");
    await ex.setConfig("host", "bloom.internal.example.com");
    const ops = await ex.previewOps();
    // Another serving.properties is another ConfigMap (its name carries a hash of its content): the
    // provider creates it, updates the Deployment to it, then deletes the old one.
    assert.ok(ops["bloom-config"]?.includes("replace"), JSON.stringify(ops));
    assert.deepEqual(ops["bloom-deployment"], ["update"], JSON.stringify(ops));
    assert.deepEqual(ops["bloom-ingress"], ["update"], JSON.stringify(ops));
    assertNotReplaced(ops, ["llm", "bloom-models-pv", "bloom-models-pvc", "bloom-deployment", "bloom-service", "bloom-ingress"]);
    await ex.up();
    const after = await readBack(ex.apiserver, await ex.stateObjects());
    assert.match(after.get("bloom-config").data["serving.properties"], /model_loading_timeout=900/);
    const configVolume = after.get("bloom-deployment").spec.template.spec.volumes.find((v: any) => v.configMap).configMap.name;
    assert.equal(configVolume, after.get("bloom-config").metadata.name, "the pods roll onto the new ConfigMap");
    await assertRunsOnTwin(ex.apiserver, "llm");
    const rolled = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "bloom" });
    assert.ok(rolled.length > 0 && rolled.every((p) => !before.some((b) => b.uid === p.uid)), `pods did not roll: ${JSON.stringify({ before, rolled })}`);
    const oldConfig = `/api/v1/namespaces/llm/configmaps/${live.get("bloom-config").metadata.name}`;
    assert.equal((await kubeGet(ex.apiserver, oldConfig)).status, 404, "the old ConfigMap is deleted after the new one exists");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", { loadingTimeoutSeconds: "900", host: "bloom.internal.example.com" });
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/llm/deployments/bloom")).status, 404);
    assert.equal(
        (await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/${live.get("bloom-models-pv").metadata.name}`)).status,
        200,
        "the retained PersistentVolume survives pulumi destroy",
    );
});
