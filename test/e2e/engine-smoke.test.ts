// End-to-end smoke test of the real engine toolchain built by engine/build.sh:
// kube-apiserver (+ embedded etcd) <- pulumi-kubernetes provider <- Pulumi CLI
// <- a TypeScript program using @pulumi/kubernetes.
//
//   engine/build.sh && node --import tsx --test test/e2e/engine-smoke.test.ts
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { startApiServer, type ApiServer } from "./support/apiserver";
import { engineBins, repoRoot } from "./support/engine";
import { installCrds, kubeGet, readCrds } from "./support/kube";
import { createPulumiWorkspace, type PulumiWorkspace } from "./support/pulumi";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// A function export: the program host calls it on every Run.
export default async () => {
  const config = new pulumi.Config();
  const message = config.get("message") ?? "hello";
  const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "llm-smoke" } });
  const cm = new k8s.core.v1.ConfigMap("cm", {
    metadata: { name: "smoke-config", namespace: ns.metadata.name },
    data: { message },
  });
  const isvc = new k8s.apiextensions.CustomResource("isvc", {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: "smoke-llm",
      namespace: ns.metadata.name,
      // Awaited as on a real cluster: the provider has no readiness logic for InferenceServices
      // (none is asked for with pulumi.com/waitFor), so nothing waits on KServe here.
      annotations: { "example.com/message": message },
    },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: "huggingface" },
          storageUri: "hf://Qwen/Qwen2.5-0.5B-Instruct",
          resources: { limits: { cpu: "1", memory: "2Gi" }, requests: { cpu: "1", memory: "2Gi" } },
        },
      },
    },
  });
  return { namespace: ns.metadata.name, configMap: cm.metadata.name, inferenceService: isvc.metadata.name };
};
`;

let apiserver: ApiServer | undefined;
let ws: PulumiWorkspace | undefined;
let projectDir: string | undefined;

before(async () => {
    const bins = engineBins();
    const started = Date.now();
    apiserver = await startApiServer({ binary: bins.kubeApiserver });
    console.log(`kube-apiserver ready in ${Date.now() - started} ms`);

    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-smoke-"));
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: llm-serving-smoke\nruntime: nodejs\ndescription: engine smoke test\n");
    fs.writeFileSync(path.join(projectDir, "index.ts"), PROGRAM);
    // Resolve @pulumi/* (and tsx) from the repo's node_modules.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");

    ws = await createPulumiWorkspace({ bins, projectDir, kubeconfigPath: apiserver.kubeconfigPath });
});

after(async () => {
    ws?.cleanup();
    if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
    await apiserver?.stop();
});

test("the apiserver reports v1.34.3 and accepts the CRDs from shared/crds", async (t) => {
    const version = await kubeGet(apiserver!, "/version");
    assert.equal(version.status, 200);
    assert.equal(version.body.gitVersion, "v1.34.3");

    let started = Date.now();
    const crds = readCrds(path.join(repoRoot, "..", "shared", "crds"));
    t.diagnostic(`parsed ${crds.length} CRDs in ${Date.now() - started} ms`);
    assert.ok(crds.length >= 10, `expected the shared CRDs, found ${crds.length}`);
    started = Date.now();
    const names = await installCrds(apiserver!, crds);
    t.diagnostic(`installed ${names.length} CRDs in ${Date.now() - started} ms`);
    assert.ok(names.includes("inferenceservices.serving.kserve.io"));
    const list = await kubeGet(apiserver!, "/apis/serving.kserve.io/v1beta1/inferenceservices");
    assert.equal(list.status, 200);
});

test("pulumi up / preview --json / destroy of a @pulumi/kubernetes program", { timeout: 15 * 60_000 }, async (t) => {
    const program = path.join(projectDir!, "index.ts");
    const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        const r = await f();
        t.diagnostic(`${label}: ${Date.now() - started} ms`);
        return r;
    };
    const version = await ws!.run(["version"]);
    assert.match(version.stdout.trim(), /^v3\.\d+\.\d+/);

    await ws!.run(["stack", "init", "dev", "--non-interactive"]);
    await ws!.run(["config", "set", "message", "hello"]);

    // --- up
    const up = await timed("pulumi up", () => ws!.run(["up", "--yes", "--non-interactive"], { program }));
    assert.match(up.stdout, /4 created|created \(\d/, up.stdout);
    const outputs = JSON.parse((await ws!.run(["stack", "output", "--json"])).stdout);
    assert.deepEqual(outputs, { namespace: "llm-smoke", configMap: "smoke-config", inferenceService: "smoke-llm" });

    // --- read back from the API server
    const ns = await kubeGet(apiserver!, "/api/v1/namespaces/llm-smoke");
    assert.equal(ns.status, 200);
    const cm = await kubeGet(apiserver!, "/api/v1/namespaces/llm-smoke/configmaps/smoke-config");
    assert.equal(cm.status, 200);
    assert.deepEqual(cm.body.data, { message: "hello" });
    const isvc = await kubeGet(apiserver!, "/apis/serving.kserve.io/v1beta1/namespaces/llm-smoke/inferenceservices/smoke-llm");
    assert.equal(isvc.status, 200, JSON.stringify(isvc.body));
    assert.equal(isvc.body.metadata.annotations["example.com/message"], "hello");
    assert.equal(isvc.body.spec.predictor.model.modelFormat.name, "huggingface");
    assert.equal(isvc.body.spec.predictor.model.storageUri, "hf://Qwen/Qwen2.5-0.5B-Instruct");

    // --- preview --json of a change
    await ws!.run(["config", "set", "message", "changed"]);
    const preview = await timed("pulumi preview --json", () => ws!.run(["preview", "--json", "--non-interactive"], { program }));
    const plan = JSON.parse(preview.stdout);
    const op = (name: string) => plan.steps.find((s: any) => s.urn.endsWith(`::${name}`))?.op;
    // pulumi-kubernetes replaces a ConfigMap whose data changes (ConfigMaps are treated
    // as immutable unless the provider sets enableConfigMapMutable); the custom
    // resource's annotation is an in-place update.
    assert.equal(op("cm"), "replace", preview.stdout);
    assert.equal(op("isvc"), "update", preview.stdout);
    assert.equal(plan.changeSummary.replace, 1, JSON.stringify(plan.changeSummary));
    assert.equal(plan.changeSummary.update, 1, JSON.stringify(plan.changeSummary));
    // preview changed nothing on the server
    const cmAfterPreview = await kubeGet(apiserver!, "/api/v1/namespaces/llm-smoke/configmaps/smoke-config");
    assert.deepEqual(cmAfterPreview.body.data, { message: "hello" });

    // --- destroy
    await timed("pulumi destroy", () => ws!.run(["destroy", "--yes", "--non-interactive"]));
    const cmGone = await kubeGet(apiserver!, "/api/v1/namespaces/llm-smoke/configmaps/smoke-config");
    assert.equal(cmGone.status, 404);
    const isvcGone = await kubeGet(apiserver!, "/apis/serving.kserve.io/v1beta1/namespaces/llm-smoke/inferenceservices/smoke-llm");
    assert.equal(isvcGone.status, 404);
    // The provider awaited the namespace's deletion (done by the namespace controller).
    const nsAfter = await kubeGet(apiserver!, "/api/v1/namespaces/llm-smoke");
    assert.equal(nsAfter.status, 404, JSON.stringify(nsAfter.body?.status));
    const stack = JSON.parse((await ws!.run(["stack", "export"])).stdout);
    assert.equal((stack.deployment.resources ?? []).length, 0);
});
