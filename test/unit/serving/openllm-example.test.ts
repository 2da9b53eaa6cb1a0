import { test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";

const internal = planExample("examples/openllm");
const exposed = planExample("examples/openllm", {
    config: { hfToken: "hf_not_a_real_token", host: "chat.example.com", tlsSecretName: "chat-tls", prometheusLabels: "release=kube-prometheus-stack" },
});

test("default config: namespace, Deployment and Service of `openllm serve llama3.2:1b`, nothing from a cloud", () => {
    assert.deepEqual(
        internal.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        ["Namespace/llm", "ServiceAccount/chat-serviceaccount", "Service/chat-service", "Deployment/chat-deployment", "NetworkPolicy/chat-networkpolicy"],
    );
    assertValidKubeObjects(internal.kubernetes.map((k) => k.object));
    assert.equal(internal.cloud.length, 0);
    const c = internal.kubernetes.find((k) => k.object.kind === "Deployment")!.object.spec.template.spec.containers[0];
    assert.equal(c.env.find((e: any) => e.name === "LLM_SERVING_MODEL").value, "llama3.2:1b");
    assert.equal(internal.outputs.openAiBaseUrl, "http://chat.llm.svc.cluster.local:3000/v1");
});

test("with a token, a host and Prometheus labels: the token stays secret, an nginx Ingress with TLS, a ServiceMonitor", () => {
    assert.deepEqual(
        exposed.kubernetes.map((k) => k.object.kind),
        ["Namespace", "ServiceAccount", "Secret", "Service", "Deployment", "Ingress", "NetworkPolicy", "ServiceMonitor"],
    );
    assertValidKubeObjects(exposed.kubernetes.map((k) => k.object));
    const secret = exposed.kubernetes.find((k) => k.object.kind === "Secret")!.object;
    assert.ok(
        Object.values(secret.stringData).every((v) => v === "[secret]"),
        "every value of the Secret is redacted, its keys kept",
    );
    for (const [file, text] of Object.entries(exposed.text)) assert.ok(!text.includes("hf_not_a_real_token"), `${file} must not show the token`);
    const ingress = exposed.kubernetes.find((k) => k.object.kind === "Ingress")!.object;
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["chat.example.com"], secretName: "chat-tls" }]);
    assert.equal(exposed.kubernetes.find((k) => k.object.kind === "ServiceMonitor")!.object.metadata.labels.release, "kube-prometheus-stack");
    assert.equal(exposed.outputs.externalUrl, "https://chat.example.com");
});

test("prod: a host needs its TLS Secret (the Ingress serves TLS only); clusterIssuer has cert-manager issue it", () => {
    assert.throws(
        () => planExample("examples/openllm", { stack: "prod", config: { host: "chat.example.com" } }),
        /openllm:tlsSecretName is required with openllm:host on the prod stack/,
    );
    const prod = planExample("examples/openllm", {
        stack: "prod",
        config: { host: "chat.example.com", tlsSecretName: "chat-tls", clusterIssuer: "letsencrypt-prod" },
    });
    const ingress = prod.kubernetes.find((k) => k.object.kind === "Ingress")!.object;
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["chat.example.com"], secretName: "chat-tls" }]);
    assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-prod");
    assert.equal(prod.outputs.externalUrl, "https://chat.example.com");
});
