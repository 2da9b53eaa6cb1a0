/** DjlServingService with pulumi.Inputs: namespace, Secret name and image given as Outputs. */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isKnown, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { bloomModels as volume } from "../../support/volumes";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { DjlServingServiceArgs } from "../../../src/serving/djl/args";
import { images } from "../../../src/core/versions";

const { mocks, djl, k8s } = loadUnderMocks(["djl", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
before(async () => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async () => {};
});

const assertNames = assertNamesField;

const base: DjlServingServiceArgs = {
    namespace: "llm",
    model: { source: { volume, path: "bloom-7b1" }, name: "bloom" },
    hfTokenSecret: { name: "hf-token", key: "token" },
    metrics: {},
};
const objects = (args: DjlServingServiceArgs, name = "bloom") => djl.renderDjl(djl.resolveDjlArgs(name, args)).map((o) => o.object as any);

describe("DjlServingService with Outputs", () => {
    test("namespace from a Namespace and the token Secret's name from a Secret: the render is the plain one once they resolve", async () => {
        const ns = new k8s.core.v1.Namespace("djl-ns", { metadata: { name: "llm" } });
        const token = new k8s.core.v1.Secret("djl-hf-token", { metadata: { name: "hf-token", namespace: "llm" }, stringData: { token: "hf_x" } });
        const args: DjlServingServiceArgs = { ...base, namespace: ns.metadata.name, hfTokenSecret: { name: token.metadata.name, key: "token" } };
        const fromOutputs = objects(args);
        // The ConfigMap's content name never hashes the namespace: it is known now, and the plain one.
        assert.equal(fromOutputs[0].metadata.name, objects(base)[0].metadata.name);
        assert.deepEqual((await settled(fromOutputs)).value, (await settled(objects(base))).value);

        const svc = new djl.DjlServingService("djl-from-ns", args);
        await mocks.settle();
        for (const role of ["config", "deployment", "service", "servicemonitor"])
            assert.equal(mocks.byName(`djl-from-ns-${role}`).inputs.metadata.namespace, "llm", role);
        assert.equal(await valueOf(svc.url), "http://djl-from-ns.llm.svc.cluster.local:8080");
        assert.equal(await valueOf(svc.predictUrl), "http://djl-from-ns.llm.svc.cluster.local:8080/predictions/bloom");
    });

    test("an image from an Output is the container's; the DeepSpeed warning does not print an Output", async () => {
        const image = "registry.example.com/djl-serving:0.27.0-deepspeed";
        const r = djl.resolveDjlArgs("ds", { ...base, engine: "deepspeed", image: pulumi.output(image), model: { ...base.model, tensorParallelDegree: 1 } });
        assert.equal((await settled(djl.djlImage(r))).value, image);
        const [warning] = djl.djlWarnings(r);
        assert.match(warning, /runs the image given, which gets no updates/);
        assert.doesNotMatch(warning, /Output/);
        assert.match(
            djl.djlWarnings(djl.resolveDjlArgs("ds", { ...base, engine: "deepspeed" }))[0],
            new RegExp(images.djlServingDeepSpeed.replace(/[.]/g, "\\.")),
        );
    });

    test("values unknown during preview: the service is planned, its URL stays unknown", async () => {
        const ns = new k8s.core.v1.Namespace("djl-auto-ns", {});
        const svc = new djl.DjlServingService("djl-planned", {
            ...base,
            namespace: ns.metadata.name,
            model: { source: { huggingFaceId: "bigscience/bloom-560m" } },
        });
        await mocks.settle();
        assert.match(mocks.byName("djl-planned-config").inputs.metadata.name, /^djl-planned-djl-config-[0-9a-f]{8}$/);
        assert.notEqual(typeof mocks.byName("djl-planned-deployment").inputs.metadata.namespace, "string", "unknown in preview");
        assert.equal(await isKnown(svc.url), false);
    });
});

describe("DjlServingService: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output names namespace", async () => {
        const rejections = await rejectionsOf(async () => {
            const r = djl.resolveDjlArgs("bad-ns", {
                ...base,
                namespace: pulumi.output("Bad_NS"),
                model: { source: { huggingFaceId: "bigscience/bloom-560m" } },
            });
            assertNames((await settled(djl.djlUrls(r).url)).error, "DjlServingService", "namespace", /DNS-1123 label/);
        });
        for (const error of rejections) assertNames(error, "DjlServingService", "namespace");
    });

    test("the claim in another namespace names model.source.volume once known", async () => {
        await rejectionsOf(async () => {
            const [, deployment] = objects({ ...base, namespace: pulumi.output("other") });
            assertNames(
                (await settled(deployment.metadata.namespace)).error,
                "DjlServingService",
                "model.source.volume",
                /claim is in namespace 'llm', the service in 'other'/,
            );
        });
    });

    test("a DeepSpeed engine on an LMI image from an Output names image once known", async () => {
        await rejectionsOf(async () => {
            const r = djl.resolveDjlArgs("ds", { ...base, engine: "deepspeed", image: pulumi.output("deepjavalibrary/djl-serving:0.36.0-lmi") });
            assertNames((await settled(djl.djlImage(r))).error, "DjlServingService", "image", /DeepSpeed is not in DJLServing 0\.28\.0 and later/);
        });
    });
});
