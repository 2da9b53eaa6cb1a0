import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadZod } from "../../../src/core/zod";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { expectArgError } from "../../support/mocks";
import { parseArgs, ProblemList } from "../../../src/core/validation";
import { autoscalingSchema, renderScaledObject, resolveAutoscaling, vllmQueueQuery, type AutoscalingArgs } from "../../../src/serving/common/autoscaling";

const parse = (a: AutoscalingArgs) => parseArgs("Test", loadZod().strictObject({ autoscaling: autoscalingSchema() }), { autoscaling: a }).autoscaling;
const keda = { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" };

function resolve(a: AutoscalingArgs, replicas: { min: number; max?: number }, opts: { defaultQuery?: string; hasMetrics?: boolean } = {}) {
    const problems = new ProblemList();
    const r = resolveAutoscaling(parse(a), { field: "autoscaling", replicas, defaultQuery: opts.defaultQuery, hasMetrics: opts.hasMetrics ?? true }, problems);
    problems.throwIfAny("Test");
    return r!;
}

describe("KEDA autoscaling", () => {
    test("a ScaledObject on vLLM's waiting queue validates against KEDA v2.20.2", () => {
        const r = resolve({ keda }, { min: 1, max: 4 }, { defaultQuery: vllmQueueQuery("llm", "bloom-560m") as string });
        const rendered = renderScaledObject({ name: "chat", namespace: "llm", labels: {}, deploymentName: "chat" }, r);
        assert.equal(rendered.role, "scaledobject");
        assertValidKubeObjects([rendered.object]);
        const so = rendered.object as any;
        assert.deepEqual(so.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "chat" });
        assert.equal(so.spec.minReplicaCount, 1);
        assert.equal(so.spec.maxReplicaCount, 4);
        assert.equal(so.spec.triggers[0].type, "prometheus");
        assert.equal(so.spec.triggers[0].metadata.query, 'sum(vllm:num_requests_waiting{namespace="llm",model_name="bloom-560m"})');
        assert.equal(so.spec.triggers[0].metadata.threshold, "5");
        assert.equal(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds, 600);
    });

    test("an own query and a TriggerAuthentication", () => {
        const r = resolve({ keda: { ...keda, query: "sum(rate(x[1m]))", targetValue: 0.5, authenticationRef: "prom-auth" } }, { min: 2, max: 3 });
        const so = renderScaledObject({ name: "a", namespace: "llm", labels: {}, deploymentName: "a" }, r).object as any;
        assertValidKubeObjects([so]);
        assert.equal(so.spec.triggers[0].metadata.query, "sum(rate(x[1m]))");
        assert.equal(so.spec.triggers[0].metadata.threshold, "0.5");
        assert.deepEqual(so.spec.triggers[0].authenticationRef, { name: "prom-auth" });
    });

    test("label values in the default query are escaped", () => {
        assert.equal(vllmQueueQuery("llm", 'we"ird'), 'sum(vllm:num_requests_waiting{namespace="llm",model_name="we\\"ird"})');
    });

    test("bad arguments name the field", () => {
        expectArgError(() => parse({ keda: { prometheusUrl: "prometheus:9090" } }), "autoscaling.keda.prometheusUrl");
        expectArgError(() => parse({ keda: { ...keda, targetValue: 0 } }), "autoscaling.keda.targetValue");
        expectArgError(() => parse({} as AutoscalingArgs), "autoscaling.keda");
        expectArgError(() => resolve({ keda }, { min: 1 }, { defaultQuery: "q" }), "replicas.max");
        expectArgError(() => resolve({ keda }, { min: 2, max: 2 }, { defaultQuery: "q" }), "replicas.max");
        expectArgError(() => resolve({ keda }, { min: 0, max: 2 }, { defaultQuery: "q" }), "replicas.min");
        expectArgError(() => resolve({ keda }, { min: 1, max: 2 }), "autoscaling.keda.query");
        expectArgError(() => resolve({ keda }, { min: 1, max: 2 }, { defaultQuery: "q", hasMetrics: false }), "autoscaling.keda.query");
    });
});
