// examples/rayllm through the real engine on the cluster twin: the KubeRay operator 1.7.0 installed
// as a Helm release from ../shared/charts (`chartRepository`, a local directory), its Deployment
// Available on the system pool, the RayService (validated by the API server against the chart's
// CRD), a cluster change that replaces the RayService (upgradeStrategy None), render mode beside
// the offline plan (without the release: render mode cannot template Helm releases), destroy.
// The chart's operator pod runs only through the kubelet stand-in; the real ray-operator (built from
// its Go module, v1.6.1: the proxy refuses v1.7.0's source, engine/operators/build.sh) runs out of
// cluster and reconciles the RayService into a RayCluster whose head pod the scheduler places on
// the system pool and GPU workers on the GPU pool. Unverified: the Serve application itself. KubeRay
// submits `serveConfigV2` to the head's dashboard (port 8265), which needs a running Ray head, so
// the RayService never turns Ready here and alone is not awaited (`withoutOperator`).
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
import { startOperator, type Operator } from "./support/twin/operators";

const DIR = path.join(repoRoot, "examples", "rayllm");
const CHARTS = path.join(repoRoot, "..", "shared", "charts");
let ex: ExampleStack;
let kuberay: Operator;

before(async () => {
    ex = await startExample({ dir: DIR, config: { chartRepository: CHARTS }, withoutOperator: ["kubernetes:ray.io/v1:RayService"] });
    kuberay = await startOperator(ex.apiserver, "kuberay");
});
after(async () => {
    await kuberay?.stop();
    await ex?.close();
});

