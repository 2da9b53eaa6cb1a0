import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installMocks, childrenOf, expectArgError, urnName, valueOf, type MockRecorder } from "../../support/mocks";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { RenderedRelease } from "../../../src/core/helm";
import type { RenderedObject } from "../../../src/core/kube";
import type { KServeStackRole } from "../../../src/platform/kserve/render";
import { images } from "../../../src/core/versions";

const mocks: MockRecorder = installMocks({ preview: true });
let kserve: typeof import("../../../src/platform/kserve");
let vllm: typeof import("../../../src/serving/vllm");

before(async () => {
    kserve = await import("../../../src/platform/kserve");
    vllm = await import("../../../src/serving/vllm");
});

function render(args: Parameters<typeof kserve.resolveKServeStackArgs>[1] = {}) {
    const steps = kserve.renderKServeStack(kserve.resolveKServeStackArgs("kserve", args));
    const releases = Object.fromEntries(steps.filter(kserve.isRelease).map((s) => [s.role, s as RenderedRelease]));
    const objects = steps.filter((s): s is RenderedObject<KServeStackRole> => !kserve.isRelease(s));
    return { steps, releases, objects, roles: steps.map((s) => s.role) };
}

const values = (r: RenderedRelease) => r.release.values as any;

describe("KServeStack renders (Standard mode, the default)", () => {
    test("installs cert-manager, the KServe CRDs, KServe and its runtimes, CRDs first", () => {
        const { roles, releases } = render();
        assert.deepEqual(roles, ["cert-manager", "kserve-crd", "kserve", "runtimes"]);
        assert.deepEqual(
            Object.values(releases).map((r) => [r.release.name, r.release.chart, r.release.version]),
            [
                ["cert-manager", "cert-manager", "v1.17.0"],
                ["kserve-crd", "oci://ghcr.io/kserve/charts/kserve-crd", "v0.20.0"],
                ["kserve", "oci://ghcr.io/kserve/charts/kserve-resources", "v0.20.0"],
                ["kserve-runtime-configs", "oci://ghcr.io/kserve/charts/kserve-runtime-configs", "v0.20.0"],
            ],
        );
        assert.deepEqual(releases["cert-manager"].release.repositoryOpts, { repo: "https://charts.jetstack.io" });
        assert.equal(releases["kserve-crd"].release.repositoryOpts, undefined);
        assert.deepEqual(releases.kserve.dependsOn, ["kserve-crd", "cert-manager"]);
        assert.deepEqual(releases.runtimes.dependsOn, ["kserve"]);
        assert.equal(releases.kserve.release.namespace, "kserve");
    });

    test("configures Standard mode with no Ingress unless a class is given", () => {
        const { releases } = render();
        const controller = values(releases.kserve).kserve.controller;
        assert.equal(controller.deploymentMode, "Standard");
        assert.equal(controller.gateway.disableIngressCreation, true);
        assert.equal(controller.gateway.ingressGateway, undefined);
        assert.equal(controller.gateway.domain, "example.com");
        // kserve-vllmserver runs the pinned vLLM, not the chart's vllm/vllm-openai:latest.
        assert.deepEqual(values(releases.runtimes), {
            kserve: { servingruntime: { enabled: true, vllmserver: { image: "vllm/vllm-openai", tag: images.vllmOpenAi.split(":")[1] } } },
        });
        assert.equal(`vllm/vllm-openai:${values(releases.runtimes).kserve.servingruntime.vllmserver.tag}`, images.vllmOpenAi);
        assert.deepEqual(values(releases["cert-manager"]), { crds: { enabled: true } });

        const nginx = values(render({ ingress: { className: "nginx", domain: "models.example.org", urlScheme: "https" } }).releases.kserve);
        assert.deepEqual(nginx.kserve.controller.gateway, {
            domain: "models.example.org",
            urlScheme: "https",
            disableIngressCreation: false,
            ingressGateway: { className: "nginx" },
        });
    });

    test("maps storage-initializer resources, S3 settings and the local model cache to chart values", () => {
        const { releases, roles } = render({
            storageInitializer: { resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } } },
            s3: { endpoint: "oss-cn-hangzhou-internal.aliyuncs.com", region: "cn-hangzhou", useHttps: true, verifySsl: false, useVirtualBucket: true },
            localModelCache: true,
            keda: true,
        });
        const k = values(releases.kserve).kserve;
        assert.deepEqual(k.storage.resources.limits, { cpu: "2", memory: "4Gi" });
        assert.deepEqual(k.storage.s3, {
            endpoint: "oss-cn-hangzhou-internal.aliyuncs.com",
            region: "cn-hangzhou",
            useHttps: "1",
            verifySSL: "0",
            useVirtualBucket: "true",
        });
        assert.equal(k.localmodel.enabled, true);
        assert.deepEqual(roles, ["cert-manager", "kserve-crd", "keda", "kserve", "localmodel-crd", "localmodel", "runtimes"]);
        assert.deepEqual(releases.kserve.dependsOn, ["kserve-crd", "cert-manager", "keda"]);
        assert.deepEqual(releases.localmodel.dependsOn, ["localmodel-crd", "kserve"]);
        assert.equal(releases.keda.release.chart, "keda");
        assert.equal(releases.keda.release.version, "2.20.2");
        assert.equal(releases.localmodel.release.chart, "oci://ghcr.io/kserve/charts/kserve-localmodel-resources");
    });

    test("skips cert-manager when the cluster has it", () => {
        const { roles, releases } = render({ certManager: { install: false } });
        assert.deepEqual(roles, ["kserve-crd", "kserve", "runtimes"]);
        assert.deepEqual(releases.kserve.dependsOn, ["kserve-crd"]);
    });
});

