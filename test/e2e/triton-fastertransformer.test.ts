// examples/triton-fastertransformer through the real engine: the download and conversion Jobs,
// Triton after them, on a ReadWriteMany OSS volume. Another converted path must replace the
// conversion Job (a Job's template is immutable; its name follows its content) and nothing else.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin, podsOf } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "triton-fastertransformer");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => ex?.close());

test("triton-fastertransformer: up, read back, a replacing change, render mode = offline plan, destroy", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "bloom-convert-job=Job",
        "bloom-convert-serviceaccount=ServiceAccount",
        "bloom-deployment=Deployment",
        "bloom-download-job=Job",
        "bloom-download-serviceaccount=ServiceAccount",
        "bloom-model-repository=ConfigMap",
        "bloom-models-pv=PersistentVolume",
        "bloom-models-pvc=PersistentVolumeClaim",
        "bloom-networkpolicy=NetworkPolicy",
        "bloom-service=Service",
        "bloom-serviceaccount=ServiceAccount",
        "llm=Namespace",
    ]);
    const live = await readBack(ex.apiserver, objects);
    assert.deepEqual(live.get("bloom-models-pvc").spec.accessModes, ["ReadWriteMany"]);
    const convert = live.get("bloom-convert-job").spec.template.spec.containers[0];
    assert.match([...(convert.command ?? []), ...(convert.args ?? [])].join(" "), /--tensor-para-size=2/);

    // Download, then conversion, then Triton: each starts after the one before has completed.
    const { jobs } = await assertRunsOnTwin(ex.apiserver, "llm");
    const done = (role: string) => jobs.get(live.get(`bloom-${role}-job`).metadata.name)!;
    const started = async (selector: Record<string, string>) => (await podsOf(ex.apiserver, "llm", selector)).map((p) => p.created.getTime());
    const jobPods = async (role: string) => started({ "job-name": live.get(`bloom-${role}-job`).metadata.name });
    assert.ok(
        (await jobPods("convert")).every((t) => t >= done("download").getTime()),
        "the conversion starts after the download completed",
    );
    const triton = await started({ "app.kubernetes.io/name": "bloom", "app.kubernetes.io/component": "triton" });
    assert.ok(triton.length > 0 && triton.every((t) => t >= done("convert").getTime()), "Triton starts after the conversion completed");

    // Must replace: another output path is a new conversion Job; the volume and the Service stay.
    await ex.setConfig("convertedPath", "bloom-7b1-ft-fp16-v2");
    const ops = await ex.previewOps();
    assert.ok(ops["bloom-convert-job"]?.includes("replace"), JSON.stringify(ops));
    assertNotReplaced(ops, ["llm", "bloom-models-pv", "bloom-models-pvc", "bloom-service", "bloom-deployment", "bloom-download-job"]);
    await ex.setConfig("convertedPath", "bloom-7b1-ft-fp16");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", {});
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, "/apis/batch/v1/namespaces/llm/jobs/" + live.get("bloom-convert-job").metadata.name)).status, 404);
    assert.equal(
        (await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/${live.get("bloom-models-pv").metadata.name}`)).status,
        200,
        "the retained PersistentVolume survives pulumi destroy",
    );
});
