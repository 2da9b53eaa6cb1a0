/** VllmInferenceService with pulumi.Inputs: namespace, Secret names, storage URI and image given as Outputs. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isKnown, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { VllmInferenceServiceArgs } from "../../../src/serving/vllm/args";
import { images } from "../../../src/core/versions";

const { mocks, vllm, k8s } = loadUnderMocks(["vllm", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);

const assertNames = (error: unknown, path: string, reason?: RegExp) => assertNamesField(error, "VllmInferenceService", path, reason);

const featured: VllmInferenceServiceArgs = {
    namespace: "llm",
    mode: "deployment",
    model: { source: { volume, path: "bloom-560m" }, servedModelName: "bloom-560m" },
    apiKeySecret: { name: "vllm-key", key: "api-key" },
    hfTokenSecret: { name: "hf-token", key: "token" },
    replicas: { min: 1, max: 3 },
    exposure: { kind: "ingress", host: "bloom.example.com" },
    metrics: {},
    autoscaling: { keda: { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" } },
};
const objects = (r: ReturnType<typeof vllm.resolveVllmArgs>) => vllm.renderVllm(r).map((o) => o.object);

describe("VllmInferenceService with Outputs", () => {
    test("namespace from a Namespace and Secret names from Secrets: the objects, URLs and KEDA query use them", async () => {
        const ns = new k8s.core.v1.Namespace("llm-ns", { metadata: { name: "llm" } });
        const apiKey = new k8s.core.v1.Secret("vllm-key", { metadata: { name: "vllm-key", namespace: "llm" }, stringData: { "api-key": "s3cret" } });
        const hfToken = new k8s.core.v1.Secret("hf-token", { metadata: { name: "hf-token", namespace: "llm" }, stringData: { token: "hf_x" } });
        const args: VllmInferenceServiceArgs = {
            ...featured,
            namespace: ns.metadata.name,
            apiKeySecret: { name: apiKey.metadata.name, key: "api-key" },
            hfTokenSecret: { name: hfToken.metadata.name, key: "token" },
        };

        // Once the Outputs resolve, the render is exactly the plain one.
        const fromOutputs = vllm.resolveVllmArgs("chat", args);
        assert.ok(pulumi.Output.isInstance(fromOutputs.args.namespace));
        assert.deepEqual((await settled(objects(fromOutputs))).value, (await settled(objects(vllm.resolveVllmArgs("chat", featured)))).value);
        assert.equal((await settled(vllm.vllmUrls(fromOutputs).url)).value, "http://chat.llm.svc.cluster.local:8000");

        const svc = new vllm.VllmInferenceService("from-ns", args);
        await mocks.settle();
        const deployment = mocks.byName("from-ns-deployment").inputs;
        assert.equal(deployment.metadata.namespace, "llm");
        assert.deepEqual(
            deployment.spec.template.spec.containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef),
            [
                { name: "hf-token", key: "token" },
                { name: "vllm-key", key: "api-key" },
            ],
        );
        for (const role of ["service", "ingress", "servicemonitor", "scaledobject"])
            assert.equal(mocks.byName(`from-ns-${role}`).inputs.metadata.namespace, "llm", role);
        assert.deepEqual(mocks.byName("from-ns-servicemonitor").inputs.spec.namespaceSelector, { matchNames: ["llm"] });
        assert.equal(
            mocks.byName("from-ns-scaledobject").inputs.spec.triggers[0].metadata.query,
            'sum(vllm:num_requests_waiting{namespace="llm",model_name="bloom-560m"})',
        );
        assert.equal(await valueOf(svc.url), "http://from-ns.llm.svc.cluster.local:8000");
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://from-ns.llm.svc.cluster.local:8000/v1");
        assert.equal(await valueOf(svc.externalUrl), "http://bloom.example.com");
    });

    test("KServe mode: the InferenceService goes to the Namespace's name; a storage URI from an Output is passed on", async () => {
        const ns = new k8s.core.v1.Namespace("kserve-ns", { metadata: { name: "serving" } });
        const svc = new vllm.VllmInferenceService("isvc-ns", {
            namespace: ns.metadata.name,
            model: { source: { storageUri: pulumi.interpolate`s3://${pulumi.output("acme-models")}/bloom-560m` }, parameters: 560_000_000 },
        });
        await mocks.settle();
        const isvc = mocks.byName("isvc-ns-isvc").inputs;
        assert.equal(isvc.metadata.namespace, "serving");
        assert.equal(isvc.spec.predictor.model.storageUri, "s3://acme-models/bloom-560m");
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://isvc-ns-predictor.serving.svc.cluster.local/openai/v1");
    });

    test("an hf:// storage URI from an Output gives deployment mode its hub id", async () => {
        const r = vllm.resolveVllmArgs("hub", { mode: "deployment", model: { source: { storageUri: pulumi.output("hf://bigscience/bloom-560m:main") } } });
        const container = ((await settled(objects(r))).value as any)[1].spec.template.spec.containers[0];
        assert.equal(container.args[0], "--model=bigscience/bloom-560m");
    });

    test("an image from an Output is the container's", async () => {
        const r = vllm.resolveVllmArgs("img", { ...featured, image: pulumi.output("registry.example.com/vllm/vllm-openai:v0.11.0") });
        const container = ((await settled(objects(r))).value as any)[1].spec.template.spec.containers[0];
        assert.equal(container.image, "registry.example.com/vllm/vllm-openai:v0.11.0");
    });

    test("values unknown during preview: the service is planned, what depends on them stays unknown", async () => {
        const ns = new k8s.core.v1.Namespace("auto-named", {});
        assert.equal(await isKnown(ns.metadata.name), false, "the mock leaves an unset name unknown in preview");
        const infra = new pulumi.StackReference("org/infra/prod");
        const svc = new vllm.VllmInferenceService("planned", {
            namespace: ns.metadata.name,
            model: { source: { storageUri: infra.getOutput("modelUri") } },
            kserve: { runtime: "vllm" },
            apiKeySecret: { name: infra.getOutput("apiKeySecret"), key: "api-key" },
        });
        await mocks.settle();
        const isvc = mocks.byName("planned-isvc").inputs;
        assert.equal(isvc.spec.predictor.model.runtime, "kserve-vllmserver");
        assert.equal(isvc.spec.predictor.model.image, images.vllmOpenAi, "the pinned image, not the runtime's vllm/vllm-openai:latest");
        assert.notEqual(typeof isvc.metadata.namespace, "string", "unknown in preview");
        assert.notEqual(typeof isvc.spec.predictor.model.storageUri, "string", "unknown in preview");
        assert.equal(await isKnown(svc.url), false);
        assert.equal(await isKnown(svc.servedModelName), true);
    });
});

describe("VllmInferenceService: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output rejects with an InputPropertiesError naming namespace", async () => {
        const r = vllm.resolveVllmArgs("bad-ns", {
            ...featured,
            model: { source: { huggingFaceId: "bigscience/bloom-560m" } },
            namespace: pulumi.output("Bad_NS"),
        });
        const rejections = await rejectionsOf(async () => {
            const { error } = await settled(vllm.vllmUrls(r).url);
            assertNames(error, "namespace", /DNS-1123 label/);
        });
        assert.ok(rejections.length > 0);
        for (const error of rejections) assertNames(error, "namespace");
    });

    test("the component: every registration built from the bad namespace fails with that error, nothing else", async () => {
        const rejections = await rejectionsOf(
            () =>
                new vllm.VllmInferenceService("bad-ns-svc", {
                    namespace: pulumi.output("Bad_NS"),
                    model: { source: { volume: { ...volume, namespace: pulumi.output("Bad_NS") } } },
                }),
        );
        assert.ok(rejections.length > 0);
        for (const error of rejections) {
            // The registration wraps the error ("error serializing property ...") with its message.
            assert.match(String((error as Error).message ?? error), /invalid arguments for VllmInferenceService:\n {2}- namespace: must be a DNS-1123 label/);
        }
    });

    test("the claim in another namespace than an Output namespace names model.source.volume once known", async () => {
        const r = vllm.resolveVllmArgs("elsewhere", { ...featured, namespace: pulumi.output("other") });
        await rejectionsOf(async () =>
            assertNames((await settled(objects(r)[0])).error, "model.source.volume", /claim is in namespace 'llm', the service in 'other'/),
        );
        // The same namespaces as plain values fail now, at the same path.
        assert.throws(
            () => vllm.resolveVllmArgs("elsewhere", { ...featured, namespace: "other" }),
            (err: any) => err.errors[0].propertyPath === "model.source.volume",
        );
        // A claim namespace from an Output that matches renders.
        const same = vllm.resolveVllmArgs("same", {
            ...featured,
            model: { ...featured.model, source: { volume: { ...volume, namespace: pulumi.output("llm") } } },
        });
        assert.equal((await settled(objects(same)[0].metadata.namespace)).value, "llm");
    });

    test("a storage URI from an Output is checked when known: scheme, deployment mode, model size", async () => {
        const rejections = await rejectionsOf(async () => {
            const ftp = vllm.resolveVllmArgs("ftp", { model: { source: { storageUri: pulumi.output("ftp://models/bloom") } } });
            assertNames((await settled(vllm.renderInferenceService(ftp))).error, "model.source.storageUri", /pvc:\/\/, hf:\/\//);
            const s3 = vllm.resolveVllmArgs("s3", { mode: "deployment", model: { source: { storageUri: pulumi.output("s3://bucket/bloom") } } });
            assertNames((await settled(vllm.renderDeployment(s3))).error, "model.source.storageUri", /deployment mode has no storage initializer/);
            const a10 = { nodeSelector: {}, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpuMemoryGiB: 16 };
            const big = vllm.resolveVllmArgs("big", {
                model: { source: { storageUri: pulumi.output("hf://bigscience/bloom-7b1") }, dtype: "float16" },
                gpuPool: a10,
            });
            assertNames((await settled(vllm.renderInferenceService(big))).error, "model", /model does not fit/);
        });
        for (const error of rejections) assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
    });

    test("an unpinned image from an Output names image", async () => {
        const r = vllm.resolveVllmArgs("latest", { ...featured, image: pulumi.output("vllm/vllm-openai:latest") });
        await rejectionsOf(async () => assertNames((await settled(vllm.renderDeployment(r))).error, "image", /floating 'latest' tag/));
    });
});