describe("KServeStack renders (Knative mode)", () => {
    test("adds Istio and Knative Serving before KServe, and the objects validate against their schemas", () => {
        const { roles, releases, objects } = render({ deploymentMode: "Knative" });
        assert.deepEqual(roles, [
            "cert-manager",
            "istio-base",
            "istiod",
            "istio-gateway",
            "istio-ingressclass",
            "knative-operator",
            "knative-namespace",
            "knative-serving",
            "kserve-crd",
            "kserve",
            "runtimes",
        ]);
        assertValidKubeObjects(objects.map((o) => o.object));
        assert.deepEqual(
            ["istio-base", "istiod", "istio-gateway", "knative-operator"].map((role) => [releases[role].release.chart, releases[role].release.version]),
            [
                ["base", "1.27.1"],
                ["istiod", "1.27.1"],
                ["gateway", "1.27.1"],
                ["knative-operator", "v1.21.1"],
            ],
        );
        assert.equal(releases["istio-gateway"].release.name, "istio-ingressgateway");
        assert.deepEqual(values(releases["istio-gateway"]).service, { type: "ClusterIP" });
        assert.deepEqual(releases.kserve.dependsOn, ["kserve-crd", "cert-manager", "knative-serving"]);
        const ks = objects.find((o) => o.role === "knative-serving")!;
        assert.deepEqual(ks.dependsOn, ["knative-operator", "knative-namespace", "istio-gateway"]);
        assert.equal(values(releases.kserve).kserve.controller.deploymentMode, "Knative");
        assert.deepEqual(values(releases.kserve).kserve.controller.gateway.ingressGateway, { className: "istio" });
    });

    test("KnativeServing is tuned for GPU cold starts and awaited on Ready", () => {
        const ks = render({ deploymentMode: "Knative", knative: { progressDeadline: "3600s", scaleDownDelay: "30m" } }).objects.find(
            (o) => o.role === "knative-serving",
        )!.object as any;
        assert.equal(ks.metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
        assert.equal(ks.spec.version, "1.21.1");
        assert.equal(ks.spec.config.deployment["progress-deadline"], "3600s");
        assert.equal(ks.spec.config.autoscaler["scale-down-delay"], "30m");
        assert.equal(ks.spec.config.autoscaler["enable-scale-to-zero"], "true");
        assert.equal(ks.spec.config.features["kubernetes.podspec-tolerations"], "enabled");
        assert.equal(ks.spec.config.features["kubernetes.podspec-persistent-volume-claim"], "enabled");
        assert.deepEqual(ks.spec.config.domain, { "example.com": "" });
    });

    test("KnativeServing enables every Knative-gated pod-spec field a Knative vLLM predictor renders", () => {
        const features = (render({ deploymentMode: "Knative" }).objects.find((o) => o.role === "knative-serving")!.object as any).spec.config.features;
        // Pod-spec fields Knative Serving's webhook refuses unless their flag is on (knative/serving
        // knative-v1.21.1 pkg/apis/serving/fieldmask.go PodSpecMask, PodSecurityContextMask,
        // VolumeSourceMask; defaults in pkg/apis/config/features.go).
        const podFlags: Record<string, string> = {
            securityContext: "kubernetes.podspec-securitycontext",
            nodeSelector: "kubernetes.podspec-nodeselector",
            tolerations: "kubernetes.podspec-tolerations",
            affinity: "kubernetes.podspec-affinity",
        };
        const volumeFlags: Record<string, string> = {
            emptyDir: "kubernetes.podspec-volumes-emptydir",
            persistentVolumeClaim: "kubernetes.podspec-persistent-volume-claim",
        };
        const r = vllm.resolveVllmArgs("kn", {
            namespace: "llm",
            model: { source: { storageUri: "hf://facebook/opt-125m" }, servedModelName: "opt" },
            kserve: { deploymentMode: "Knative" },
            nodeSelector: { pool: "gpu" },
            tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }],
        });
        const predictor = (vllm.renderInferenceService(r) as any).spec.predictor;
        const needed = new Set<string>();
        for (const [field, flag] of Object.entries(podFlags)) if (predictor[field] !== undefined) needed.add(flag);
        for (const v of predictor.volumes) for (const [source, flag] of Object.entries(volumeFlags)) if (v[source] !== undefined) needed.add(flag);
        assert.deepEqual([...needed].sort(), [
            "kubernetes.podspec-nodeselector",
            "kubernetes.podspec-securitycontext",
            "kubernetes.podspec-tolerations",
            "kubernetes.podspec-volumes-emptydir",
        ]);
        for (const flag of needed) assert.equal(features[flag], "enabled", flag);
        // A container may drop capabilities without a flag, not add them (CapabilitiesMask).
        assert.equal(predictor.model.securityContext.capabilities.add, undefined);
    });
});

