/**
 * Exposure renders: Ingress against the Kubernetes OpenAPI; Istio and Gateway API kinds against
 * their own CRDs (Gateway API v1.5.1 and istio.io/api v1.24.2, loaded by the shared validator
 * from their Go modules).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadZod } from "../../../src/core/zod";
import { assertValidKubeObjects, schemaErrors } from "../../support/kube-schema";
import { expectArgError } from "../../support/mocks";
import { parseArgs, ProblemList } from "../../../src/core/validation";
import { checkExposure, exposureSchema, externalUrl, renderExposure, type ExposureArgs } from "../../../src/serving/common/exposure";

const target = { name: "chat", namespace: "llm", labels: { "app.kubernetes.io/name": "chat" }, serviceName: "chat", servicePort: 8000 };

function exposure(args: ExposureArgs) {
    const parsed = parseArgs("Test", loadZod().strictObject({ exposure: exposureSchema() }), { exposure: args }).exposure;
    const problems = new ProblemList();
    checkExposure(parsed, "exposure", problems);
    problems.throwIfAny("Test");
    return parsed;
}

describe("Ingress", () => {
    test("nginx Ingress with a host and TLS from cert-manager validates", () => {
        const e = exposure({ kind: "ingress", host: "bloom.example.com", tls: { secretName: "bloom-tls", clusterIssuer: "letsencrypt" } });
        const objects = renderExposure(target, e);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["ingress"],
        );
        assertValidKubeObjects(objects.map((o) => o.object));
        const ing = objects[0].object as any;
        assert.equal(ing.spec.ingressClassName, "nginx");
        assert.deepEqual(ing.spec.tls, [{ hosts: ["bloom.example.com"], secretName: "bloom-tls" }]);
        assert.deepEqual(ing.spec.rules[0].http.paths[0].backend, { service: { name: "chat", port: { number: 8000 } } });
        assert.equal(ing.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt");
        assert.equal(ing.metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"], "600");
        assert.equal(externalUrl(e), "https://bloom.example.com");
    });

    test("another ingress class gets no nginx annotations; plain HTTP without tls", () => {
        const e = exposure({ kind: "ingress", host: "llm.example.com", path: "/v1", ingress: { className: "alb" } });
        const ing = renderExposure(target, e)[0].object as any;
        assert.equal(ing.metadata.annotations, undefined);
        assert.equal(ing.spec.tls, undefined);
        assert.equal(externalUrl(e), "http://llm.example.com/v1");
    });
});

describe("Istio", () => {
    test("a Gateway with TLS and a VirtualService bound to it validate against Istio's CRDs", () => {
        const e = exposure({ kind: "istio", host: "llm.example.com", tls: { secretName: "llm-cert" }, requestTimeoutSeconds: 900 });
        const objects = renderExposure(target, e);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["istio-gateway", "virtualservice"],
        );
        assert.deepEqual(objects[1].dependsOn, ["istio-gateway"]);
        assertValidKubeObjects(objects.map((o) => o.object));
        const [gw, vs] = objects.map((o) => o.object as any);
        assert.deepEqual(gw.spec.selector, { istio: "ingressgateway" });
        assert.deepEqual(gw.spec.servers[0].tls, { mode: "SIMPLE", credentialName: "llm-cert" });
        assert.deepEqual(vs.spec.gateways, ["chat"]);
        assert.equal(vs.spec.http[0].route[0].destination.host, "chat.llm.svc.cluster.local");
        assert.equal(vs.spec.http[0].timeout, "900s");
    });

    test("an existing gateway: only the VirtualService, bound to namespace/name", () => {
        const e = exposure({ kind: "istio", host: "llm.example.com", istio: { gateway: { name: "public", namespace: "istio-system", scheme: "https" } } });
        const objects = renderExposure(target, e);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["virtualservice"],
        );
        assertValidKubeObjects(objects.map((o) => o.object));
        assert.deepEqual((objects[0].object as any).spec.gateways, ["istio-system/public"]);
        assert.equal(externalUrl(e), "https://llm.example.com");
    });
});

describe("Gateway API", () => {
    test("a Gateway with an HTTPS listener and an HTTPRoute validate against Gateway API v1.5.1", () => {
        const e = exposure({ kind: "gatewayApi", host: "llm.example.com", tls: { secretName: "llm-cert" }, gatewayApi: { gatewayClassName: "istio" } });
        const objects = renderExposure(target, e);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["gateway", "httproute"],
        );
        assertValidKubeObjects(objects.map((o) => o.object));
        const [gw, route] = objects.map((o) => o.object as any);
        assert.deepEqual(gw.spec.listeners[0].tls.certificateRefs, [{ kind: "Secret", name: "llm-cert" }]);
        assert.deepEqual(route.spec.parentRefs, [{ name: "chat" }]);
        assert.deepEqual(route.spec.rules[0].backendRefs, [{ name: "chat", port: 8000 }]);
        assert.equal(route.spec.rules[0].timeouts.request, "600s");
    });

    test("an existing Gateway listener: only the HTTPRoute", () => {
        const e = exposure({
            kind: "gatewayApi",
            host: "llm.example.com",
            gatewayApi: { gateway: { name: "shared", namespace: "gateways", sectionName: "https", scheme: "https" } },
        });
        const objects = renderExposure(target, e);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["httproute"],
        );
        assertValidKubeObjects(objects.map((o) => o.object));
        assert.deepEqual((objects[0].object as any).spec.parentRefs, [{ name: "shared", namespace: "gateways", sectionName: "https" }]);
    });

    test("the validator is strict for these kinds: a misspelt field fails", () => {
        const e = exposure({ kind: "gatewayApi", host: "llm.example.com", gatewayApi: { gatewayClassName: "istio" } });
        const route = renderExposure(target, e)[1].object as any;
        const typo = { ...route, spec: { ...route.spec, hostname: route.spec.hostnames } };
        assert.ok(
            schemaErrors(typo).some((m) => m.includes("'hostname'")),
            "an undeclared field must be reported",
        );
        const vs = renderExposure(target, exposure({ kind: "istio", host: "a.example.com" }))[1].object as any;
        assert.ok(schemaErrors({ ...vs, spec: { ...vs.spec, host: "x" } }).length > 0);
    });
});

describe("bad exposure arguments name the field", () => {
    const cases: [string, unknown, string][] = [
        ["host without a domain", { kind: "ingress", host: "localhost" }, "exposure.host"],
        ["upper-case host", { kind: "ingress", host: "LLM.example.com" }, "exposure.host"],
        ["relative path", { kind: "ingress", host: "a.example.com", path: "v1" }, "exposure.path"],
        ["unknown kind", { kind: "route", host: "a.example.com" }, "exposure.kind"],
        ["typo", { kind: "ingress", host: "a.example.com", hosts: ["x"] }, "exposure.hosts"],
        ["istio block on an ingress", { kind: "ingress", host: "a.example.com", istio: {} }, "exposure.istio"],
        [
            "tls with an existing gateway",
            { kind: "istio", host: "a.example.com", tls: { secretName: "c" }, istio: { gateway: { name: "g", scheme: "https" } } },
            "exposure.tls",
        ],
        ["cert-manager issuer on istio", { kind: "istio", host: "a.example.com", tls: { secretName: "c", clusterIssuer: "le" } }, "exposure.tls.clusterIssuer"],
        ["gateway API without gateway or class", { kind: "gatewayApi", host: "a.example.com" }, "exposure.gatewayApi"],
        [
            "existing gateway without scheme",
            { kind: "gatewayApi", host: "a.example.com", gatewayApi: { gateway: { name: "g" } } },
            "exposure.gatewayApi.gateway.scheme",
        ],
        ["zero timeout", { kind: "ingress", host: "a.example.com", requestTimeoutSeconds: 0 }, "exposure.requestTimeoutSeconds"],
    ];
    for (const [title, args, field] of cases) {
        test(title, () => {
            expectArgError(() => exposure(args as ExposureArgs), field);
        });
    }
});
