// examples/openllm through the real engine: Deployment + Service, a safe change (the model and an
// added Ingress and ServiceMonitor), a change that must replace (another namespace), render mode
// beside the offline plan, destroy.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin, podsOf } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "openllm");
let ex: ExampleStack;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => ex?.close());

test("openllm: up, read back, safe and replacing changes, render mode = offline plan, destroy", { timeout: 15 * 60_000 }, async () => {
    await ex.up();
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "chat-deployment=Deployment",
        "chat-networkpolicy=NetworkPolicy",
        "chat-service=Service",
        "chat-serviceaccount=ServiceAccount",
        "llm=Namespace",
    ]);
    const live = await readBack(ex.apiserver, objects);
    const container = live.get("chat-deployment").spec.template.spec.containers[0];
    assert.equal(container.env.find((e: any) => e.name === "LLM_SERVING_MODEL").value, "llama3.2:1b");
    assert.equal(container.resources.limits["nvidia.com/gpu"], "1");
    assert.equal(live.get("chat-service").spec.ports[0].port > 0, true);
    const [placed] = (await assertRunsOnTwin(ex.apiserver, "llm")).placements;
    assert.equal(placed.gpus, 1);
    const before = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "chat" });

    // Safe: another model, an Ingress and a ServiceMonitor. The Deployment rolls in place.
    await ex.setConfig("model", "qwen2.5:1.5b");
    await ex.setConfig("host", "chat.example.com");
    await ex.setConfig("prometheusLabels", "release=prometheus");
    const safe = await ex.previewOps();
    assert.deepEqual(safe["chat-deployment"], ["update"], JSON.stringify(safe));
    assertNotReplaced(safe, ["llm", "chat-deployment", "chat-service"]);
    const created = Object.entries(safe)
        .filter(([, ops]) => ops.includes("create"))
        .map(([n]) => n)
        .sort();
    assert.deepEqual(created, ["chat-ingress", "chat-servicemonitor"], JSON.stringify(safe));
    await ex.up();
    // The new model rolled the pods: the old ones are gone, the new ones run on the GPU pool.
    await assertRunsOnTwin(ex.apiserver, "llm");
    const rolled = await podsOf(ex.apiserver, "llm", { "app.kubernetes.io/name": "chat" });
    assert.ok(rolled.length > 0 && rolled.every((p) => !before.some((b) => b.uid === p.uid)), `pods did not roll: ${JSON.stringify({ before, rolled })}`);
    const ingress = await kubeGet(ex.apiserver, "/apis/networking.k8s.io/v1/namespaces/llm/ingresses/chat");
    assert.equal(ingress.status, 200, JSON.stringify(ingress.body));
    assert.equal(ingress.body.spec.rules[0].host, "chat.example.com");
    const monitor = await kubeGet(ex.apiserver, "/apis/monitoring.coreos.com/v1/namespaces/llm/servicemonitors/chat");
    assert.equal(monitor.status, 200, JSON.stringify(monitor.body));

    // Must replace: moving to another namespace is a new Deployment and Service, and the preview says so.
    await ex.setConfig("namespace", "llm-moved");
    const moved = await ex.previewOps();
    for (const name of ["chat-deployment", "chat-service", "llm"]) {
        assert.ok(moved[name]?.includes("replace"), `${name} must be replaced: ${JSON.stringify(moved)}`);
    }
    await ex.setConfig("namespace", "llm");

    const { rendered, planned } = await renderBesidePlan(ex, DIR, "dev", {
        model: "qwen2.5:1.5b",
        host: "chat.example.com",
        prometheusLabels: "release=prometheus",
    });
    assert.deepEqual(differences(rendered, planned), []);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/llm/deployments/chat")).status, 404);
});
