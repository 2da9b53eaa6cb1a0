import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RenderedObject } from "../../../src/core/kube";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";

const { vllm, djl, openllm, triton, dist, ray } = loadUnderMocks(["vllm", "djl", "openllm", "triton", "dist", "ray"]);

type Args = Record<string, any>;

/**
 * Every serving component, rendered from minimal arguments plus `extra`. `pods` returns the pod
 * templates' labels of the rendered workload (none for KServe, whose controller makes the pods).
 */
interface Case {
    readonly render: (extra: Args) => RenderedObject[];
    readonly pods: (objects: Record<string, any>) => Record<string, string>[];
    /** The serving ports clients reach. */
    readonly ports: number[];
    /** Exposure and metrics are arguments of this case (not of KServe and Ray). */
    readonly features: boolean;
    /** The metrics port, when `metrics: {}` is given. */
    readonly metricsPort?: number;
}

const deploymentPods = (o: Record<string, any>) => [o.deployment.spec.template.metadata.labels];
const cases: Record<string, Case> = {
    "vllm (deployment)": {
        render: (extra) =>
            vllm.renderVllm(vllm.resolveVllmArgs("chat", { namespace: "llm", mode: "deployment", model: { source: { volume } }, ...extra } as any)),
        pods: deploymentPods,
        ports: [8000],
        features: true,
        metricsPort: 8000,
    },
    "vllm (kserve Standard)": {
        render: (extra) => vllm.renderVllm(vllm.resolveVllmArgs("chat", { namespace: "llm", model: { source: { volume } }, ...extra } as any)),
        // KServe v0.20.0 sets these on every predictor pod (predictor.go buildObjectMeta).
        pods: () => [{ "serving.kserve.io/inferenceservice": "chat", component: "predictor" }],
        ports: [8080],
        features: false,
    },
    "vllm (kserve Knative)": {
        render: (extra) =>
            vllm.renderVllm(
                vllm.resolveVllmArgs("chat", { namespace: "llm", model: { source: { volume } }, kserve: { deploymentMode: "Knative" }, ...extra } as any),
            ),
        pods: () => [{ "serving.kserve.io/inferenceservice": "chat", component: "predictor" }],
        ports: [8012, 8013, 8112],
        features: false,
    },
    djl: {
        render: (extra) =>
            djl.renderDjl(djl.resolveDjlArgs("bloom", { namespace: "llm", model: { source: { volume, path: "bloom-7b1" }, name: "bloom" }, ...extra } as any)),
        pods: deploymentPods,
        ports: [8080],
        features: true,
        metricsPort: 8080,
    },
    openllm: {
        render: (extra) => openllm.renderOpenLlm(openllm.resolveOpenLlmArgs("chat", { namespace: "llm", model: { tag: "llama3.2:1b" }, ...extra } as any)),
        pods: deploymentPods,
        ports: [3000],
        features: true,
        metricsPort: 3000,
    },
    triton: {
        render: (extra) =>
            triton.renderTriton(
                triton.resolveTritonArgs("qwen", {
                    namespace: "llm",
                    backend: "vllm",
                    model: { name: "qwen", source: { volume, path: "Qwen2.5-7B-Instruct" } },
                    ...extra,
                } as any),
            ),
        pods: deploymentPods,
        ports: [8000, 8001],
        features: true,
        metricsPort: 8002,
    },
    distributed: {
        render: (extra) =>
            dist.renderDistributed(
                dist.resolveDistributedArgs("big", {
                    namespace: "llm",
                    nodes: 2,
                    gpus: { count: 1 },
                    model: { source: { volume, path: "m" } },
                    ...extra,
                } as any),
            ),
        pods: (o) => [o.lws.spec.leaderWorkerTemplate.leaderTemplate.metadata.labels, o.lws.spec.leaderWorkerTemplate.workerTemplate.metadata.labels],
        ports: [8000],
        features: true,
        metricsPort: 8000,
    },
    ray: {
        render: (extra) =>
            ray.renderRayLlm(
                ray.resolveRayLlmArgs("chat", {
                    namespace: "llm",
                    workerGroups: [{ name: "a10", gpusPerPod: 1 }],
                    models: [{ id: "m", source: { huggingFaceId: "facebook/opt-125m" }, parameters: 125_000_000 }],
                    ...extra,
                } as any),
            ),
        pods: (o) => {
            const c = o.rayservice.spec.rayClusterConfig;
            return [c.headGroupSpec.template.metadata.labels, ...c.workerGroupSpecs.map((g: any) => g.template.metadata.labels)];
        },
        ports: [8000],
        features: false,
    },
};

