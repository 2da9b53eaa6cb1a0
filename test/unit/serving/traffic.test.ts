import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { childrenOf, valueOf, expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { TrafficSplitArgs } from "../../../src/serving/traffic";

const { mocks, traffic } = loadUnderMocks(["traffic"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
const assertNames = (error: unknown, path: string, reason: RegExp) => assertNamesField(error, "TrafficSplit", path, reason);

/** Arena's `serve traffic-split --version-weight v1:80,v2:20` between two vLLM Deployments. */
const backends = [
    { name: "v1", service: "chat-v1", port: 8000, weight: 80 },
    { name: "v2", service: "chat-v2", port: 8000, weight: 20 },
];
const istio: TrafficSplitArgs = { namespace: "llm", backends, route: { kind: "istio", host: "chat.example.com" } };

function render(args: TrafficSplitArgs, name = "chat") {
    const rendered = traffic.renderTrafficSplit(traffic.resolveTrafficArgs(name, args));
    return { rendered, by: Object.fromEntries(rendered.map((o) => [o.role, o.object as any])) };
}

describe("TrafficSplit renders", () => {
    test("Istio: one VirtualService with weighted destinations behind a Gateway; validates against Istio's CRDs", () => {
        const { rendered, by } = render(istio);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["istio-gateway", "virtualservice"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        assert.deepEqual(by.virtualservice.spec.http[0].route, [
            { destination: { host: "chat-v1.llm.svc.cluster.local", port: { number: 8000 } }, weight: 80 },
            { destination: { host: "chat-v2.llm.svc.cluster.local", port: { number: 8000 } }, weight: 20 },
        ]);
        assert.deepEqual(by.virtualservice.spec.hosts, ["chat.example.com"]);
        assert.equal(by.virtualservice.spec.http[0].timeout, "600s", "the shared exposure's generation timeout is kept");
    });

    test("Gateway API: an HTTPRoute with weighted backendRefs, attached to an existing Gateway; validates", () => {
        const { rendered, by } = render({
            ...istio,
            backends: [...backends.map((b) => ({ ...b, weight: b.weight - 10 })), { name: "v3", service: "chat-v3", port: 8000, weight: 20 }],
            route: { kind: "gatewayApi", host: "chat.example.com", gatewayApi: { gateway: { name: "public", namespace: "gateways", scheme: "https" } } },
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["httproute"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        assert.deepEqual(by.httproute.spec.rules[0].backendRefs, [
            { name: "chat-v1", port: 8000, weight: 70 },
            { name: "chat-v2", port: 8000, weight: 10 },
            { name: "chat-v3", port: 8000, weight: 20 },
        ]);
        assert.deepEqual(by.httproute.spec.parentRefs, [{ name: "public", namespace: "gateways" }]);
    });

    test("ingress-nginx: the main Ingress to v1 and a canary Ingress with canary-weight 20 to v2; both validate", () => {
        const { rendered, by } = render({ ...istio, route: { kind: "ingress", host: "chat.example.com", tls: { secretName: "chat-tls" } } });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["ingress", "canary-ingress"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        assert.equal(by.ingress.spec.rules[0].http.paths[0].backend.service.name, "chat-v1");
        assert.equal(by.ingress.metadata.annotations["nginx.ingress.kubernetes.io/canary"], undefined);
        assert.equal(by["canary-ingress"].metadata.name, "chat-canary");
        assert.equal(by["canary-ingress"].metadata.annotations["nginx.ingress.kubernetes.io/canary"], "true");
        assert.equal(by["canary-ingress"].metadata.annotations["nginx.ingress.kubernetes.io/canary-weight"], "20");
        assert.equal(by["canary-ingress"].spec.rules[0].http.paths[0].backend.service.name, "chat-v2");
        assert.deepEqual(by["canary-ingress"].spec.tls, by.ingress.spec.tls);
    });

    test("shifting weight changes only the weights (an in-place update of the route)", () => {
        const before = render(istio).by.virtualservice;
        const after = render({
            ...istio,
            backends: [
                { ...backends[0], weight: 50 },
                { ...backends[1], weight: 50 },
            ],
        }).by.virtualservice;
        assert.deepEqual({ ...after, spec: { ...after.spec, http: [{ ...after.spec.http[0], route: before.spec.http[0].route }] } }, before);
    });
});

describe("TrafficSplit component", () => {
    test("children named <name>-<role> with their types; outputs URL and weights", async () => {
        const split = new traffic.TrafficSplit("chat", istio);
        await mocks.settle();
        assert.equal(mocks.byName("chat").type, "llm-serving:traffic:TrafficSplit");
        assert.equal(mocks.byName("chat-istio-gateway").type, "kubernetes:networking.istio.io/v1:Gateway");
        assert.equal(mocks.byName("chat-virtualservice").type, "kubernetes:networking.istio.io/v1:VirtualService");
        assert.equal(childrenOf(split).length, 2);
        assert.equal(await valueOf(split.url), "http://chat.example.com");
        assert.deepEqual(await valueOf(split.weights), { v1: 80, v2: 20 });
    });
});

describe("bad input names the field", () => {
    const cases: [string, TrafficSplitArgs, string][] = [
        ["weights not adding up to 100", { ...istio, backends: [backends[0], { ...backends[1], weight: 30 }] }, "backends"],
        ["one version", { ...istio, backends: [{ ...backends[0], weight: 100 }] }, "backends"],
        ["a version twice", { ...istio, backends: [backends[0], { ...backends[1], name: "v1" }] }, "backends"],
        [
            "a negative weight",
            {
                ...istio,
                backends: [
                    { ...backends[0], weight: 110 },
                    { ...backends[1], weight: -10 },
                ],
            },
            "backends[1].weight",
        ],
        [
            "three versions on ingress-nginx",
            {
                ...istio,
                backends: [{ ...backends[0], weight: 60 }, backends[1], { name: "v3", service: "c3", port: 8000, weight: 20 }],
                route: { kind: "ingress", host: "chat.example.com" },
            },
            "backends",
        ],
        ["another ingress class", { ...istio, route: { kind: "ingress", host: "chat.example.com", ingress: { className: "alb" } } }, "route.ingress.className"],
        ["a Gateway API route with nowhere to attach", { ...istio, route: { kind: "gatewayApi", host: "chat.example.com" } }, "route.gatewayApi"],
        ["an invalid host", { ...istio, route: { kind: "istio", host: "Chat" } }, "route.host"],
        ["a typo", { ...istio, backend: [] } as any, "backend"],
    ];
    for (const [what, args, path] of cases) test(what, () => void expectArgError(() => traffic.resolveTrafficArgs("chat", args), path));
});

describe("TrafficSplit with Outputs (namespace, Service names)", () => {
    const deferred = (args: TrafficSplitArgs): TrafficSplitArgs => ({
        ...args,
        namespace: pulumi.output(args.namespace ?? "default"),
        backends: args.backends.map((b) => ({ ...b, service: pulumi.output(b.service) })),
    });
    const objects = (args: TrafficSplitArgs) => traffic.renderTrafficSplit(traffic.resolveTrafficArgs("chat", args)).map((o) => o.object);

    for (const [what, route] of [
        ["istio", istio.route],
        ["gatewayApi", { kind: "gatewayApi", host: "chat.example.com", gatewayApi: { gateway: { name: "public", namespace: "gateways", scheme: "https" } } }],
        ["ingress", { kind: "ingress", host: "chat.example.com" }],
    ] as const) {
        test(`${what}: Outputs render what the plain values render`, async () => {
            const plain = objects({ ...istio, route });
            const fromOutputs = objects(deferred({ ...istio, route }));
            assert.ok(pulumi.Output.isInstance(fromOutputs[0].metadata.namespace), "the namespace stays an Output until the engine resolves it");
            assert.deepEqual((await settled(fromOutputs)).value, plain);
        });
    }

    test("the component registers the route in the namespace of a Namespace resource", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const ns = new k8s.core.v1.Namespace("split-ns", { metadata: { name: "canary" } });
        new traffic.TrafficSplit("split", {
            ...istio,
            namespace: ns.metadata.name,
            backends: backends.map((b) => ({ ...b, service: pulumi.output(b.service) })),
        });
        await mocks.settle();
        const vs = mocks.byName("split-virtualservice").inputs;
        assert.equal(vs.metadata.namespace, "canary");
        assert.deepEqual(
            vs.spec.http[0].route.map((r: any) => r.destination.host),
            ["chat-v1.canary.svc.cluster.local", "chat-v2.canary.svc.cluster.local"],
        );
        assert.equal(mocks.byName("split-istio-gateway").inputs.metadata.namespace, "canary");
    });

    test("a bad namespace through an Output fails once known, naming namespace", async () => {
        const errors = await rejectionsOf(async () => {
            const rendered = objects({ ...istio, namespace: pulumi.output("Bad_Name") });
            assertNames((await settled(rendered)).error, "namespace", /must be a DNS-1123 label.*namespace/);
        });
        for (const error of errors) assertNames(error, "namespace", /must be a DNS-1123 label/);
    });

    test("a bad Service name through an Output fails once known, naming the backend's service", async () => {
        const errors = await rejectionsOf(async () => {
            const rendered = objects({ ...istio, backends: [backends[0], { ...backends[1], service: pulumi.output("Chat_V2") }] });
            assertNames((await settled(rendered)).error, "backends[1].service", /must be a DNS-1123 label/);
        });
        for (const error of errors) assertNames(error, "backends[1].service", /must be a DNS-1123 label/);
    });

    test("the same Service twice through Outputs fails once known, naming backends", async () => {
        const errors = await rejectionsOf(async () => {
            const rendered = objects({ ...istio, backends: [backends[0], { ...backends[1], service: pulumi.output("chat-v1") }] });
            assertNames((await settled(rendered)).error, "backends", /service 'chat-v1' is given twice/);
        });
        for (const error of errors) assertNames(error, "backends", /service 'chat-v1' is given twice/);
    });
});
