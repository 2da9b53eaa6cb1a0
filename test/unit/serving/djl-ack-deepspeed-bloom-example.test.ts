/** examples/ack-deepspeed-bloom through the offline plan: the first source document end to end. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";

const plan = planExample("examples/ack-deepspeed-bloom");
const obj = (kind: string) => plan.kubernetes.find((k) => k.object.kind === kind)!.object;
const cloud = (type: string) => plan.cloud.filter((c) => c.type === type);

test("an ACK Pro cluster with a two-A10 gn7i pool, an RRSA role for the bucket, no access keys", () => {
    assert.equal(cloud("alicloud:cs/managedKubernetes:ManagedKubernetes").length, 1);
    const gpuPool = cloud("alicloud:cs/nodePool:NodePool").find((p) => p.inputs.nodePoolName === "gn7i")!;
    assert.deepEqual(gpuPool.inputs.instanceTypes, ["ecs.gn7i-2x.8xlarge"]);
    assert.deepEqual(gpuPool.inputs.taints, [{ effect: "NoSchedule", key: "nvidia.com/gpu", value: "true" }]);
    assert.equal(cloud("alicloud:ram/role:Role").length, 1, "the OSS CSI driver assumes a RAM role through RRSA");
    assert.equal(cloud("alicloud:ram/accessKey:AccessKey").length, 0);
    assert.equal(cloud("alicloud:oss/bucket:Bucket").length, 0, "the bucket holding the weights is adopted, never created or deleted");
});

test("the Kubernetes objects, in apply order, validate", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/bloom-serviceaccount",
            "ConfigMap/bloom-config",
            "PersistentVolume/bloom-models-pv",
            "PersistentVolumeClaim/bloom-models-pvc",
            "Service/bloom-service",
            "Deployment/bloom-deployment",
            "Ingress/bloom-ingress",
            "NetworkPolicy/bloom-networkpolicy",
        ],
    );
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
    assert.ok(
        plan.kubernetes.every((k) => k.unknowns.length === 0),
        "everything on the cluster is known at plan time",
    );
});

test("DJLServing + DeepSpeed: Bloom-7B1 in fp16, tensor parallelism 2 on the pool's two GPUs, from the OSS volume", () => {
    const pod = obj("Deployment").spec.template.spec;
    const c = pod.containers[0];
    assert.equal(c.image, "deepjavalibrary/djl-serving:0.27.0-deepspeed");
    assert.equal(c.resources.limits["nvidia.com/gpu"], "2");
    assert.deepEqual(pod.nodeSelector, { "llm-serving/pool": "gn7i" });
    assert.ok(pod.tolerations.some((t: any) => t.key === "nvidia.com/gpu" && t.effect === "NoSchedule"));
    const claim = pod.volumes.find((v: any) => v.persistentVolumeClaim)!.persistentVolumeClaim;
    assert.deepEqual(claim, { claimName: obj("PersistentVolumeClaim").metadata.name, readOnly: true });
    assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 600, "covers model_loading_timeout (the source loaded in 297 s)");

    const config = obj("ConfigMap").data;
    const props = Object.fromEntries(
        config["serving.properties"]
            .trim()
            .split("\n")
            .map((l: string) => l.split("=", 2)),
    );
    assert.equal(props["option.model_id"], "/mnt/models/bloom-7b1");
    assert.equal(props["option.tensor_parallel_degree"], "2");
    assert.equal(props["option.dtype"], "fp16");
    assert.equal(props["option.entryPoint"], "model.py");
    assert.match(config["model.py"], /deepspeed\.init_inference\(\s*model,\s*mp_size=tensor_parallel,\s*dtype=dtype,\s*replace_with_kernel_inject=True/);
});

test("an nginx Ingress with the host; outputs give the inference endpoint", () => {
    const ingress = obj("Ingress");
    assert.equal(ingress.spec.ingressClassName, "nginx");
    assert.equal(ingress.spec.rules[0].host, "bloom.example.com");
    assert.equal(plan.outputs.externalUrl, "http://bloom.example.com");
    assert.equal(plan.outputs.predictUrl, "http://bloom.llm.svc.cluster.local:8080/predictions/bloom");
});

test("kubernetes.yaml parses back to the same objects; the kubeconfig stays a secret", () => {
    assert.deepEqual(
        parseAllDocuments(plan.text["kubernetes.yaml"]).map((d) => d.toJS()),
        plan.kubernetes.map((k) => k.object),
    );
    assert.equal(cloud("pulumi:providers:kubernetes")[0].inputs.kubeconfig, "[secret]");
});

test("prod: the Ingress serves TLS with the Secret Pulumi.prod.yaml names; a prod stack without one fails", () => {
    const prod = planExample("examples/ack-deepspeed-bloom", { stack: "prod" });
    const ingress = prod.kubernetes.find((k) => k.object.kind === "Ingress")!.object;
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["bloom.example.com"], secretName: "bloom-tls" }]);
    assert.equal(prod.outputs.externalUrl, "https://bloom.example.com");
    assert.throws(
        () => planExample("examples/ack-deepspeed-bloom", { stack: "prod", config: { "ack-deepspeed-bloom:tlsSecretName": "" } }),
        /ack-deepspeed-bloom:tlsSecretName is required on the prod stack/,
    );
});
