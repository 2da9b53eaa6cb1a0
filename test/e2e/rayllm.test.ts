// examples/rayllm through the real engine on the cluster twin: the KubeRay operator 1.7.0 installed
// as a Helm release from ../shared/charts (`chartRepository`, a local directory), its Deployment
// Available on the system pool, the RayService (validated by the API server against the chart's
// CRD), a safe change, render mode beside the offline plan (without the release: render mode
// cannot template Helm releases), destroy.
// The operator's pod runs only through the kubelet stand-in, so nothing reconciles the RayService
// into Ray pods (issue 16): the RayService alone is not awaited (`withoutOperator`).
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { charts } from "../../src/core/versions";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertDeploymentsAvailable, assertRunsOnTwin } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "rayllm");
const CHARTS = path.join(repoRoot, "..", "shared", "charts");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR, config: { chartRepository: CHARTS }, withoutOperator: ["kubernetes:ray.io/v1:RayService"] });
});
after(async () => ex?.close());

test("rayllm: up, read back, safe change, render mode = offline plan, destroy", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), ["llama-2-7b-chat-rayservice=RayService", "llm=Namespace"]);
    const live = await readBack(ex.apiserver, objects);
    const rayService = live.get("llama-2-7b-chat-rayservice");
    const group = rayService.spec.rayClusterConfig.workerGroupSpecs[0];
    assert.deepEqual([group.groupName, group.minReplicas, group.maxReplicas], ["gpu", 1, 8]);
    assert.equal(group.template.spec.containers[0].resources.limits["nvidia.com/gpu"], "1");
    const serve = parse(rayService.spec.serveConfigV2);
    assert.equal(serve.applications[0].import_path, "ray.serve.llm:build_openai_app");
    assert.equal(serve.applications[0].args.llm_configs[0].model_loading_config.model_id, "meta-llama/Llama-2-7b-chat-hf");
    assert.deepEqual(await ex.releases(), [{ name: "llama-2-7b-chat-kuberay-operator", status: "deployed", chart: "kuberay-operator", version: charts.kuberayOperator.version }]);
    const { placements } = await assertRunsOnTwin(ex.apiserver, "kuberay-system");
    assert.deepEqual(placements.map((p) => p.pool), ["system"]);
    assert.ok((await assertDeploymentsAvailable(ex.apiserver, "kuberay-system")).some((d) => d.metadata.name === "kuberay-operator"));
    // KubeRay, which makes the Ray pods, does not run in the twin (issue 16).
    await assertRunsOnTwin(ex.apiserver, "llm", { minPods: 0 });

    // Safe: another GPU resource name changes the RayService in place (KubeRay rolls the cluster).
    await ex.setConfig("gpuResourceName", "nvidia.com/mig-3g.40gb");
    const ops = await ex.previewOps();
    assert.deepEqual(ops["llama-2-7b-chat-rayservice"], ["update"], JSON.stringify(ops));
    assertNotReplaced(ops, ["llm", "llama-2-7b-chat-rayservice"]);
    await ex.setConfig("gpuResourceName", "nvidia.com/gpu");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", { installOperator: "false" });
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.deepEqual(await ex.stateObjects(), []);
    assert.equal((await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/llama-2-7b-chat")).status, 404);
});
