/** examples/triton-vllm through the offline plan: the fourth source document. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { images } from "../../../src/core/versions";
import { modelConfigErrors, parsePbtxt, toPlain } from "./triton-pbtxt";

const plan = planExample("examples/triton-vllm");
const obj = (name: string) => plan.kubernetes.find((k) => k.name === name)!.object as any;

test("namespace, a read-only volume, the generated repository, Triton; all validate", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/qwen-serviceaccount",
            "ConfigMap/qwen-model-repository",
            "PersistentVolume/models-pv",
            "PersistentVolumeClaim/models-pvc",
            "Service/qwen-service",
            "Deployment/qwen-deployment",
            "NetworkPolicy/qwen-networkpolicy",
        ],
    );
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
    assert.ok(
        plan.kubernetes.every((k) => k.unknowns.length === 0),
        "everything on the cluster is known at plan time",
    );
});

test("model.json holds the vLLM engine arguments; config.pbtxt is the vLLM backend's", () => {
    const data = obj("qwen-model-repository").data;
    assert.deepEqual(JSON.parse(data["qwen--1--model.json"]), { model: "/mnt/models/Qwen1.5-4B-Chat", tensor_parallel_size: 1, gpu_memory_utilization: 0.7 });
    assert.deepEqual(modelConfigErrors(data["qwen--config.pbtxt"]), []);
    const cfg = toPlain(parsePbtxt(data["qwen--config.pbtxt"]));
    assert.equal(cfg.backend, "vllm");
    assert.equal(cfg.name, "qwen");
    const c = obj("qwen-deployment").spec.template.spec.containers[0];
    assert.equal(c.image, images.tritonVllm);
    assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
    assert.equal(plan.outputs.modelUrl, "http://qwen.llm.svc.cluster.local:8000/v2/models/qwen");
});

test("with a host and Prometheus labels: an nginx Ingress to port 8000 and a ServiceMonitor on 8002", () => {
    const p = planExample("examples/triton-vllm", {
        config: { "triton-vllm:host": "qwen.example.com", "triton-vllm:prometheusLabels": "release=kube-prometheus-stack" },
    });
    const kinds = p.kubernetes.map((k) => k.object.kind);
    assert.ok(kinds.includes("Ingress") && kinds.includes("ServiceMonitor"));
    assertValidKubeObjects(p.kubernetes.map((k) => k.object));
    const sm = p.kubernetes.find((k) => k.object.kind === "ServiceMonitor")!.object as any;
    assert.equal(sm.spec.endpoints[0].port, "metrics");
    assert.equal(sm.metadata.labels.release, "kube-prometheus-stack");
    assert.equal(p.outputs.externalUrl, "http://qwen.example.com");
});

test("prod: a host needs its TLS Secret (the Ingress serves TLS only); with it the Ingress and externalUrl are HTTPS", () => {
    assert.throws(
        () => planExample("examples/triton-vllm", { stack: "prod", config: { "triton-vllm:host": "qwen.example.com" } }),
        /tlsSecretName.*is required with host on the prod stack/s,
    );
    const prod = planExample("examples/triton-vllm", {
        stack: "prod",
        config: { "triton-vllm:host": "qwen.example.com", "triton-vllm:tlsSecretName": "qwen-tls", "triton-vllm:clusterIssuer": "letsencrypt-prod" },
    });
    const ingress = prod.kubernetes.find((k) => k.object.kind === "Ingress")!.object as any;
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["qwen.example.com"], secretName: "qwen-tls" }]);
    assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-prod");
    assert.equal(prod.outputs.externalUrl, "https://qwen.example.com");
});
