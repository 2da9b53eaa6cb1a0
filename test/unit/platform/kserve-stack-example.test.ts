import { test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";

const standard = planExample("examples/kserve-stack");
const knative = planExample("examples/kserve-stack", {
    config: {
        deploymentMode: "Knative",
        kubeconfig: "apiVersion: v1",
        imageRegistry: "registry.example.cn/mirror",
        knativeImageTemplate: "registry.example.cn/mirror/knative/${NAME}:v1.21.1",
    },
});

test("Standard mode: KServe's releases and the InferenceService in one program, nothing from a cloud", () => {
    assert.deepEqual(
        standard.helmReleases.map((r) => [r.name, r.inputs.chart, r.inputs.version]),
        [
            ["platform-cert-manager", "cert-manager", "v1.17.0"],
            ["platform-kserve", "oci://ghcr.io/kserve/charts/kserve-resources", "v0.20.0"],
            ["platform-kserve-crd", "oci://ghcr.io/kserve/charts/kserve-crd", "v0.20.0"],
            ["platform-runtimes", "oci://ghcr.io/kserve/charts/kserve-runtime-configs", "v0.20.0"],
        ],
    );
    assert.deepEqual(
        standard.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        ["Namespace/llm", "ServiceAccount/bloom-560m-serviceaccount", "NetworkPolicy/bloom-560m-networkpolicy", "InferenceService/bloom-560m-isvc"],
    );
    assertValidKubeObjects(standard.kubernetes.map((k) => k.object));
    assert.equal(standard.cloud.length, 0);
    assert.equal(standard.outputs.openAiBaseUrl, "http://bloom-560m-predictor.llm.svc.cluster.local/openai/v1");
});

test("Knative mode with mirrors and a kubeconfig from config: Istio, Knative, a secret provider", () => {
    assert.deepEqual(
        knative.helmReleases.map((r) => r.name),
        [
            "platform-cert-manager",
            "platform-istio-base",
            "platform-istio-gateway",
            "platform-istiod",
            "platform-knative-operator",
            "platform-kserve",
            "platform-kserve-crd",
            "platform-runtimes",
        ],
    );
    assertValidKubeObjects(knative.kubernetes.map((k) => k.object));
    const ks = knative.kubernetes.find((k) => k.object.kind === "KnativeServing")!.object;
    assert.equal(ks.spec.registry.default, "registry.example.cn/mirror/knative/${NAME}:v1.21.1");
    const isvc = knative.kubernetes.find((k) => k.object.kind === "InferenceService")!.object;
    assert.equal(isvc.metadata.annotations["serving.kserve.io/deploymentMode"], "Knative");
    const kserve = knative.helmReleases.find((r) => r.name === "platform-kserve")!;
    assert.equal((kserve.inputs.values as any).kserve.controller.image, "registry.example.cn/mirror/kserve/kserve-controller");
    assert.deepEqual(
        knative.cloud.map((c) => [c.type, c.inputs.kubeconfig]),
        [["pulumi:providers:kubernetes", "[secret]"]],
    );
    assert.ok(!knative.text["cloud.yaml"].includes("apiVersion: v1"), "the kubeconfig never appears in the plan");
});