describe("KServeStack mirrors for restricted networks", () => {
    test("an OCI mirror replaces every chart repository, an HTTP mirror becomes repositoryOpts", () => {
        const oci = render({ deploymentMode: "Knative", registries: { charts: "oci://registry.example.cn/charts/" } }).releases;
        for (const r of Object.values(oci)) {
            assert.ok(r.release.chart.startsWith("oci://registry.example.cn/charts/"), r.release.chart);
            assert.equal(r.release.repositoryOpts, undefined);
        }
        assert.equal(oci.istiod.release.chart, "oci://registry.example.cn/charts/istiod");
        const http = render({ registries: { charts: "https://charts.example.cn/all" } }).releases;
        assert.deepEqual(http.kserve.release, { ...http.kserve.release, chart: "kserve-resources", repositoryOpts: { repo: "https://charts.example.cn/all" } });
    });

    test("an image mirror rewrites every chart's images, keeping upstream paths", () => {
        const { releases, objects } = render({
            deploymentMode: "Knative",
            keda: true,
            registries: { images: "registry.example.cn/mirror" },
            knative: { imageTemplate: "registry.example.cn/mirror/knative/${NAME}:v1.21.1" },
        });
        assert.equal(values(releases["cert-manager"]).image.repository, "registry.example.cn/mirror/jetstack/cert-manager-controller");
        assert.equal(values(releases["cert-manager"]).webhook.image.repository, "registry.example.cn/mirror/jetstack/cert-manager-webhook");
        assert.equal(values(releases.istiod).global.hub, "registry.example.cn/mirror/istio");
        assert.equal(values(releases.kserve).kserve.controller.image, "registry.example.cn/mirror/kserve/kserve-controller");
        assert.equal(values(releases.kserve).kserve.storage.image, "registry.example.cn/mirror/kserve/storage-initializer");
        assert.equal(values(releases.kserve).kserve.controller.rbacProxyImage, "registry.example.cn/mirror/brancz/kube-rbac-proxy:v0.18.0");
        assert.equal(values(releases.runtimes).kserve.servingruntime.huggingfaceserver.image, "registry.example.cn/mirror/kserve/huggingfaceserver");
        assert.equal(values(releases.runtimes).kserve.servingruntime.tritonserver.image, "registry.example.cn/mirror/nvidia/tritonserver");
        assert.deepEqual(values(releases.runtimes).kserve.servingruntime.vllmserver, {
            image: "registry.example.cn/mirror/vllm/vllm-openai",
            tag: images.vllmOpenAi.split(":")[1],
        });
        assert.equal(values(releases.keda).image.keda.registry, "registry.example.cn/mirror");
        assert.equal(
            values(releases["knative-operator"]).knative_operator.knative_operator.image,
            "registry.example.cn/mirror/knative-releases/knative.dev/operator/cmd/operator",
        );
        const ks = objects.find((o) => o.role === "knative-serving")!.object as any;
        assert.equal(ks.spec.registry.default, "registry.example.cn/mirror/knative/${NAME}:v1.21.1");
        assert.match(ks.spec.config.deployment["registries-skipping-tag-resolving"], /registry\.example\.cn$/);
        assertValidKubeObjects(objects.map((o) => o.object));
    });
});

