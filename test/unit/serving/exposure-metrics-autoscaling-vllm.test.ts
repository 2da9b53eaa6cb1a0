/** The shared serving features wired into VllmInferenceService (deployment mode). */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { valueOf, expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { VllmInferenceServiceArgs } from "../../../src/serving/vllm/args";

const { mocks, vllm } = loadUnderMocks(["vllm"]);

const plain: VllmInferenceServiceArgs = {
    namespace: "llm",
    mode: "deployment",
    model: { source: { volume, path: "bloom-560m" }, servedModelName: "bloom-560m" },
};
const featured: VllmInferenceServiceArgs = {
    ...plain,
    replicas: { min: 1, max: 3 },
    exposure: { kind: "ingress", host: "bloom.example.com", tls: { secretName: "bloom-tls" } },
    metrics: { labels: { release: "kube-prometheus-stack" } },
    autoscaling: { keda: { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" } },
};

describe("vLLM deployment mode with exposure, metrics and autoscaling", () => {
    test("renders an Ingress, a ServiceMonitor and a ScaledObject beside the unchanged roles; all validate", () => {
        const rendered = vllm.renderVllm(vllm.resolveVllmArgs("chat", featured));
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "deployment", "service", "ingress", "servicemonitor", "scaledobject", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const byRole = Object.fromEntries(rendered.map((o) => [o.role, o.object as any]));
        assert.equal(byRole.deployment.spec.replicas, undefined, "KEDA's HPA owns the replica count");
        assert.deepEqual(byRole.ingress.spec.rules[0].http.paths[0].backend.service, { name: "chat", port: { number: 8000 } });
        assert.deepEqual(byRole.servicemonitor.spec.selector.matchLabels, byRole.service.spec.selector);
        assert.equal(byRole.servicemonitor.spec.endpoints[0].port, byRole.service.spec.ports[0].name);
        assert.equal(byRole.scaledobject.spec.triggers[0].metadata.query, 'sum(vllm:num_requests_waiting{namespace="llm",model_name="bloom-560m"})');
        assert.equal(byRole.scaledobject.spec.maxReplicaCount, 3);
    });

    test("a PodMonitor selects the pods and scrapes the container port named http", () => {
        const rendered = vllm.renderVllm(vllm.resolveVllmArgs("chat", { ...plain, metrics: { monitor: "podMonitor" } }));
        const deployment = rendered.find((o) => o.role === "deployment")!.object as any;
        const pm = rendered.find((o) => o.role === "podmonitor")!.object as any;
        assertValidKubeObjects([pm]);
        for (const [k, v] of Object.entries(pm.spec.selector.matchLabels)) assert.equal(deployment.spec.template.metadata.labels[k], v);
        assert.equal(deployment.spec.template.spec.containers[0].ports[0].name, pm.spec.podMetricsEndpoints[0].port);
        assert.equal(deployment.spec.replicas, 1);
    });

    test("without the features the roles are exactly the existing two and the NetworkPolicy", () => {
        assert.deepEqual(
            vllm.renderVllm(vllm.resolveVllmArgs("chat", plain)).map((o) => o.role),
            ["serviceaccount", "deployment", "service", "networkpolicy"],
        );
    });

    test("the component registers them as named, parented children; the ScaledObject waits for the Deployment", async () => {
        const svc = new vllm.VllmInferenceService("feat", featured);
        await mocks.settle();
        const types = Object.fromEntries(["feat-ingress", "feat-servicemonitor", "feat-scaledobject", "feat-deployment"].map((n) => [n, mocks.byName(n).type]));
        assert.deepEqual(types, {
            "feat-ingress": "kubernetes:networking.k8s.io/v1:Ingress",
            "feat-servicemonitor": "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "feat-scaledobject": "kubernetes:keda.sh/v1alpha1:ScaledObject",
            "feat-deployment": "kubernetes:apps/v1:Deployment",
        });
        const component = mocks.byName("feat");
        for (const n of ["feat-ingress", "feat-servicemonitor", "feat-scaledobject"]) assert.ok(mocks.byName(n).parent.endsWith("::feat"), n);
        assert.equal(component.type, "llm-serving:serving:VllmInferenceService");
        assert.ok(mocks.byName("feat-scaledobject").dependencies.some((u) => u.endsWith("::feat-deployment")));
        assert.equal(await valueOf(svc.externalUrl), "https://bloom.example.com");
    });
});

describe("bad feature arguments name the field", () => {
    test("KServe mode refuses them", () => {
        const kserve = { ...plain, mode: "kserve" as const };
        expectArgError(() => vllm.resolveVllmArgs("a", { ...kserve, exposure: featured.exposure }), "exposure");
        expectArgError(() => vllm.resolveVllmArgs("a", { ...kserve, metrics: {} }), "metrics");
        expectArgError(() => vllm.resolveVllmArgs("a", { ...kserve, replicas: { min: 1, max: 2 }, autoscaling: featured.autoscaling }), "autoscaling");
    });
    test("the default queue query needs metrics", () => {
        expectArgError(() => vllm.resolveVllmArgs("a", { ...featured, metrics: undefined }), "autoscaling.keda.query");
    });
    test("autoscaling needs a replica range", () => {
        expectArgError(() => vllm.resolveVllmArgs("a", { ...featured, replicas: { min: 2 } }), "replicas.max");
    });
    test("exposure is checked as a whole", () => {
        expectArgError(() => vllm.resolveVllmArgs("a", { ...plain, exposure: { kind: "gatewayApi", host: "a.example.com" } }), "exposure.gatewayApi");
        expectArgError(() => vllm.resolveVllmArgs("a", { ...plain, exposure: { kind: "ingress", host: "a" } }), "exposure.host");
    });
});
