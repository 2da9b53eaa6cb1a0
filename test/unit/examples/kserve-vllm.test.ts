import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";

const plan = planExample("examples/kserve-vllm");

test("the plan holds the namespace, the model volume and the InferenceService, nothing from a cloud", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/bloom-560m-serviceaccount",
            "PersistentVolume/models-pv",
            "PersistentVolumeClaim/models-pvc",
            "NetworkPolicy/bloom-560m-networkpolicy",
            "InferenceService/bloom-560m-isvc",
        ],
    );
    assert.equal(plan.cloud.length, 0);
});

test("every object validates against the Kubernetes and KServe v0.20.0 schemas", () => {
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
});

test("kubernetes.yaml parses back to the same objects, ready for kubectl apply", () => {
    const docs = parseAllDocuments(plan.text["kubernetes.yaml"]).map((d) => d.toJS());
    assert.deepEqual(
        docs,
        plan.kubernetes.map((k) => k.object),
    );
    assert.ok(!plan.text["kubernetes.yaml"].includes("known after deploy"), "everything on an existing cluster is known at plan time");
});

test("the InferenceService serves Bloom-560m from the PVC on one GPU", () => {
    const isvc = plan.kubernetes.find((k) => k.object.kind === "InferenceService")!.object;
    assert.equal(isvc.spec.predictor.model.storageUri, "pvc://models-80c8f241/bloom-560m");
    assert.equal(isvc.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
    assert.equal(plan.outputs.openAiBaseUrl, "http://bloom-560m-predictor.llm.svc.cluster.local/openai/v1");
});

test("the volume and claim are named after their source (volumeNames: content): another bucket is a new pair the InferenceService follows", () => {
    const names = (p: typeof plan) => Object.fromEntries(p.kubernetes.map((k) => [k.name, k.object.metadata.name]));
    const uri = (p: typeof plan) => p.kubernetes.find((k) => k.object.kind === "InferenceService")!.object.spec.predictor.model.storageUri;
    assert.deepEqual(names(plan), {
        llm: "llm",
        "models-pv": "llm-models-80c8f241",
        "models-pvc": "models-80c8f241",
        "bloom-560m-isvc": "bloom-560m",
        "bloom-560m-serviceaccount": "bloom-560m",
        "bloom-560m-networkpolicy": "bloom-560m",
    });
    const other = planExample("examples/kserve-vllm", { config: { modelBucket: "llm-serving-other-models" } });
    // Same Pulumi names (so Pulumi replaces, creating the new pair first), new object names.
    const moved = names(other);
    assert.match(moved["models-pv"], /^llm-models-[0-9a-f]{8}$/);
    assert.notEqual(moved["models-pv"], "llm-models-80c8f241");
    assert.equal(moved["models-pv"], `llm-${moved["models-pvc"]}`);
    const pvc = other.kubernetes.find((k) => k.name === "models-pvc")!.object;
    const pv = other.kubernetes.find((k) => k.name === "models-pv")!.object;
    assert.equal(pvc.spec.volumeName, pv.metadata.name);
    assert.deepEqual(pv.spec.claimRef, { namespace: "llm", name: pvc.metadata.name });
    assert.equal(uri(other), `pvc://${pvc.metadata.name}/bloom-560m`);
    // A change the volume does not hold (the model path) keeps both names.
    assert.deepEqual(names(planExample("examples/kserve-vllm", { config: { modelPath: "bloom-1b1" } })), names(plan));
});

test("two runs write byte-identical plans", () => {
    const again = planExample("examples/kserve-vllm");
    for (const file of Object.keys(plan.text)) assert.equal(again.text[file], plan.text[file], file);
});

test("plan values: secrets are redacted and unknowns (sentinel or Unknown object) are marked with their paths", async () => {
    const { showValue, UNKNOWN, SECRET } = await import("../../../src/plan/values");
    const shown = showValue({
        a: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        b: [{ __pulumiUnknown: true }],
        c: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" },
        d: "plain",
        stringData: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: { akId: "id", akSecret: "key" } },
    });
    assert.deepEqual(shown.value, { a: UNKNOWN, b: [UNKNOWN], c: SECRET, d: "plain", stringData: { akId: SECRET, akSecret: SECRET } });
    assert.deepEqual(shown.unknowns, ["a", "b[0]"]);
});
