/** DistributedServing with pulumi.Inputs: namespace, claim, Secret names and image given as Outputs. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { h100Pool } from "../../support/component-args";
import { modelVolume as volume } from "../../support/volumes";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { DistributedServingArgs } from "../../../src/serving/distributed";

const { mocks, dist, k8s } = loadUnderMocks(["dist", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);

const assertNames = (error: unknown, path: string, reason?: RegExp) => assertNamesField(error, "DistributedServing", path, reason);

const pool = h100Pool();
const llama405b: DistributedServingArgs = {
    namespace: "llm",
    nodes: 2,
    gpuPool: pool,
    model: { source: { volume, path: "Llama-3.1-405B-Instruct" }, servedModelName: "llama-405b" },
    hfTokenSecret: { name: "hf-token", key: "token" },
    apiKeySecret: { name: "api-key", key: "key" },
    exposure: { kind: "ingress", host: "llama.example.com" },
    metrics: {},
};
const objects = (r: ReturnType<typeof dist.resolveDistributedArgs>) => dist.renderDistributed(r).map((o) => o.object);

describe("DistributedServing with Outputs", () => {
    test("namespace from a Namespace, claim and Secret names from Outputs: the objects and URLs use them", async () => {
        const ns = new k8s.core.v1.Namespace("lws-ns", { metadata: { name: "llm" } });
        const args: DistributedServingArgs = {
            ...llama405b,
            namespace: ns.metadata.name,
            model: {
                ...llama405b.model!,
                source: { volume: { ...volume, claimName: pulumi.output("models"), namespace: ns.metadata.name }, path: "Llama-3.1-405B-Instruct" },
            },
            hfTokenSecret: { name: pulumi.output("hf-token"), key: "token" },
            apiKeySecret: { name: pulumi.output("api-key"), key: "key" },
        };

        // Once the Outputs resolve, the render is exactly the plain one.
        const fromOutputs = dist.resolveDistributedArgs("big", args);
        assert.ok(pulumi.Output.isInstance(fromOutputs.args.namespace));
        const plain = dist.resolveDistributedArgs("big", llama405b);
        assert.deepEqual((await settled(objects(fromOutputs))).value, objects(plain));
        assert.deepEqual((await settled(dist.distributedUrls(fromOutputs))).value, dist.distributedUrls(plain));

        const svc = new dist.DistributedServing("from-ns", args);
        await mocks.settle();
        for (const role of ["lws", "service", "ingress", "servicemonitor"])
            assert.equal(mocks.byName(`from-ns-${role}`).inputs.metadata.namespace, "llm", role);
        const leader = mocks.byName("from-ns-lws").inputs.spec.leaderWorkerTemplate.leaderTemplate.spec;
        assert.deepEqual(leader.volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.claimName, "models");
        assert.deepEqual(
            leader.containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef),
            [
                { name: "hf-token", key: "token" },
                { name: "api-key", key: "key" },
            ],
        );
        assert.equal(await valueOf(svc.url), "http://from-ns.llm.svc.cluster.local:8000");
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://from-ns.llm.svc.cluster.local:8000/v1");
    });

    test("a custom image from an Output is the leader's and the workers'", async () => {
        const image = "registry.example.com/sglang:v0.5.0";
        const r = dist.resolveDistributedArgs("sg", {
            namespace: "llm",
            engine: "custom",
            nodes: 2,
            image: pulumi.output(image),
            custom: { leaderCommand: ["serve"], workerCommand: ["join"] },
        });
        const t = ((await settled(objects(r)[1])).value as any).spec.leaderWorkerTemplate;
        assert.deepEqual([t.leaderTemplate.spec.containers[0].image, t.workerTemplate.spec.containers[0].image], [image, image]);
    });
});

describe("DistributedServing: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output rejects with an InputPropertiesError naming namespace", async () => {
        const r = dist.resolveDistributedArgs("bad-ns", {
            ...llama405b,
            model: { source: { huggingFaceId: "meta-llama/Llama-3.1-405B-Instruct" } },
            namespace: pulumi.output("Bad_NS"),
        });
        const rejections = await rejectionsOf(async () => {
            assertNames((await settled(dist.distributedUrls(r).url)).error, "namespace", /DNS-1123 label/);
            assertNames((await settled(objects(r))).error, "namespace");
        });
        for (const error of rejections) assertNames(error, "namespace");
    });

    test("the component: every registration built from the bad namespace fails with that error, nothing else", async () => {
        const rejections = await rejectionsOf(
            () =>
                new dist.DistributedServing("bad-ns-svc", {
                    nodes: 2,
                    namespace: pulumi.output("Bad_NS"),
                    model: { source: { huggingFaceId: "meta-llama/Llama-3.1-8B-Instruct" } },
                }),
        );
        assert.ok(rejections.length > 0);
        for (const error of rejections) {
            // The registration wraps the error ("error serializing property ...") with its message.
            assert.match(String((error as Error).message ?? error), /invalid arguments for DistributedServing:\n {2}- namespace: must be a DNS-1123 label/);
        }
    });

    test("a claim in another namespace than an Output namespace names model.source.volume once known", async () => {
        const r = dist.resolveDistributedArgs("elsewhere", { ...llama405b, namespace: pulumi.output("other") });
        await rejectionsOf(async () =>
            assertNames((await settled(objects(r)[1].metadata.namespace)).error, "model.source.volume", /claim is in namespace 'llm', the service in 'other'/),
        );
        // The same namespaces as plain values fail now, at the same path.
        assert.throws(
            () => dist.resolveDistributedArgs("elsewhere", { ...llama405b, namespace: "other" }),
            (err: any) => err.errors[0].propertyPath === "model.source.volume",
        );
        // A claim namespace from an Output that matches renders.
        const same = dist.resolveDistributedArgs("same", {
            ...llama405b,
            model: { ...llama405b.model!, source: { volume: { ...volume, namespace: pulumi.output("llm") } } },
        });
        assert.equal((await settled(objects(same)[0].metadata.namespace)).value, "llm");
    });

    test("an unpinned image from an Output names image", async () => {
        const r = dist.resolveDistributedArgs("latest", { ...llama405b, image: pulumi.output("vllm/vllm-openai:latest") });
        await rejectionsOf(async () => assertNames((await settled(objects(r)[1])).error, "image", /floating 'latest' tag/));
    });
});
