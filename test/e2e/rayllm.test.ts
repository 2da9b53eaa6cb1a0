// examples/rayllm through the real engine: the RayService (KubeRay v1.7.0 CRD, validated by the
// API server), a safe change, render mode beside the offline plan, destroy.
// The KubeRay operator's Helm chart is not installed (installOperator=false): charts cannot be
// fetched here; the CRDs from ../shared/crds stand in for it.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";

const DIR = path.join(repoRoot, "examples", "rayllm");
const CONFIG = { installOperator: "false" };
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR, config: CONFIG });
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

    // Safe: another GPU resource name changes the RayService in place (KubeRay rolls the cluster).
    await ex.setConfig("gpuResourceName", "nvidia.com/mig-3g.40gb");
    const ops = await ex.previewOps();
    assert.deepEqual(ops["llama-2-7b-chat-rayservice"], ["update"], JSON.stringify(ops));
    assertNotReplaced(ops, ["llm", "llama-2-7b-chat-rayservice"]);
    await ex.setConfig("gpuResourceName", "nvidia.com/gpu");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", CONFIG);
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.deepEqual(await ex.stateObjects(), []);
    assert.equal((await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/llama-2-7b-chat")).status, 404);
});
