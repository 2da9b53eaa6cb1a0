// The prod stack under the mock runtime: HA system pool, several models, autoscaling, TLS.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { helmReleases, kubeObject, kubeObjects, mockStack, runProgram, setStackConfig } from "./support";

const mocks = mockStack("prod");
before(async () => {
    setStackConfig("prod");
    await runProgram();
    await mocks.settle();
});

test("prod: a private API server over three zones, a NAT gateway per zone, deletion protection", () => {
    const eks = mocks.byName("gpu-cluster-eks").inputs;
    assert.equal(eks.vpcConfig.endpointPublicAccess, false);
    assert.equal(mocks.byType("aws:ec2/natGateway:NatGateway").length, 3);
    assert.equal(mocks.byType("aws:ec2/subnet:Subnet").filter((s) => /private/.test(s.name)).length, 3);
    assert.equal(eks.deletionProtection, true);
});

test("prod: an HA system pool (three nodes, one per zone, up to six) and two GPU pools", () => {
    assert.deepEqual(mocks.byName("gpu-cluster-system").inputs.scalingConfig, { minSize: 3, desiredSize: 3, maxSize: 6 });
    assert.deepEqual(mocks.byName("gpu-cluster-gpu-l4").inputs.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 8 });
    assert.deepEqual(mocks.byName("gpu-cluster-gpu-l40s").inputs.instanceTypes, ["g6e.12xlarge"]);
});

test("prod: three models on their pools, KEDA installed for the autoscaled one", () => {
    assert.deepEqual(kubeObjects(mocks).sort(), [
        "Deployment/qwen-32b-deployment",
        "InferenceService/llama-3-8b-isvc",
        "Ingress/qwen-32b-ingress",
        "Namespace/namespace",
        "NetworkPolicy/llama-3-8b-networkpolicy",
        "NetworkPolicy/mistral-7b-networkpolicy",
        "NetworkPolicy/qwen-32b-networkpolicy",
        "PersistentVolume/models-pv",
        "PersistentVolumeClaim/models-pvc",
        "RayService/mistral-7b-rayservice",
        "ScaledObject/qwen-32b-scaledobject",
        "Service/qwen-32b-service",
        "ServiceAccount/llama-3-8b-serviceaccount",
        "ServiceAccount/mistral-7b-serviceaccount",
        "ServiceAccount/qwen-32b-serviceaccount",
        "ServiceMonitor/qwen-32b-servicemonitor",
    ]);
    assert.ok(helmReleases(mocks).includes("kserve-keda"));
    assert.equal(kubeObject(mocks, "InferenceService", "llama-3-8b-isvc").spec.predictor.minReplicas, 2);
    const qwen = kubeObject(mocks, "Deployment", "qwen-32b-deployment").spec.template.spec;
    assert.equal(qwen.nodeSelector["llm-serving/pool"], "l40s");
    assert.equal(qwen.containers[0].resources.limits["nvidia.com/gpu"], "2");
});

test("prod: each model's NetworkPolicy admits what fronts it: KServe's nginx Ingress class, the platform's KubeRay operator, the exposure's controller", () => {
    const from = (name: string) =>
        kubeObject(mocks, "NetworkPolicy", `${name}-networkpolicy`).spec.ingress.map((r: any) => [
            r.from.map((p: any) => p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "same namespace"),
            r.ports?.map((p: any) => p.port) ?? "all",
        ]);
    // KServe's Standard-mode Ingresses have class nginx here (llm-platform:kserve.ingress.className).
    assert.deepEqual(from("llama-3-8b"), [
        [["same namespace"], [8080]],
        [["ingress-nginx"], [8080]],
    ]);
    assert.deepEqual(from("mistral-7b"), [
        [["same namespace"], [8000]],
        [["kuberay-system"], [8265]],
        [["same namespace"], "all"],
    ]);
    assert.deepEqual(from("qwen-32b")[1], [["ingress-nginx"], [8000]]);
});

test("prod: autoscaling on the vLLM queue (KEDA) and Ray Serve replicas", () => {
    const scaled = kubeObject(mocks, "ScaledObject", "qwen-32b-scaledobject").spec;
    assert.deepEqual([scaled.minReplicaCount, scaled.maxReplicaCount], [1, 6]);
    assert.match(scaled.triggers[0].metadata.query, /vllm:num_requests_waiting/);
    const ray = kubeObject(mocks, "RayService", "mistral-7b-rayservice").spec;
    assert.deepEqual([ray.rayClusterConfig.workerGroupSpecs[0].minReplicas, ray.rayClusterConfig.workerGroupSpecs[0].maxReplicas], [1, 6]);
    const llm = parse(ray.serveConfigV2).applications[0].args.llm_configs[0];
    assert.deepEqual([llm.deployment_config.autoscaling_config.min_replicas, llm.deployment_config.autoscaling_config.max_replicas], [1, 6]);
});

test("prod: TLS exposure (a cert-manager certificate on the Ingress) and https KServe URLs", () => {
    const ingress = kubeObject(mocks, "Ingress", "qwen-32b-ingress");
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["qwen.llm.example.com"], secretName: "qwen-llm-example-com-tls" }]);
    assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-prod");
    const kserve = mocks.byName("kserve-kserve").inputs;
    assert.match(JSON.stringify(kserve.values), /"urlScheme":"https"/);
});
