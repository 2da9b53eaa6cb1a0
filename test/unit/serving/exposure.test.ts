/**
 * Exposure renders: Ingress against the Kubernetes OpenAPI; Istio and Gateway API kinds against
 * their own CRDs. Those CRDs are not in ../shared/crds, so this test adds them from the Go modules
 * that ship them (sigs.k8s.io/gateway-api v1.5.1, the Gateway API KServe v0.20.0 pins;
 * istio.io/api v1.24.2, the closest release with a Go module tag before the Istio 1.27.1 we install:
 * v1 networking APIs only gain fields, so what validates there validates on 1.27) and points the
 * shared strict validator at ../shared/crds plus those.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { parseAllDocuments, stringify } from "yaml";
import { z } from "zod";
import { expectArgError } from "../../support/mocks";
import { parseArgs, ProblemList } from "../../../src/core/validation";
import { checkExposure, exposureSchema, externalUrl, renderExposure, type ExposureArgs } from "../../../src/serving/common/exposure";

const GATEWAY_API = "sigs.k8s.io/gateway-api@v1.5.1";
const ISTIO_API = "istio.io/api@v1.24.2";

function moduleDir(mod: string): string {
    const out = execFileSync("go", ["mod", "download", "-json", mod], { cwd: os.tmpdir(), encoding: "utf8" });
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${mod}: ${info.Error}`);
    return info.Dir;
}

/**
 * Istio's generated CRDs declare only `spec` and `status` at the top; the API server always takes
 * `apiVersion` and `kind`, which the shared strict validator would otherwise reject. Adds those two
 * (as strings) to each version's schema and changes nothing else.
 */
function withTypeMeta(file: string): string {
    const docs = parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS());
    for (const crd of docs) {
        for (const version of crd?.spec?.versions ?? []) {
            const s = version.schema?.openAPIV3Schema;
            if (s) s.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, ...s.properties };
        }
    }
    return docs.filter((d) => d).map((d) => stringify(d)).join("---\n");
}

let schema: typeof import("../../support/kube-schema");

before(async () => {
    const shared = path.resolve(__dirname, "..", "..", "..", "..", "shared", "crds");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crds-exposure-"));
    for (const d of fs.readdirSync(shared)) {
        if (fs.statSync(path.join(shared, d)).isDirectory()) fs.symlinkSync(path.join(shared, d), path.join(dir, d));
    }
    fs.symlinkSync(path.join(moduleDir(GATEWAY_API), "config", "crd", "standard"), path.join(dir, "gateway-api-v1.5.1"));
    fs.mkdirSync(path.join(dir, "istio-api-v1.24.2"));
    fs.writeFileSync(path.join(dir, "istio-api-v1.24.2", "crds.yaml"), withTypeMeta(path.join(moduleDir(ISTIO_API), "kubernetes", "customresourcedefinitions.gen.yaml")));
    process.env.LLM_SERVING_CRD_DIR = dir;
    schema = await import("../../support/kube-schema");
});

const target = { name: "chat", namespace: "llm", labels: { "app.kubernetes.io/name": "chat" }, serviceName: "chat", servicePort: 8000 };

function exposure(args: ExposureArgs) {
    const parsed = parseArgs("Test", z.strictObject({ exposure: exposureSchema }), { exposure: args }).exposure;
    const problems = new ProblemList();
    checkExposure(parsed, "exposure", problems);
    problems.throwIfAny("Test");
    return parsed;
}

describe("Ingress", () => {
    test("nginx Ingress with a host and TLS from cert-manager validates", () => {
        const e = exposure({ kind: "ingress", host: "bloom.example.com", tls: { secretName: "bloom-tls", clusterIssuer: "letsencrypt" } });
        const objects = renderExposure(target, e);
        assert.deepEqual(objects.map((o) => o.role), ["ingress"]);
        schema.assertValidKubeObjects(objects.map((o) => o.object));
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
        assert.deepEqual(objects.map((o) => o.role), ["istio-gateway", "virtualservice"]);
        assert.deepEqual(objects[1].dependsOn, ["istio-gateway"]);
        schema.assertValidKubeObjects(objects.map((o) => o.object));
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
        assert.deepEqual(objects.map((o) => o.role), ["virtualservice"]);
        schema.assertValidKubeObjects(objects.map((o) => o.object));
        assert.deepEqual((objects[0].object as any).spec.gateways, ["istio-system/public"]);
        assert.equal(externalUrl(e), "https://llm.example.com");
    });
});

describe("Gateway API", () => {
    test("a Gateway with an HTTPS listener and an HTTPRoute validate against Gateway API v1.5.1", () => {
        const e = exposure({ kind: "gatewayApi", host: "llm.example.com", tls: { secretName: "llm-cert" }, gatewayApi: { gatewayClassName: "istio" } });
        const objects = renderExposure(target, e);
        assert.deepEqual(objects.map((o) => o.role), ["gateway", "httproute"]);
        schema.assertValidKubeObjects(objects.map((o) => o.object));
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
        assert.deepEqual(objects.map((o) => o.role), ["httproute"]);
        schema.assertValidKubeObjects(objects.map((o) => o.object));
        assert.deepEqual((objects[0].object as any).spec.parentRefs, [{ name: "shared", namespace: "gateways", sectionName: "https" }]);
    });

    test("the validator is strict for these kinds: a misspelt field fails", () => {
        const e = exposure({ kind: "gatewayApi", host: "llm.example.com", gatewayApi: { gatewayClassName: "istio" } });
        const route = renderExposure(target, e)[1].object as any;
        const typo = { ...route, spec: { ...route.spec, hostname: route.spec.hostnames } };
        assert.ok(schema.schemaErrors(typo).some((m) => m.includes("'hostname'")), "an undeclared field must be reported");
        const vs = renderExposure(target, exposure({ kind: "istio", host: "a.example.com" }))[1].object as any;
        assert.ok(schema.schemaErrors({ ...vs, spec: { ...vs.spec, host: "x" } }).length > 0);
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
        ["existing gateway without scheme", { kind: "gatewayApi", host: "a.example.com", gatewayApi: { gateway: { name: "g" } } }, "exposure.gatewayApi.gateway.scheme"],
        ["zero timeout", { kind: "ingress", host: "a.example.com", requestTimeoutSeconds: 0 }, "exposure.requestTimeoutSeconds"],
    ];
    for (const [title, args, field] of cases) {
        test(title, () => {
            expectArgError(() => exposure(args as ExposureArgs), field);
        });
    }
});
