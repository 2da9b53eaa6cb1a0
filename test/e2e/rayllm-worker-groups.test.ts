// RayLLMApp under upgradeStrategy None through the real engine and kubernetes provider: removing a
// worker group previews as `replace` (KubeRay leaves a removal unapplied on the running cluster:
// shouldUpdateCluster), because the provider's diff deletes the element just past the new end,
// which the RayService's replaceOnChanges names (workerGroupRemovedPath); appending one stays an update.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";

const DIR = path.join(repoRoot, "test", "e2e", "programs", "rayllm-groups");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR, config: { groups: "1" }, withoutOperator: ["kubernetes:ray.io/v1:RayService"] });
});
after(async () => ex?.close());

test("rayllm worker groups: appending one is an update, removing one replaces the RayService", { timeout: 10 * 60_000 }, async () => {
    await ex.up();
    const rayService = () => kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/chat");
    const groups = async () => (await rayService()).body.spec.rayClusterConfig.workerGroupSpecs.map((g: any) => g.groupName);
    assert.deepEqual(await groups(), ["gpu"]);
    const uid = (await rayService()).body.metadata.uid;
    const stepsOf = async () => (await ex.previewSteps()).filter((s) => s.name === "chat-rayservice");

    await ex.setConfig("groups", "2");
    assert.deepEqual(
        (await stepsOf()).map((s) => s.op),
        ["update"],
    );
    await ex.up();
    assert.deepEqual(await groups(), ["gpu", "spare"]);
    assert.equal((await rayService()).body.metadata.uid, uid, "appended in place");

    await ex.setConfig("groups", "1");
    const removed = await stepsOf();
    assert.deepEqual(
        removed.map((s) => [s.op, s.replaceReasons]),
        [["replace", ["spec.rayClusterConfig.workerGroupSpecs[1]"]]],
    );
    await ex.up();
    const recreated = (await rayService()).body;
    assert.notEqual(recreated.metadata.uid, uid, "the RayService was recreated");
    assert.deepEqual(await groups(), ["gpu"]);

    await ex.destroy();
    assert.deepEqual(await ex.stateObjects(), []);
});
