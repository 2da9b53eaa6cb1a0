// The staging stack under the mock runtime: production's shape, smaller.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { kubeObject, kubeObjects, mockStack, PLATFORM_OBJECTS, runProgram, setStackConfig } from "./support";

const mocks = mockStack("staging");
before(async () => {
    setStackConfig("staging");
    await runProgram();
    await mocks.settle();
});

test("staging: two system nodes, an L4 pool of one to three nodes", () => {
    assert.deepEqual(mocks.byName("gpu-cluster-system").inputs.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 3 });
    assert.deepEqual(mocks.byName("gpu-cluster-gpu-l4").inputs.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 3 });
});

test("staging: two models, one on KServe and one on Ray Serve LLM run by the platform's operator", () => {
    assert.deepEqual(kubeObjects(mocks), [
        ...PLATFORM_OBJECTS,
        "ServiceAccount/llama-3-8b-serviceaccount",
        "NetworkPolicy/llama-3-8b-networkpolicy",
        "ServiceAccount/qwen-7b-serviceaccount",
        "NetworkPolicy/qwen-7b-networkpolicy",
        "InferenceService/llama-3-8b-isvc",
        "RayService/qwen-7b-rayservice",
    ]);
    const ray = kubeObject(mocks, "RayService", "qwen-7b-rayservice");
    const group = ray.spec.rayClusterConfig.workerGroupSpecs[0];
    assert.deepEqual([group.minReplicas, group.maxReplicas], [1, 2]);
    assert.equal(group.template.spec.nodeSelector["llm-serving/pool"], "l4");
    // One operator for the platform: the app installs none of its own.
    assert.deepEqual(
        mocks
            .byType("kubernetes:helm.sh/v3:Release")
            .filter((r) => /kuberay/.test(r.name))
            .map((r) => r.name),
        ["kuberay-operator"],
    );
    assert.ok(
        mocks.byName("qwen-7b-rayservice").dependencies.some((urn) => urn.endsWith("::kuberay-operator")),
        "the RayService waits for the operator",
    );
});