const byRole = (rendered: RenderedObject[]) => Object.fromEntries(rendered.map((o) => [o.role, o.object as any]));
const policyOf = (extra: Args, c: Case) => byRole(c.render(extra)).networkpolicy;
const ports = (rule: any) => rule.ports?.map((p: any) => p.port);
const namespaces = (rule: any) => rule.from.map((p: any) => p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]);

describe("every serving component renders a NetworkPolicy for its pods", () => {
    test("the table covers every serving component with pods (TrafficSplit only routes to other components' Services)", () => {
        const dirs = fs
            .readdirSync(path.join(__dirname, "../../../src/serving"), { withFileTypes: true })
            .filter((d) => d.isDirectory() && !["common", "jobs", "traffic"].includes(d.name))
            .map((d) => d.name)
            .sort();
        const covered = [...new Set(Object.keys(cases).map((k) => k.split(" ")[0]))].sort();
        assert.deepEqual(covered, dirs);
    });

    for (const [name, c] of Object.entries(cases)) {
        test(`${name}: <name>-networkpolicy selects exactly the pods, ingress only, and validates`, () => {
            const rendered = c.render({});
            const objects = byRole(rendered);
            const policy = objects.networkpolicy;
            assert.ok(policy, "a networkpolicy child");
            assert.equal(policy.kind, "NetworkPolicy");
            assert.equal(policy.apiVersion, "networking.k8s.io/v1");
            assert.equal(policy.metadata.namespace, "llm");
            assert.deepEqual(policy.spec.policyTypes, ["Ingress"], "egress stays open (model downloads)");
            const selector = policy.spec.podSelector.matchLabels;
            assert.ok(Object.keys(selector).length > 0, "never every pod of the namespace");
            for (const labels of c.pods(objects)) {
                for (const [k, v] of Object.entries(selector)) assert.equal(labels[k], v, `pod label ${k}`);
            }
            // Clients: every pod of the service's namespace, on the serving ports only.
            const [clients] = policy.spec.ingress;
            assert.deepEqual(clients.from, [{ podSelector: {} }]);
            assert.deepEqual(ports(clients), c.ports);
            assertValidKubeObjects(rendered.map((o) => o.object));
        });

        test(`${name}: networkPolicy.enabled false renders none; the clients given take effect`, () => {
            assert.equal(policyOf({ networkPolicy: { enabled: false } }, c), undefined);
            const own = policyOf({ networkPolicy: { clients: [{ namespaceSelector: { team: "ml" }, podSelector: { app: "gateway" } }] } }, c);
            assert.deepEqual(own.spec.ingress[0].from, [
                { namespaceSelector: { matchLabels: { team: "ml" } }, podSelector: { matchLabels: { app: "gateway" } } },
            ]);
            const none = policyOf({ networkPolicy: { clients: [] } }, c);
            assert.ok(!none.spec.ingress.some((r: any) => r.from.some((p: any) => p.podSelector && Object.keys(p.podSelector.matchLabels).length === 0)));
        });

        test(`${name}: bad selectors and settings without effect are refused, naming the field`, () => {
            const resolve = (extra: Args) => () => c.render(extra);
            expectArgError(
                resolve({ networkPolicy: { clients: [{ namespaceSelector: { "bad key!": "x" } }] } }),
                "networkPolicy.clients[0].namespaceSelector.bad key!",
            );
            expectArgError(
                resolve({ networkPolicy: { platformFrom: [{ podSelector: { app: "not a value" } }] } }),
                "networkPolicy.platformFrom[0].podSelector.app",
            );
            expectArgError(resolve({ networkPolicy: { clients: [{}] } }), "networkPolicy.clients[0]");
            expectArgError(resolve({ networkPolicy: { enabled: false, clients: [] } }), "networkPolicy.clients");
            expectArgError(resolve({ networkPolicy: { clinets: [] } }), "networkPolicy.clinets");
            if (name !== "ray") expectArgError(resolve({ networkPolicy: { metricsFrom: [] } }), "networkPolicy.metricsFrom");
        });

        if (c.features) {
            test(`${name}: the exposure's controller and the monitoring namespace get their ports`, () => {
                const host = "llm.example.com";
                const byKind = (exposure: Args, extra: Args = {}) => policyOf({ exposure, ...extra }, c).spec.ingress;
                const nginx = byKind({ kind: "ingress", host });
                assert.deepEqual(namespaces(nginx[1]), ["ingress-nginx"]);
                assert.deepEqual(ports(nginx[1]), [c.ports[0]], "the exposure reaches the HTTP port only");
                assert.deepEqual(namespaces(byKind({ kind: "ingress", host, ingress: { className: "istio" } })[1]), ["istio-system"]);
                assert.deepEqual(namespaces(byKind({ kind: "istio", host })[1]), ["istio-system"]);
                const existing = { name: "public", namespace: "gateways", scheme: "https" };
                assert.deepEqual(namespaces(byKind({ kind: "gatewayApi", host, gatewayApi: { gateway: existing } })[1]), ["gateways"]);
                assert.deepEqual(namespaces(byKind({ kind: "gatewayApi", host, gatewayApi: { gatewayClassName: "istio" } })[1]), ["llm"]);
                // An ingress class without a known controller namespace needs platformFrom.
                expectArgError(() => c.render({ exposure: { kind: "ingress", host, ingress: { className: "traefik" } } }), "networkPolicy.platformFrom");
                const traefik = byKind(
                    { kind: "ingress", host, ingress: { className: "traefik" } },
                    { networkPolicy: { platformFrom: [{ namespaceSelector: { "kubernetes.io/metadata.name": "traefik" } }] } },
                );
                assert.deepEqual(namespaces(traefik[1]), ["traefik"]);
                // Without exposure, no platform rule unless one is given (e.g. behind a TrafficSplit).
                assert.equal(policyOf({}, c).spec.ingress.length, name === "distributed" ? 2 : 1, "clients (and the pods among themselves)");
                const split = policyOf({ networkPolicy: { platformFrom: [{ namespaceSelector: { "kubernetes.io/metadata.name": "ingress-nginx" } }] } }, c);
                assert.deepEqual(namespaces(split.spec.ingress[1]), ["ingress-nginx"]);

                const scraped = policyOf({ metrics: {} }, c).spec.ingress;
                const metricsRule = scraped.find((r: any) => namespaces(r)[0] === "monitoring");
                assert.deepEqual(ports(metricsRule), [c.metricsPort]);
                const own = policyOf(
                    { metrics: {}, networkPolicy: { metricsFrom: [{ namespaceSelector: { "kubernetes.io/metadata.name": "prometheus" } }] } },
                    c,
                );
                assert.ok(own.spec.ingress.some((r: any) => namespaces(r)[0] === "prometheus" && ports(r)[0] === c.metricsPort));
                assert.ok(!own.spec.ingress.some((r: any) => namespaces(r)[0] === "monitoring"));
                assertValidKubeObjects([own, split, policyOf({ exposure: { kind: "istio", host } }, c)]);
            });
        }
    }
});