test("rayllm: up, read back, a cluster change replaces the RayService, render mode = offline plan, destroy", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "llama-2-7b-chat-networkpolicy=NetworkPolicy",
        "llama-2-7b-chat-rayservice=RayService",
        "llama-2-7b-chat-serviceaccount=ServiceAccount",
        "llm=Namespace",
    ]);
    const live = await readBack(ex.apiserver, objects);
    const rayService = live.get("llama-2-7b-chat-rayservice");
    const group = rayService.spec.rayClusterConfig.workerGroupSpecs[0];
    assert.deepEqual([group.groupName, group.minReplicas, group.maxReplicas], ["gpu", 1, 8]);
    assert.equal(group.template.spec.containers[0].resources.limits["nvidia.com/gpu"], "1");
    const serve = parse(rayService.spec.serveConfigV2);
    assert.equal(serve.applications[0].import_path, "ray.serve.llm:build_openai_app");
    assert.equal(serve.applications[0].args.llm_configs[0].model_loading_config.model_id, "meta-llama/Llama-2-7b-chat-hf");
    assert.deepEqual(await ex.releases(), [
        { name: "llama-2-7b-chat-kuberay-operator", status: "deployed", chart: "kuberay-operator", version: charts.kuberayOperator.version },
    ]);
    const { placements } = await assertRunsOnTwin(ex.apiserver, "kuberay-system");
    assert.deepEqual(
        placements.map((p) => p.pool),
        ["system"],
    );
    assert.ok((await assertDeploymentsAvailable(ex.apiserver, "kuberay-system")).some((d) => d.metadata.name === "kuberay-operator"));
    const cluster = await rayClusterRunning();
    assert.deepEqual(
        cluster.spec.workerGroupSpecs.map((g: any) => [g.groupName, g.minReplicas, g.maxReplicas]),
        [["gpu", 1, 8]],
    );
    const pods = await assertRunsOnTwin(ex.apiserver, "llm", { gpuPool: "gn7i", minPods: 2 });
    const pools = pods.placements.map((p) => `${p.pod.includes("-head-") ? "head" : "worker"}@${p.pool}:${p.gpus}`).sort();
    assert.deepEqual(pools, ["head@system:0", "worker@gn7i:1"], JSON.stringify(pods.placements));
    // The operator accepted the spec (serveConfigV2 included): it made the cluster. The Serve
    // application waits for the dashboard of a running Ray head, which the twin does not have.
    const status = (await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/llama-2-7b-chat")).body.status;
    const ready = status?.conditions?.find((c: any) => c.type === "Ready");
    assert.equal(ready?.status, "False", JSON.stringify(status));

    // Under upgradeStrategy None (the default) KubeRay applies to the running cluster only Serve
    // config changes and appended worker groups (rayservice_controller.go shouldUpdateCluster):
    // another GPU resource name (a worker template change) replaces the RayService, deleted first,
    // and the operator makes a new RayCluster that carries the change.
    await ex.setConfig("gpuResourceName", "nvidia.com/mig-3g.40gb");
    const steps = await ex.previewSteps();
    const replaced = steps.filter((s) => s.name === "llama-2-7b-chat-rayservice");
    // The JSON preview lists a replacement as one `replace` step (`up` deletes first: deleteBeforeReplace).
    assert.deepEqual(
        replaced.map((s) => s.op),
        ["replace"],
        JSON.stringify(steps),
    );
    const reasons = replaced.flatMap((s) => s.replaceReasons);
    assert.ok(
        reasons.some((r) => r.startsWith("spec.rayClusterConfig.workerGroupSpecs[0].template")),
        JSON.stringify(reasons),
    );
    const ops: Record<string, string[]> = {};
    for (const s of steps) (ops[s.name] ??= []).push(s.op);
    assertNotReplaced(ops, ["llm", "llama-2-7b-chat-serviceaccount", "llama-2-7b-chat-networkpolicy", "llama-2-7b-chat-kuberay-operator"]);
    const oldUid = rayService.metadata.uid;
    await ex.up();
    const recreated = (await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/llama-2-7b-chat")).body;
    assert.notEqual(recreated.metadata.uid, oldUid, "the RayService was recreated");
    const after = await rayClusterOf(recreated.metadata.uid);
    assert.notEqual(after.metadata.name, cluster.metadata.name, "a new cluster");
    assert.equal(
        after.spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits["nvidia.com/mig-3g.40gb"],
        "1",
        "the new cluster carries the change",
    );
    assert.equal(after.spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits["nvidia.com/gpu"], undefined);
    await ex.setConfig("gpuResourceName", "nvidia.com/gpu");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", { installOperator: "false" });
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.deepEqual(await ex.stateObjects(), []);
    assert.equal((await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayservices/llama-2-7b-chat")).status, 404);
});

/** The RayCluster the operator made for the RayService with this uid (any state: the twin may not schedule its workers). */
async function rayClusterOf(uid: string, timeoutMs = 120_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const items = (await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayclusters")).body.items ?? [];
        const owned = items.filter((c: any) => c.metadata.ownerReferences?.some((o: any) => o.kind === "RayService" && o.uid === uid));
        if (owned.length === 1) return owned[0];
        if (Date.now() > deadline) {
            assert.fail(
                `no RayCluster of RayService ${uid} after ${timeoutMs} ms: ${JSON.stringify(items.map((c: any) => [c.metadata.name, c.metadata.ownerReferences]))}\n${kuberay.tail(30)}`,
            );
        }
        await new Promise((r) => setTimeout(r, 1_000));
    }
}

/** The RayService's one RayCluster, once the operator made it and its head and workers are Ready. */
async function rayClusterRunning(timeoutMs = 120_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const items = (await kubeGet(ex.apiserver, "/apis/ray.io/v1/namespaces/llm/rayclusters")).body.items ?? [];
        const owned = items.filter((c: any) => c.metadata.ownerReferences?.some((o: any) => o.kind === "RayService" && o.name === "llama-2-7b-chat"));
        if (owned.length === 1 && owned[0].status?.state === "ready") return owned[0];
        if (Date.now() > deadline) {
            assert.fail(
                `no ready RayCluster of the RayService after ${timeoutMs} ms: ${JSON.stringify(items.map((c: any) => [c.metadata.name, c.status]))}\n${kuberay.tail(30)}\n${ex.apiserver.log.slice(-15).join("\n")}`,
            );
        }
        await new Promise((r) => setTimeout(r, 1_000));
    }
}
