import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";

const plan = planExample("examples/rayllm");
const withToken = planExample("examples/rayllm", { config: { hfToken: "hf_not_a_real_token", installOperator: "false" } });

test("the plan holds the namespace, the KubeRay operator release and the RayService", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/llama-2-7b-chat-serviceaccount",
            "NetworkPolicy/llama-2-7b-chat-networkpolicy",
            "RayService/llama-2-7b-chat-rayservice",
        ],
    );
    assert.deepEqual(
        plan.helmReleases.map((r) => [r.name, r.inputs.chart, r.inputs.version]),
        [["llama-2-7b-chat-kuberay-operator", "kuberay-operator", "1.7.0"]],
    );
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
    assert.equal(plan.cloud.length, 0);
});

test("it reproduces the RayLLM deployment: Llama-2-7b-chat, one GPU per replica, 1..8 replicas at one ongoing request", () => {
    const rs = plan.kubernetes.find((k) => k.object.kind === "RayService")!.object;
    const llm = parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0];
    assert.equal(llm.model_loading_config.model_source, "meta-llama/Llama-2-7b-chat-hf");
    assert.deepEqual(
        [
            llm.deployment_config.autoscaling_config.min_replicas,
            llm.deployment_config.autoscaling_config.max_replicas,
            llm.deployment_config.autoscaling_config.target_ongoing_requests,
        ],
        [1, 8, 1],
    );
    assert.equal(llm.engine_kwargs.tensor_parallel_size, undefined);
    const group = rs.spec.rayClusterConfig.workerGroupSpecs[0];
    assert.deepEqual([group.minReplicas, group.maxReplicas], [1, 8]);
    assert.equal(group.template.spec.containers[0].resources.limits["nvidia.com/gpu"], "1");
    assert.deepEqual(rs.spec.upgradeStrategy, { type: "None" });
    assert.deepEqual(plan.outputs, {
        dashboardUrl: "http://llama-2-7b-chat-head-svc.llm.svc.cluster.local:8265",
        modelIds: ["meta-llama/Llama-2-7b-chat-hf"],
        openAiBaseUrl: "http://llama-2-7b-chat-serve-svc.llm.svc.cluster.local:8000/v1",
    });
});

test("a Hugging Face token from config becomes a Secret whose value never shows; the operator can be left out", () => {
    const secret = withToken.kubernetes.find((k) => k.object.kind === "Secret")!;
    assert.equal(secret.object.metadata.name, "hf-token");
    assert.ok(!JSON.stringify(withToken.kubernetes).includes("hf_not_a_real_token"));
    assert.ok(!Object.values(withToken.text).some((t) => t.includes("hf_not_a_real_token")));
    assert.equal(withToken.helmReleases.length, 0);
});