describe("platform and intra-service rules", () => {
    test("KServe Standard: KServe's Istio ingress on 8080; Knative: the activator, autoscaler and gateway on queue-proxy's ports", () => {
        const standard = policyOf({}, cases["vllm (kserve Standard)"]).spec.ingress;
        assert.deepEqual(namespaces(standard[1]), ["istio-system"]);
        assert.deepEqual(ports(standard[1]), [8080]);
        const knative = policyOf({}, cases["vllm (kserve Knative)"]).spec.ingress;
        assert.deepEqual(namespaces(knative[1]), ["knative-serving", "istio-system"]);
        assert.deepEqual(ports(knative[1]), [8012, 8013, 8112, 8022, 9090]);
    });

    test("DistributedServing: leaders and workers reach each other on every port; only they", () => {
        const policy = policyOf({}, cases.distributed);
        const intra = policy.spec.ingress.at(-1);
        assert.equal(intra.ports, undefined, "every port (rendezvous, NCCL)");
        assert.deepEqual(intra.from, [{ podSelector: policy.spec.podSelector }]);
    });

    test("RayLLMApp: Serve from clients, the dashboard from the operator's namespace, every port among head and workers", () => {
        const policy = policyOf({}, cases.ray);
        const [clients, operator, intra] = policy.spec.ingress;
        assert.deepEqual(ports(clients), [8000]);
        assert.deepEqual(namespaces(operator), ["kuberay-system"]);
        assert.deepEqual(ports(operator), [8265]);
        assert.deepEqual(intra, { from: [{ podSelector: policy.spec.podSelector }] });
        const own = policyOf({ operator: { install: false, namespace: "ray-ops" } }, cases.ray);
        assert.deepEqual(namespaces(own.spec.ingress[1]), ["ray-ops"]);
        // RayLLMApp has no metrics argument, so no metricsFrom either.
        expectArgError(() => cases.ray.render({ networkPolicy: { metricsFrom: [] } }), "networkPolicy.metricsFrom");
    });
});
