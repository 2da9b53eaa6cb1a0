/** TritonInferenceService with pulumi.Inputs: namespace, claim, Secret name and image given as Outputs. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { TritonInferenceServiceArgs } from "../../../src/serving/triton";
import { tritonWarnings } from "../../../src/serving/triton/render";

const { mocks, triton, k8s } = loadUnderMocks(["triton", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);

const assertNames = (error: unknown, path: string, reason?: RegExp) => assertNamesField(error, "TritonInferenceService", path, reason);

const vllm: TritonInferenceServiceArgs = {
    namespace: "llm",
    backend: "vllm",
    model: { name: "qwen", source: { volume, path: "Qwen2.5-7B-Instruct" } },
    hfTokenSecret: { name: "hf-token", key: "token" },
    replicas: { min: 1, max: 3 },
    exposure: { kind: "ingress", host: "qwen.example.com" },
    metrics: {},
    autoscaling: { keda: { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" } },
};
const objects = (r: ReturnType<typeof triton.resolveTritonArgs>) => triton.renderTriton(r).map((o) => o.object);

describe("TritonInferenceService with Outputs", () => {
    test("namespace from a Namespace, claim and Secret names from Outputs: the objects, URLs and KEDA query use them", async () => {
        const ns = new k8s.core.v1.Namespace("triton-ns", { metadata: { name: "llm" } });
        const args: TritonInferenceServiceArgs = {
            ...vllm,
            namespace: ns.metadata.name,
            model: {
                ...vllm.model!,
                source: { volume: { ...volume, claimName: pulumi.output("models"), namespace: ns.metadata.name }, path: "Qwen2.5-7B-Instruct" },
            },
            hfTokenSecret: { name: pulumi.output("hf-token"), key: "token" },
        };

        // Once the Outputs resolve, the render is exactly the plain one (the ConfigMap's content name included).
        const fromOutputs = triton.resolveTritonArgs("tri", args);
        assert.ok(pulumi.Output.isInstance(fromOutputs.args.namespace));
        const plain = triton.resolveTritonArgs("tri", vllm);
        assert.deepEqual((await settled(objects(fromOutputs))).value, objects(plain));
        assert.deepEqual((await settled(triton.tritonUrls(fromOutputs))).value, triton.tritonUrls(plain));

        const svc = new triton.TritonInferenceService("from-ns", args);
        await mocks.settle();
        for (const role of ["model-repository", "deployment", "service", "ingress", "servicemonitor", "scaledobject"]) {
            assert.equal(mocks.byName(`from-ns-${role}`).inputs.metadata.namespace, "llm", role);
        }
        assert.equal(
            mocks.byName("from-ns-scaledobject").inputs.spec.triggers[0].metadata.query,
            'sum(nv_inference_pending_request_count{namespace="llm",model="qwen"})',
        );
        assert.equal(await valueOf(svc.url), "http://from-ns.llm.svc.cluster.local:8000");
        assert.equal(await valueOf(svc.grpcEndpoint), "from-ns.llm.svc.cluster.local:8001");
        assert.equal(await valueOf(svc.modelUrl), "http://from-ns.llm.svc.cluster.local:8000/v2/models/qwen");
    });

    test("an image from an Output is the container's and the init container's, and the FasterTransformer warning names it once known", async () => {
        const image = "registry.example.com/tritonserver:22.12-ft";
        const r = triton.resolveTritonArgs("ft", {
            namespace: "llm",
            backend: "fastertransformer",
            model: { source: { volume, path: "ft/1-gpu" } },
            image: pulumi.output(image),
        });
        const spec = ((await settled(objects(r)[2])).value as any).spec.template.spec;
        assert.equal(spec.containers[0].image, image);
        assert.equal(spec.initContainers[0].image, image);
        assert.match((await settled(tritonWarnings(r)[0])).value as string, new RegExp(`runs ${image}, which gets no updates`));
    });
});

describe("TritonInferenceService: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output rejects with an InputPropertiesError naming namespace", async () => {
        const r = triton.resolveTritonArgs("bad-ns", {
            ...vllm,
            model: { ...vllm.model!, source: { huggingFaceId: "Qwen/Qwen2.5-7B-Instruct" } },
            namespace: pulumi.output("Bad_NS"),
        });
        const rejections = await rejectionsOf(async () => {
            assertNames((await settled(triton.tritonUrls(r).url)).error, "namespace", /DNS-1123 label/);
            assertNames((await settled(objects(r))).error, "namespace");
        });
        for (const error of rejections) assertNames(error, "namespace");
    });

    test("the component: every registration built from the bad namespace fails with that error, nothing else", async () => {
        const rejections = await rejectionsOf(
            () =>
                new triton.TritonInferenceService("bad-ns-svc", {
                    namespace: pulumi.output("Bad_NS"),
                    backend: "vllm",
                    model: { source: { huggingFaceId: "Qwen/Qwen2.5-7B-Instruct" } },
                }),
        );
        assert.ok(rejections.length > 0);
        for (const error of rejections) {
            // The registration wraps the error ("error serializing property ...") with its message.
            assert.match(String((error as Error).message ?? error), /invalid arguments for TritonInferenceService:\n {2}- namespace: must be a DNS-1123 label/);
        }
    });

    test("a claim in another namespace than an Output namespace names the volume's field once known", async () => {
        const r = triton.resolveTritonArgs("elsewhere", { ...vllm, namespace: pulumi.output("other") });
        await rejectionsOf(async () =>
            assertNames((await settled(objects(r)[2].metadata.namespace)).error, "model.source.volume", /claim is in namespace 'llm', the service in 'other'/),
        );
        const repo = triton.resolveTritonArgs("repo", {
            namespace: "other",
            backend: "tensorrtllm",
            repository: { volume: { ...volume, namespace: pulumi.output("llm") } },
        });
        await rejectionsOf(async () =>
            assertNames((await settled(objects(repo)[0].metadata.namespace)).error, "repository.volume", /claim is in namespace 'llm', the service in 'other'/),
        );
        // The same namespaces as plain values fail now, at the same path.
        assert.throws(
            () => triton.resolveTritonArgs("elsewhere", { ...vllm, namespace: "other" }),
            (err: any) => err.errors[0].propertyPath === "model.source.volume",
        );
    });

    test("an unpinned image from an Output names image", async () => {
        const r = triton.resolveTritonArgs("latest", { ...vllm, image: pulumi.output("nvcr.io/nvidia/tritonserver:latest") });
        await rejectionsOf(async () => assertNames((await settled(objects(r)[2])).error, "image", /floating 'latest' tag/));
    });
});
