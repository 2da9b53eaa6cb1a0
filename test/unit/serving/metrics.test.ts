import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadZod } from "../../../src/core/zod";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { expectArgError } from "../../support/mocks";
import { parseArgs } from "../../../src/core/validation";
import { ENGINE_METRICS, metricsSchema, renderMetrics, type MetricsArgs } from "../../../src/serving/common/metrics";

const target = {
    name: "chat",
    namespace: "llm",
    labels: { "app.kubernetes.io/name": "chat" },
    selector: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/component": "vllm" },
    portName: "http",
    path: ENGINE_METRICS.vllm.path,
};
const parse = (m: MetricsArgs) => parseArgs("Test", loadZod().strictObject({ metrics: metricsSchema() }), { metrics: m }).metrics;

describe("metrics", () => {
    test("a ServiceMonitor (the default) validates against prometheus-operator v0.93.0", () => {
        const rendered = renderMetrics(target, parse({ labels: { release: "kube-prometheus-stack" } }));
        assert.equal(rendered.role, "servicemonitor");
        assertValidKubeObjects([rendered.object]);
        const sm = rendered.object as any;
        assert.deepEqual(sm.spec.endpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
        assert.deepEqual(sm.spec.namespaceSelector, { matchNames: ["llm"] });
        assert.equal(sm.metadata.labels.release, "kube-prometheus-stack");
        assert.equal(sm.metadata.labels["app.kubernetes.io/name"], "chat");
    });

    test("a PodMonitor scrapes the pods' named port", () => {
        const rendered = renderMetrics({ ...target, portName: "metrics", path: ENGINE_METRICS.triton.path }, parse({ monitor: "podMonitor", interval: "15s" }));
        assert.equal(rendered.role, "podmonitor");
        assertValidKubeObjects([rendered.object]);
        assert.deepEqual((rendered.object as any).spec.podMetricsEndpoints, [{ port: "metrics", path: "/metrics", interval: "15s" }]);
    });

    test("each engine's metrics port and path", () => {
        assert.deepEqual(ENGINE_METRICS.triton, { port: 8002, path: "/metrics" });
        assert.deepEqual(ENGINE_METRICS.ray, { port: 8080, path: "/metrics" });
        assert.deepEqual(ENGINE_METRICS.djl, { port: 8080, path: "/server/metrics" });
    });

    test("bad arguments name the field", () => {
        expectArgError(() => parse({ interval: "30 seconds" }), "metrics.interval");
        expectArgError(() => parse({ monitor: "probe" as "podMonitor" }), "metrics.monitor");
        expectArgError(() => parse({ interval: "30s", selector: {} } as MetricsArgs), "metrics.selector");
    });
});
