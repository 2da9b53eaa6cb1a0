// examples/kserve-stack through the real engine on the cluster twin, with its Helm releases installed
// from the chart directories in ../shared/charts (`registries.charts`, as on an air-gapped cluster):
// cert-manager (its post-install hook Job run by the kubelet stand-in), the KServe CRDs, controller
// and runtimes. Read back: the CRDs the charts install, the controller Deployments Available on the
// system pool, the ClusterServingRuntimes; then destroy uninstalls the releases.
// KServe's manager (v0.20.0, built from its Go module) runs out of cluster against the twin with its
// webhooks on loopback: it turns the example's InferenceService into the predictor's Deployment,
// Service and HPA, whose pods the scheduler places on the GPU pool.
// The twin starts without ../shared/crds: the charts install the CRDs themselves.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { charts, images } from "../../src/core/versions";
import { repoRoot } from "./support/engine";
import { readBack, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertDeploymentsAvailable, assertRunsOnTwin, waitForCondition } from "./support/twin/assertions";
import { startOperator, type Operator } from "./support/twin/operators";

const DIR = path.join(repoRoot, "examples", "kserve-stack");
const CHARTS = path.join(repoRoot, "..", "shared", "charts");
let ex: ExampleStack;
let kserve: Operator;

before(async () => {
    ex = await startExample({ dir: DIR, config: { chartRepository: CHARTS }, twin: { crds: false } });
    // It exits until the chart's `inferenceservice-config` exists and is restarted, so it is not awaited here.
    kserve = await startOperator(ex.apiserver, "kserve", { wait: false });
});
after(async () => {
    await kserve?.stop();
    await ex?.close();
});

test("kserve-stack: Helm releases from local charts install through the twin, the controllers run, destroy uninstalls", { timeout: 20 * 60_000 }, async () => {
    await ex.up();
    const releases = (await ex.releases()).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
        releases.map((r) => [r.name, r.status, r.chart, r.version]),
        [
            ["platform-cert-manager", "deployed", "cert-manager", charts.certManager.version],
            ["platform-kserve", "deployed", "kserve-resources", charts.kserveResources.version],
            ["platform-kserve-crd", "deployed", "kserve-crd", charts.kserveCrd.version],
            ["platform-runtimes", "deployed", "kserve-runtime-configs", charts.kserveRuntimeConfigs.version],
        ],
    );
    const live = await readBack(ex.apiserver, await ex.stateObjects());

    for (const crd of ["inferenceservices.serving.kserve.io", "clusterservingruntimes.serving.kserve.io", "certificates.cert-manager.io"]) {
        const res = await kubeGet(ex.apiserver, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`);
        assert.equal(res.status, 200, `CRD ${crd} is installed by the charts`);
    }
    const names = async (ns: string) => (await assertDeploymentsAvailable(ex.apiserver, ns)).map((d) => d.metadata.name).sort();
    assert.deepEqual(await names("cert-manager"), ["cert-manager", "cert-manager-cainjector", "cert-manager-webhook"]);
    assert.ok((await names("kserve")).includes("kserve-controller-manager"));
    for (const ns of ["cert-manager", "kserve"]) {
        const { placements } = await assertRunsOnTwin(ex.apiserver, ns, { gpuPool: "gn7i" });
        assert.ok(
            placements.every((p) => p.pool === "system"),
            `${ns}: controllers run on the system pool: ${JSON.stringify(placements)}`,
        );
    }
    // Helm waited for cert-manager's post-install hook Job, which the stand-in ran to completion
    // (Helm deletes the hook Job once it has succeeded).
    assert.ok(
        ex.apiserver.log.some((l) => /^Succeeded cert-manager\/cert-manager-startupapicheck-/.test(l)),
        ex.apiserver.log.join("\n"),
    );

    const runtimes = await kubeGet(ex.apiserver, "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes");
    assert.equal(runtimes.status, 200);
    assert.ok(
        runtimes.body.items.some((r: any) => r.metadata.name === "kserve-huggingfaceserver"),
        JSON.stringify(runtimes.body.items.map((r: any) => r.metadata.name)),
    );
    // The chart's own default is the floating vllm/vllm-openai:latest.
    const vllmRuntime = runtimes.body.items.find((r: any) => r.metadata.name === "kserve-vllmserver");
    assert.equal(vllmRuntime?.spec.containers[0].image, images.vllmOpenAi);
    const config = await kubeGet(ex.apiserver, "/api/v1/namespaces/kserve/configmaps/inferenceservice-config");
    assert.equal(JSON.parse(config.body.data.deploy).defaultDeploymentMode, "Standard");
    assert.equal(live.get("bloom-560m-isvc").spec.predictor.model.modelFormat.name, "huggingface");
    await assertKServeReconciles();

    await ex.destroy();
    assert.deepEqual([...(await ex.stateObjects()), ...(await ex.releases())], []);
    assert.equal((await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/kserve/deployments/kserve-controller-manager")).status, 404);
    assert.equal((await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/cert-manager/deployments/cert-manager")).status, 404);
});

/** The real controller's view of the example's InferenceService: Ready, with a predictor on the GPU pool. */
async function assertKServeReconciles(): Promise<void> {
    const context = () => `kserve manager (started ${kserve.starts}x):\n${kserve.tail(40)}\ntwin:\n${ex.apiserver.log.slice(-20).join("\n")}`;
    const isvc = await waitForCondition(ex.apiserver, "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom-560m", "Ready", 180_000, context);
    const deployment = (await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/llm/deployments/bloom-560m-predictor")).body;
    assert.deepEqual(
        deployment.metadata.ownerReferences?.map((o: any) => [o.kind, o.name]),
        [["InferenceService", "bloom-560m"]],
        context(),
    );
    const container = deployment.spec.template.spec.containers.find((c: any) => c.name === "kserve-container");
    // KServe put the predictor's pinned image over the runtime's (the CPU build kserve/huggingfaceserver:v0.20.0).
    assert.equal(container.image, images.kserveHuggingFaceServerGpu, context());
    assert.equal(container.resources.limits["nvidia.com/gpu"], "1");
    // The runtime's own args (`--model_name={{.Name}}`) come first, the component's after them.
    for (const arg of ["--model_name=bloom-560m", "--backend=vllm", "--model_id=bigscience/bloom-560m", "--dtype=float16"]) {
        assert.ok(container.args.includes(arg), `${arg} in ${JSON.stringify(container.args)}`);
    }
    assert.deepEqual(
        [container.resources.requests.cpu, container.resources.limits.cpu],
        ["2", "2"],
        "KServe's default CPU limit (1) did not undercut the request",
    );
    const { placements } = await assertRunsOnTwin(ex.apiserver, "llm", { gpuPool: "gn7i" });
    assert.ok(
        placements.some((p) => p.pod.startsWith("bloom-560m-predictor-") && p.pool === "gn7i"),
        JSON.stringify(placements),
    );
    // The component's URL is the controller's: the `<name>-predictor` Service it created.
    const outputs = JSON.parse((await ex.run(["stack", "output", "--json"])).stdout);
    assert.equal(outputs.openAiBaseUrl, `${isvc.status.address.url}/openai/v1`);
    assert.equal((await kubeGet(ex.apiserver, "/api/v1/namespaces/llm/services/bloom-560m-predictor")).status, 200);
}