describe("KServeStack rejects bad input, naming the field", () => {
    test("Knative and Istio settings outside Knative mode", () => {
        expectArgError(() => kserve.resolveKServeStackArgs("s", { knative: { progressDeadline: "900s" } }), "knative");
        expectArgError(() => kserve.resolveKServeStackArgs("s", { istio: { gatewayService: { type: "LoadBalancer" } } }), "istio");
    });

    test("an image mirror in Knative mode without Knative's own image template", () => {
        expectArgError(
            () => kserve.resolveKServeStackArgs("s", { deploymentMode: "Knative", registries: { images: "registry.example.cn/mirror" } }),
            "knative.imageTemplate",
        );
    });

    test("malformed values and unknown fields", () => {
        expectArgError(
            () => kserve.resolveKServeStackArgs("s", { deploymentMode: "Knative", knative: { progressDeadline: "30 minutes" } }),
            "knative.progressDeadline",
        );
        expectArgError(() => kserve.resolveKServeStackArgs("s", { s3: { endpoint: "https://s3.amazonaws.com" } }), "s3.endpoint");
        expectArgError(() => kserve.resolveKServeStackArgs("s", { registries: { charts: "ghcr.io/kserve/charts" } }), "registries.charts");
        expectArgError(() => kserve.resolveKServeStackArgs("s", { registries: { images: "https://registry.example.cn" } }), "registries.images");
        expectArgError(() => kserve.resolveKServeStackArgs("s", { deploymentMode: "Serverless" as any }), "deploymentMode");
        expectArgError(() => kserve.resolveKServeStackArgs("s", { ingres: {} } as any), "ingres");
        expectArgError(() => kserve.resolveKServeStackArgs("Bad_Name", {}), "name");
    });
});

