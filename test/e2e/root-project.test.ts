// The root project (Pulumi.yaml at the repository root, `main: src/stack/`) through the real engine,
// in existing-cluster mode: the Kubernetes layer of the platform on a real kube-apiserver (which
// validates every object server-side, with the KServe, KubeRay, KEDA and prometheus-operator CRDs
// from ../shared/crds), read back, a model added and a model changed in place, a bad model refused
// at preview naming its config key, render mode beside the offline plan, destroy keeping the volume.
// KServe and the KubeRay operator are Helm releases, which cannot be installed here (no chart
// repository): the stack says the cluster already runs them (`install: false`), and the CRDs stand
// in for them. The cloud layer (GpuCluster, a created bucket) needs a cloud account: the bucket is
// adopted (`create: false`).
//
//   npm run test:e2e
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { assertNotReplaced, differences, readBack, renderBesidePlan, startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { assertRunsOnTwin } from "./support/twin/assertions";

const TLS = { secretName: "qwen-tls" };
const MODELS = [
    { name: "bloom", server: "vllm", model: { source: { path: "bloom-560m" }, servedModelName: "bloom-560m", parameters: 559214592, dtype: "float16" } },
    {
        name: "qwen",
        server: "vllm",
        mode: "deployment",
        model: { source: { path: "qwen2.5-0.5b-instruct" }, parameters: 494032768 },
        replicas: { min: 1, max: 3 },
        exposure: { kind: "ingress", host: "qwen.llm.example.com", tls: TLS },
        metrics: { labels: { release: "prometheus" } },
        autoscaling: { keda: { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" } },
    },
    {
        name: "llama",
        server: "ray",
        workerGroups: [{ name: "gpu", replicas: { min: 1, max: 2 } }],
        models: [{ id: "llama-2-7b-chat", source: { path: "llama-2-7b-chat-hf" }, parameters: 6738415616, autoscaling: { minReplicas: 1, maxReplicas: 2 } }],
    },
];

/** The dev stack on an existing cluster whose platforms are already there. */
const STACK = {
    cluster: {
        existing: { gpuPools: [{ name: "a10", gpuMemoryGiB: 24, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] }] },
    },
    modelVolume: {
        cloud: "alicloud",
        region: "cn-hangzhou",
        bucket: { name: "llm-platform-dev-models", create: false },
        oss: { roleName: "llm-platform-oss-reader" },
    },
    kserve: { install: false },
    kuberay: { install: false },
    models: MODELS,
};

let ex: ExampleStack;

before(async () => {
    ex = await startExample({
        dir: repoRoot,
        stack: "dev",
        stackConfig: STACK,
        // No operator runs here (the stack says the platforms are installed): nothing makes these Ready.
        withoutOperator: ["kubernetes:ray.io/v1:RayService", "kubernetes:serving.kserve.io/v1beta1:InferenceService"],
    });
});
after(async () => ex?.close());

test(
    "root project, existing cluster: up, read back, add and change models, refuse a bad one, render mode = offline plan, destroy",
    { timeout: 20 * 60_000 },
    async () => {
        await ex.up();
        const objects = await ex.stateObjects();
        assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
            "bloom-isvc=InferenceService",
            "bloom-networkpolicy=NetworkPolicy",
            "bloom-serviceaccount=ServiceAccount",
            "llama-networkpolicy=NetworkPolicy",
            "llama-rayservice=RayService",
            "llama-serviceaccount=ServiceAccount",
            "models-pv=PersistentVolume",
            "models-pvc=PersistentVolumeClaim",
            "namespace=Namespace",
            "qwen-deployment=Deployment",
            "qwen-ingress=Ingress",
            "qwen-networkpolicy=NetworkPolicy",
            "qwen-scaledobject=ScaledObject",
            "qwen-service=Service",
            "qwen-serviceaccount=ServiceAccount",
            "qwen-servicemonitor=ServiceMonitor",
        ]);
        const live = await readBack(ex.apiserver, objects);
        const claim = live.get("models-pvc").metadata.name;
        assert.match(claim, /^models-[0-9a-f]{8}$/, "named after its source (volumeNames 'content')");
        assert.equal(live.get("bloom-isvc").spec.predictor.model.storageUri, `pvc://${claim}/bloom-560m`);
        assert.deepEqual(live.get("qwen-ingress").spec.tls, [{ hosts: ["qwen.llm.example.com"], secretName: "qwen-tls" }]);
        assert.deepEqual([live.get("qwen-scaledobject").spec.minReplicaCount, live.get("qwen-scaledobject").spec.maxReplicaCount], [1, 3]);
        assert.equal(live.get("llama-rayservice").spec.rayClusterConfig.workerGroupSpecs[0].maxReplicas, 2);
        assert.equal(live.get("models-pv").spec.csi.driver, "ossplugin.csi.alibabacloud.com");
        // The qwen Deployment's pod is the one pod here: KServe and KubeRay make the others (issue 16).
        const { placements } = await assertRunsOnTwin(ex.apiserver, "llm");
        assert.deepEqual(
            placements.map((p) => [p.pool, p.gpus]),
            [["gn7i", 1]],
        );
        const state = JSON.parse((await ex.run(["stack", "export"])).stdout).deployment.resources ?? [];
        assert.deepEqual(
            state.filter((r: any) => r.type.startsWith("kubernetes:helm.sh/")),
            [],
            "no Helm release on a cluster that runs the platforms",
        );
        const outputs = JSON.parse((await ex.run(["stack", "output", "--json"])).stdout);
        assert.equal(outputs.models.qwen.externalUrl, "https://qwen.llm.example.com");

        // A model added, another's weights moved: creates and one in-place update, nothing replaced.
        const openllm = { name: "chat", server: "openllm", model: { tag: "llama3.2:1b" } };
        const moved = { ...MODELS[0], model: { ...MODELS[0].model, source: { path: "bloom-560m-v2" } } };
        ex.writeStackConfig({ ...STACK, models: [moved, MODELS[1], MODELS[2], openllm] });
        const ops = await ex.previewOps();
        assert.deepEqual(ops["bloom-isvc"], ["update"], JSON.stringify(ops));
        assert.deepEqual(ops["chat-deployment"], ["create"], JSON.stringify(ops));
        assertNotReplaced(
            ops,
            objects.map((o) => o.name),
        );

        // A model whose GPUs do not match its parallelism: refused at preview, named by its config key.
        ex.writeStackConfig({ ...STACK, models: [MODELS[0], { ...MODELS[1], parallelism: { tensor: 2 }, gpus: { count: 1 } }, MODELS[2]] });
        await assert.rejects(ex.previewOps(), /llm-platform:models\[1\]\.gpus\.count: must equal the parallel world size \(2\), got 1/);
        ex.writeStackConfig(STACK);

        const { rendered, planned } = await renderBesidePlan(ex, repoRoot, "dev", {});
        assert.deepEqual(differences(rendered, planned), []);

        await ex.destroy();
        assert.deepEqual(await ex.stateObjects(), []);
        assert.equal((await kubeGet(ex.apiserver, "/apis/serving.kserve.io/v1beta1/namespaces/llm/inferenceservices/bloom")).status, 404);
        assert.equal(
            (await kubeGet(ex.apiserver, `/api/v1/persistentvolumes/${live.get("models-pv").metadata.name}`)).status,
            200,
            "the retained PersistentVolume survives pulumi destroy",
        );
        // The namespace is retained with the claim in it: deleting it would delete the claim.
        assert.equal((await kubeGet(ex.apiserver, "/api/v1/namespaces/llm")).status, 200, "the namespace holding the retained claim survives");
        assert.equal((await kubeGet(ex.apiserver, `/api/v1/namespaces/llm/persistentvolumeclaims/${claim}`)).status, 200, "the retained claim survives");
    },
);
