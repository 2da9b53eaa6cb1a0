// The dev stack under the mock runtime: one small GPU pool, one model.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../../support/mocks";
import { helmReleases, kubeObject, kubeObjects, mockStack, PLATFORM_OBJECTS, runProgram, setStackConfig } from "./support";

const mocks = mockStack("dev");
let outputs: Record<string, any>;
before(async () => {
    setStackConfig("dev");
    outputs = await runProgram();
    await mocks.settle();
});

test("dev: EKS with one system node and one GPU pool of a single L4 node", () => {
    const groups = mocks.byType("aws:eks/nodeGroup:NodeGroup");
    assert.deepEqual(groups.map((g) => g.name).sort(), ["gpu-cluster-gpu-l4", "gpu-cluster-system"]);
    const gpu = mocks.byName("gpu-cluster-gpu-l4").inputs;
    assert.deepEqual(gpu.instanceTypes, ["g6.2xlarge"]);
    assert.deepEqual(gpu.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 1 });
    assert.equal(mocks.byName("gpu-cluster-system").inputs.scalingConfig.minSize, 1);
    assert.deepEqual(mocks.byName("gpu-cluster-eks").inputs.vpcConfig.publicAccessCidrs, ["203.0.113.0/24"]);
    assert.equal(mocks.byType("aws:ec2/natGateway:NatGateway").length, 1);
});

test("dev: the platform (namespace, model volume, KServe, KubeRay) and one model on KServe", () => {
    assert.deepEqual(kubeObjects(mocks), [
        ...PLATFORM_OBJECTS,
        "ServiceAccount/llama-3-8b-serviceaccount",
        "NetworkPolicy/llama-3-8b-networkpolicy",
        "InferenceService/llama-3-8b-isvc",
    ]);
    assert.deepEqual(helmReleases(mocks).sort(), [
        "gpu-cluster-nvidia-device-plugin",
        "kserve-cert-manager",
        "kserve-kserve",
        "kserve-kserve-crd",
        "kserve-runtimes",
        "kuberay-operator",
    ]);
    assert.equal(mocks.byType("aws:s3/bucket:Bucket").length, 1);
    const isvc = kubeObject(mocks, "InferenceService", "llama-3-8b-isvc");
    assert.equal(isvc.metadata.namespace, "llm");
    const claim = kubeObject(mocks, "PersistentVolumeClaim", "models-pvc").metadata.name;
    assert.match(claim, /^models-[0-9a-f]{8}$/, "named after its source (volumeNames 'content')");
    assert.equal(isvc.spec.predictor.model.storageUri, `pvc://${claim}/meta-llama/Llama-3.1-8B-Instruct`);
    assert.equal(isvc.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
    assert.equal(isvc.spec.predictor.nodeSelector["llm-serving/pool"], "l4");
    // Every model object is on the new cluster's provider.
    for (const r of mocks.registered.filter((r) => r.type.startsWith("kubernetes:") && r.custom)) {
        assert.match(r.provider ?? "", /gpu-cluster-k8s/, `${r.type} ${r.name}`);
    }
});

test("dev: outputs name the cluster and each model's in-cluster URL", async () => {
    const models = await valueOf(pulumi.output(outputs.models));
    assert.deepEqual(Object.keys(models ?? {}), ["llama-3-8b"]);
    assert.equal(models?.["llama-3-8b"].url, "http://llama-3-8b-predictor.llm.svc.cluster.local/openai/v1");
    assert.equal(outputs.namespace, "llm");
    assert.ok(outputs.kubeconfig, "the new cluster's kubeconfig is an output");
});
