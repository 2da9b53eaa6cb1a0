import { test } from "node:test";
import assert from "node:assert/strict";
import { schemaErrors, knownKinds } from "../../support/kube-schema";

const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d" },
    spec: {
        selector: { matchLabels: { a: "b" } },
        template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i:1", resources: { limits: { "nvidia.com/gpu": "1" } } }] } },
    },
};

test("schemas are loaded for built-in kinds and every shared CRD", () => {
    const kinds = knownKinds();
    for (const k of [
        "apps/v1/Deployment",
        "v1/PersistentVolume",
        "serving.kserve.io/v1beta1/InferenceService",
        "ray.io/v1/RayService",
        "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet",
        "keda.sh/v1alpha1/ScaledObject",
        "monitoring.coreos.com/v1/ServiceMonitor",
        "operator.knative.dev/v1beta1/KnativeServing",
    ]) {
        assert.ok(kinds.includes(k), `missing schema for ${k}`);
    }
});

test("a valid Deployment passes", () => {
    assert.deepEqual(schemaErrors(deployment), []);
});

test("a misspelled field in a built-in kind fails", () => {
    const bad = structuredClone(deployment) as any;
    bad.spec.template.spec.containers[0].imagePullPolicyy = "Always";
    const errors = schemaErrors(bad);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /imagePullPolicyy/);
});

test("a wrong type in a built-in kind fails", () => {
    const bad = structuredClone(deployment) as any;
    bad.spec.replicas = "two";
    assert.match(schemaErrors(bad).join("\n"), /\/spec\/replicas/);
});

test("a misspelled field in a custom resource fails, metadata is checked too", () => {
    const isvc = {
        apiVersion: "serving.kserve.io/v1beta1",
        kind: "InferenceService",
        metadata: { name: "x" },
        spec: { predictor: { model: { modelFormat: { name: "huggingface" }, storageUri: "pvc://a/b" } } },
    };
    assert.deepEqual(schemaErrors(isvc), []);
    const typo = structuredClone(isvc) as any;
    typo.spec.predictor.model.storageUrl = "pvc://a/b";
    assert.match(schemaErrors(typo).join("\n"), /storageUrl/);
    const badMeta = structuredClone(isvc) as any;
    badMeta.metadata.labelz = {};
    assert.match(schemaErrors(badMeta).join("\n"), /labelz/);
});

test("an unknown kind is an error, not a pass", () => {
    assert.match(schemaErrors({ apiVersion: "example.com/v1", kind: "Nope", metadata: { name: "x" } })[0], /no schema/);
});