describe("KServeStack component", () => {
    test("registers releases and objects named <name>-<role>, and is a readiness handle for serving", async () => {
        const stack = new kserve.KServeStack("platform", { deploymentMode: "Knative" });
        const svc = new vllm.VllmInferenceService(
            "chat",
            { namespace: "llm", model: { source: { huggingFaceId: "bigscience/bloom-560m" } }, kserve: { deploymentMode: "Knative" } },
            { platform: stack },
        );
        await mocks.settle();
        assert.equal(mocks.byName("platform").type, "llm-serving:platform:KServeStack");
        for (const role of ["cert-manager", "istio-base", "istiod", "istio-gateway", "knative-operator", "kserve-crd", "kserve", "runtimes"]) {
            assert.equal(mocks.byName(`platform-${role}`).type, "kubernetes:helm.sh/v3:Release", role);
        }
        assert.equal(mocks.byName("platform-knative-serving").type, "kubernetes:operator.knative.dev/v1beta1:KnativeServing");
        assert.equal(mocks.byName("platform-knative-namespace").type, "kubernetes:core/v1:Namespace");
        assert.equal(mocks.byName("platform-istio-ingressclass").type, "kubernetes:networking.k8s.io/v1:IngressClass");
        assert.equal(childrenOf(stack).length, 11);

        const crd = mocks.byName("platform-kserve-crd").inputs;
        assert.equal(crd.chart, "oci://ghcr.io/kserve/charts/kserve-crd");
        assert.equal(crd.version, "v0.20.0");
        assert.equal(crd.name, "kserve-crd");
        assert.equal(crd.skipAwait, false);
        const certManager = mocks.byName("platform-cert-manager").inputs;
        assert.deepEqual(certManager.repositoryOpts, { repo: "https://charts.jetstack.io" });

        const deps = (n: string) => mocks.byName(n).dependencies.map(urnName).sort();
        assert.deepEqual(deps("platform-kserve"), ["platform-cert-manager", "platform-knative-serving", "platform-kserve-crd"]);
        assert.deepEqual(deps("platform-knative-serving"), ["platform-istio-gateway", "platform-knative-namespace", "platform-knative-operator"]);
        assert.deepEqual(deps("platform-runtimes"), ["platform-kserve"]);
        assert.deepEqual(deps("platform-kserve-crd"), []);
        assert.equal(urnName(mocks.byName("platform-kserve").parent), "platform");
        // The service waits for the platform's readiness handle.
        assert.deepEqual(deps("chat-isvc"), ["chat-serviceaccount", "platform-kserve", "platform-runtimes"]);

        assert.deepEqual(stack.ready, [stack.resources.kserve, stack.resources.runtimes]);
        assert.equal(await valueOf(stack.deploymentMode), "Knative");
        assert.equal(mocks.byName("chat-isvc").type, "kubernetes:serving.kserve.io/v1beta1:InferenceService");
        assert.ok(svc);
        assert.equal(stack.imageRegistry, undefined);
    });

    test("a serving component pulls its pinned predictor image through the platform's image mirror", async () => {
        const stack = new kserve.KServeStack("mirroring", { registries: { images: "registry.example.cn/mirror" } });
        assert.equal(stack.imageRegistry, "registry.example.cn/mirror");
        new vllm.VllmInferenceService(
            "mirrored-chat",
            { namespace: "llm", model: { source: { huggingFaceId: "bigscience/bloom-560m" } } },
            { platform: stack },
        );
        await mocks.settle();
        assert.equal(mocks.byName("mirrored-chat-isvc").inputs.spec.predictor.model.image, `registry.example.cn/mirror/${images.kserveHuggingFaceServerGpu}`);
    });

    test("the caller's Kubernetes provider reaches every release and object", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const target = new k8s.Provider("target-cluster", { kubeconfig: "apiVersion: v1" });
        new kserve.KServeStack("viaprovider", { deploymentMode: "Knative" }, { provider: target });
        await mocks.settle();
        const children = mocks.registered.filter((r) => r.name.startsWith("viaprovider-"));
        assert.equal(children.length, 11);
        for (const child of children) assert.match(child.provider ?? "", /::target-cluster::/, child.name);
    });

    test("bad arguments fail before anything is registered", () => {
        const before = mocks.registered.length;
        expectArgError(() => new kserve.KServeStack("broken", { knative: {} }), "knative");
        assert.equal(mocks.registered.length, before);
    });
});
