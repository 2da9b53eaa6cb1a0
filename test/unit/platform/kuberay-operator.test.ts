import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installMocks, expectArgError, urnName, valueOf, type MockRecorder } from "../../support/mocks";

const mocks: MockRecorder = installMocks({ preview: true });
let kuberay: typeof import("../../../src/platform/kuberay");

before(async () => {
    kuberay = await import("../../../src/platform/kuberay");
});

describe("KubeRayOperator", () => {
    test("renders the kuberay-operator 1.7.0 release from the KubeRay Helm repository", () => {
        const r = kuberay.renderKubeRayOperator(kuberay.resolveKubeRayOperatorArgs("ray", {}));
        assert.equal(r.role, "operator");
        assert.deepEqual(r.release, {
            name: "kuberay-operator",
            chart: "kuberay-operator",
            version: "1.7.0",
            repositoryOpts: { repo: "https://ray-project.github.io/kuberay-helm" },
            namespace: "kuberay-system",
            createNamespace: true,
            values: {},
            timeout: 600,
        });
    });

    test("mirrors, watched namespaces and resources become chart values", () => {
        const r = kuberay.renderKubeRayOperator(
            kuberay.resolveKubeRayOperatorArgs("ray", {
                watchNamespaces: ["llm"],
                resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
                registries: { charts: "oci://registry.example.cn/charts", images: "registry.example.cn/mirror" },
            }),
        );
        assert.equal(r.release.chart, "oci://registry.example.cn/charts/kuberay-operator");
        assert.equal(r.release.repositoryOpts, undefined);
        assert.deepEqual(r.release.values, {
            image: { repository: "registry.example.cn/mirror/kuberay/operator" },
            resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
            watchNamespace: ["llm"],
        });
    });

    test("bad input names the field", () => {
        expectArgError(() => kuberay.resolveKubeRayOperatorArgs("ray", { watchNamespaces: [] }), "watchNamespaces");
        expectArgError(() => kuberay.resolveKubeRayOperatorArgs("ray", { watchNamespaces: ["LLM"] }), "watchNamespaces[0]");
        expectArgError(() => kuberay.resolveKubeRayOperatorArgs("ray", { resources: { limits: { cpu: "lots" } } }), "resources.limits.cpu");
        expectArgError(() => kuberay.resolveKubeRayOperatorArgs("ray", { namespace: "kuberay", version: "1.6.0" } as any), "version");
    });

    test("component registers one Release named <name>-operator and exposes it as readiness", async () => {
        const op = new kuberay.KubeRayOperator("kuberay");
        await mocks.settle();
        assert.equal(mocks.byName("kuberay").type, "llm-serving:platform:KubeRayOperator");
        const rel = mocks.byName("kuberay-operator");
        assert.equal(rel.type, "kubernetes:helm.sh/v3:Release");
        assert.equal(urnName(rel.parent), "kuberay");
        assert.equal(rel.inputs.version, "1.7.0");
        assert.deepEqual(op.ready, [op.release]);
        assert.equal(await valueOf(op.namespace), "kuberay-system");
    });
});
