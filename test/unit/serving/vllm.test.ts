import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { valueOf, childrenOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { VllmInferenceServiceArgs } from "../../../src/serving/vllm/args";
import { images } from "../../../src/core/versions";

const { mocks, vllm } = loadUnderMocks(["vllm"]);

const base: VllmInferenceServiceArgs = {
    namespace: "llm",
    model: { source: { volume, path: "bloom-560m" }, servedModelName: "bloom-560m" },
};

describe("VllmInferenceService renders", () => {
    test("KServe InferenceService validates against the KServe v0.20.0 CRD", () => {
        const r = vllm.resolveVllmArgs("bloom", base);
        const objects = vllm.renderVllm(r).map((o) => o.object);
        assertValidKubeObjects(objects);
        const isvc = objects.find((o) => o.kind === "InferenceService") as any;
        assert.equal(isvc.spec.predictor.model.storageUri, "pvc://models/bloom-560m");
        assert.equal(isvc.metadata.annotations["serving.kserve.io/deploymentMode"], "Standard");
        assert.deepEqual(isvc.spec.predictor.model.resources.limits["nvidia.com/gpu"], "1");
        assert.equal(isvc.spec.predictor.volumes[0].emptyDir.medium, "Memory");
    });

    test("on KServe, CPU and memory get both bounds, so KServe's own default limits (1 CPU, 2Gi) never undercut a request", () => {
        const r = vllm.resolveVllmArgs("bounds", { ...base, resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "16Gi" } } });
        const res = (vllm.renderInferenceService(r) as any).spec.predictor.model.resources;
        assert.deepEqual(res.requests, { cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" });
        assert.deepEqual(res.limits, { memory: "16Gi", cpu: "2", "nvidia.com/gpu": "1" });
        const plain = vllm.renderDeployment(vllm.resolveVllmArgs("bounds", { ...base, mode: "deployment", resources: { requests: { cpu: "2" } } })) as any;
        assert.equal(plain.spec.template.spec.containers[0].resources.limits.cpu, undefined, "a plain Deployment keeps an unlimited CPU");
    });

    test("tensor parallelism asks for as many GPUs and sizes /dev/shm", () => {
        const r = vllm.resolveVllmArgs("tp", { ...base, parallelism: { tensor: 2 } });
        const isvc = vllm.renderInferenceService(r) as any;
        assert.equal(isvc.spec.predictor.model.resources.requests["nvidia.com/gpu"], "2");
        assert.ok(isvc.spec.predictor.model.args.includes("--tensor-parallel-size=2"));
        assert.equal(isvc.spec.predictor.volumes[0].emptyDir.sizeLimit, "4Gi");
    });

    test("deployment mode renders a Deployment and a Service that validate", () => {
        const r = vllm.resolveVllmArgs("plain", { ...base, mode: "deployment", apiKeySecret: { name: "vllm", key: "api-key" } });
        const objects = vllm.renderVllm(r);
        assert.deepEqual(
            objects.map((o) => o.role),
            ["serviceaccount", "deployment", "service", "networkpolicy"],
        );
        assertValidKubeObjects(objects.map((o) => o.object));
        const c = (objects[1].object as any).spec.template.spec.containers[0];
        assert.ok(c.args.includes("--model=/mnt/models/bloom-560m"));
        assert.equal(c.startupProbe.httpGet.path, "/health");
        assert.equal(c.readinessProbe.httpGet.path, "/v1/models");
        assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 1800);
        assert.equal(c.env.find((e: any) => e.name === "VLLM_API_KEY").valueFrom.secretKeyRef.name, "vllm");
    });

    test("OpenAI base URL differs between KServe's Hugging Face server and vLLM", () => {
        assert.equal(vllm.vllmUrls(vllm.resolveVllmArgs("a", base)).openAiBaseUrl, "http://a-predictor.llm.svc.cluster.local/openai/v1");
        assert.equal(vllm.vllmUrls(vllm.resolveVllmArgs("a", { ...base, mode: "deployment" })).openAiBaseUrl, "http://a.llm.svc.cluster.local:8000/v1");
    });

    test("in Knative mode the predictor carries the restricted profile KServe copies into the Knative Service", () => {
        // Knative Serving 1.21.1 refuses the pod securityContext unless
        // kubernetes.podspec-securitycontext is enabled (KServeStack enables it; the args' JSDoc
        // names the flags for a KServe installed otherwise); the rest is allowed by default.
        const r = vllm.resolveVllmArgs("kn", { ...base, kserve: { deploymentMode: "Knative" } });
        const p = (vllm.renderInferenceService(r) as any).spec.predictor;
        assert.deepEqual(p.securityContext, {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.equal(p.automountServiceAccountToken, false, "Knative allows only false");
        assert.equal(p.serviceAccountName, "kn");
        assert.deepEqual(p.model.securityContext, {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(
            p.volumes.map((v: any) => Object.keys(v).filter((k) => k !== "name")),
            [["emptyDir"], ["emptyDir"], ["emptyDir"]],
        );
        assert.deepEqual(
            p.model.volumeMounts.map((m: any) => m.mountPath),
            ["/dev/shm", "/tmp", "/home/llm-serving"],
        );
    });
});

describe("VllmInferenceService on KServe runs a pinned image, never the runtime's", () => {
    const modelImage = (args: VllmInferenceServiceArgs, imageRegistry?: string) =>
        (vllm.renderInferenceService(vllm.resolveVllmArgs("bloom", args, { imageRegistry })) as any).spec.predictor.model.image;
    test("each runtime's pinned image, not the chart's vllm/vllm-openai:latest or CPU build", () => {
        assert.equal(modelImage(base), images.kserveHuggingFaceServerGpu);
        assert.equal(modelImage({ ...base, kserve: { runtime: "vllm" } }), images.vllmOpenAi);
    });
    test("through the platform's registry mirror; the user's image as given", () => {
        assert.equal(modelImage(base, "registry.example.cn/mirror"), "registry.example.cn/mirror/kserve/huggingfaceserver:v0.20.0-gpu");
        assert.equal(
            modelImage({ ...base, kserve: { runtime: "vllm" } }, "registry.example.cn/mirror/"),
            "registry.example.cn/mirror/vllm/vllm-openai:v0.28.0",
        );
        assert.equal(modelImage({ ...base, image: "example.com/vllm:1.0" }, "registry.example.cn/mirror"), "example.com/vllm:1.0");
    });
    test("the component takes the mirror from its platform option", async () => {
        new vllm.VllmInferenceService("mirrored", base, { platform: { ready: [], imageRegistry: "registry.example.cn/mirror" } });
        await mocks.settle();
        assert.equal(mocks.byName("mirrored-isvc").inputs.spec.predictor.model.image, "registry.example.cn/mirror/kserve/huggingfaceserver:v0.20.0-gpu");
    });
});

describe("VllmInferenceService component", () => {
    test("registers an InferenceService named <name>-isvc and its ServiceAccount, parented to the component", async () => {
        const svc = new vllm.VllmInferenceService("chat", base);
        await mocks.settle();
        const isvc = mocks.byName("chat-isvc");
        assert.equal(isvc.type, "kubernetes:serving.kserve.io/v1beta1:InferenceService");
        assert.equal(mocks.byName("chat").type, "llm-serving:serving:VllmInferenceService");
        assert.deepEqual(childrenOf(svc).length, 3);
        assert.equal(mocks.byName("chat-serviceaccount").type, "kubernetes:core/v1:ServiceAccount");
        assert.equal(mocks.byName("chat-networkpolicy").type, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://chat-predictor.llm.svc.cluster.local/openai/v1");
    });
});
