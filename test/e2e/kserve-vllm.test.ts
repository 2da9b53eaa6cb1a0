// examples/kserve-vllm through the real engine: pulumi up against a real kube-apiserver (which
// validates every object server-side, including the KServe InferenceService), read back,
// preview of safe and unsafe changes, destroy leaving the retained volume.
// (Only kserve-vllm so far; the other Kubernetes-layer examples are not driven here yet.)
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { startApiServer, type ApiServer } from "./support/apiserver";
import { engineBins, repoRoot } from "./support/engine";
import { installCrds, kubeGet, readCrds } from "./support/kube";
import { createPulumiWorkspace, type PulumiWorkspace } from "./support/pulumi";

const EXAMPLE = path.join(repoRoot, "examples", "kserve-vllm", "index.ts");

// Test-only wrapper: nothing schedules pods on this API server, so the provider must not wait
// for readiness (PVC binding, workloads). The annotation is added here, never in the library.
const WRAPPER = `import * as pulumi from "@pulumi/pulumi";
export default async () => {
  pulumi.runtime.registerResourceTransform((args) => {
    if (!args.type.startsWith("kubernetes:") || !args.props.metadata) return undefined;
    const metadata = { ...args.props.metadata, annotations: { ...(args.props.metadata.annotations ?? {}), "pulumi.com/skipAwait": "true" } };
    return { props: { ...args.props, metadata }, opts: args.opts };
  });
  delete require.cache[require.resolve(${JSON.stringify(EXAMPLE)})];
  return { ...require(${JSON.stringify(EXAMPLE)}) };
};
`;

let apiserver: ApiServer | undefined;
let ws: PulumiWorkspace | undefined;
let projectDir: string | undefined;

before(async () => {
    const bins = engineBins();
    apiserver = await startApiServer({ binary: bins.kubeApiserver });
    await installCrds(apiserver, readCrds(path.join(repoRoot, "..", "shared", "crds")));
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-kserve-vllm-"));
    fs.copyFileSync(path.join(repoRoot, "examples", "kserve-vllm", "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    fs.copyFileSync(path.join(repoRoot, "examples", "kserve-vllm", "Pulumi.dev.yaml"), path.join(projectDir, "Pulumi.dev.yaml"));
    fs.writeFileSync(path.join(projectDir, "index.ts"), WRAPPER);
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");
    ws = await createPulumiWorkspace({ bins, projectDir, kubeconfigPath: apiserver.kubeconfigPath });
});

after(async () => {
    ws?.cleanup();
    if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
    await apiserver?.stop();
});

test("kserve-vllm: up, read back, safe and unsafe previews, destroy keeps the volume", { timeout: 15 * 60_000 }, async () => {
    const program = path.join(projectDir!, "index.ts");
    await ws!.run(["stack", "init", "dev", "--non-interactive"]);

    await ws!.run(["up", "--yes", "--non-interactive"], { program });
    const isvc = await kubeGet(apiserver!, "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom-560m");
    assert.equal(isvc.status, 200, JSON.stringify(isvc.body));
    assert.equal(isvc.body.spec.predictor.model.storageUri, "pvc://models/bloom-560m");
    assert.equal(isvc.body.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
    const pv = await kubeGet(apiserver!, "/api/v1/persistentvolumes/llm-models");
    assert.equal(pv.status, 200, JSON.stringify(pv.body));
    assert.equal(pv.body.spec.csi.driver, "ossplugin.csi.alibabacloud.com");
    assert.equal(pv.body.spec.persistentVolumeReclaimPolicy, "Retain");
    const pvc = await kubeGet(apiserver!, "/api/v1/namespaces/llm/persistentvolumeclaims/models");
    assert.equal(pvc.status, 200, JSON.stringify(pvc.body));
    assert.equal(pvc.body.spec.volumeName, "llm-models");

    const previewOps = async () => {
        const preview = JSON.parse((await ws!.run(["preview", "--json", "--non-interactive"], { program })).stdout);
        const ops: Record<string, string> = {};
        for (const s of preview.steps ?? []) ops[s.urn.split("::").pop()] = s.op;
        return ops;
    };

    // Safe: the GPU resource name and the model path change the InferenceService in place.
    await ws!.run(["config", "set", "gpuResourceName", "nvidia.com/mig-1g.10gb"]);
    await ws!.run(["config", "set", "modelPath", "bloom-560m-v2"]);
    const safe = await previewOps();
    assert.equal(safe["bloom-560m-isvc"], "update", JSON.stringify(safe));
    for (const name of ["models-pv", "models-pvc", "bloom-560m-isvc", "llm"]) {
        assert.ok(!["replace", "create-replacement", "delete-replaced"].includes(safe[name]), `${name}: ${safe[name]}`);
    }

    // Unsafe: another bucket changes the PV's immutable CSI source. The provider plans an update,
    // and the API server's dry run refuses it at preview: nothing is touched, the user is told.
    await ws!.run(["config", "set", "modelBucket", "llm-serving-other-models"]);
    await assert.rejects(previewOps(), /persistentvolumesource is immutable after creation/);
    await ws!.run(["config", "set", "modelBucket", "llm-serving-dev-models"]);

    await ws!.run(["destroy", "--yes", "--non-interactive"], { program });
    const isvcGone = await kubeGet(apiserver!, "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom-560m");
    assert.equal(isvcGone.status, 404);
    const pvKept = await kubeGet(apiserver!, "/api/v1/persistentvolumes/llm-models");
    assert.equal(pvKept.status, 200, "the retained PersistentVolume survives pulumi destroy");
});
