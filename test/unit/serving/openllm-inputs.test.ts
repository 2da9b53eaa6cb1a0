/** OpenLlmService with pulumi.Inputs: namespace, Secret name and image given as Outputs. */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isKnown, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { OpenLlmServiceArgs } from "../../../src/serving/openllm/args";

const { mocks, openllm, k8s } = loadUnderMocks(["openllm", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
before(async () => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async () => {};
});

const assertNames = assertNamesField;

const base: OpenLlmServiceArgs = {
    namespace: "llm",
    model: { tag: "llama3.2:1b" },
    hfTokenSecret: { name: "hf", key: "token" },
    exposure: { kind: "ingress", host: "chat.example.com" },
};
const objects = (args: OpenLlmServiceArgs) => openllm.renderOpenLlm(openllm.resolveOpenLlmArgs("chat", args)).map((o) => o.object as any);

describe("OpenLlmService with Outputs", () => {
    test("namespace from a Namespace, token Secret and image from Outputs: the render is the plain one once they resolve", async () => {
        const ns = new k8s.core.v1.Namespace("openllm-ns", { metadata: { name: "llm" } });
        const token = new k8s.core.v1.Secret("openllm-hf", { metadata: { name: "hf", namespace: "llm" }, stringData: { token: "hf_x" } });
        const image = "registry.example.com/openllm:0.6.30";
        const args: OpenLlmServiceArgs = {
            ...base,
            namespace: ns.metadata.name,
            hfTokenSecret: { name: token.metadata.name, key: "token" },
            install: "image",
            image: pulumi.output(image),
        };
        assert.deepEqual((await settled(objects(args))).value, (await settled(objects({ ...base, install: "image", image }))).value);

        const svc = new openllm.OpenLlmService("openllm-from-ns", args);
        await mocks.settle();
        const deployment = mocks.byName("openllm-from-ns-deployment").inputs;
        assert.equal(deployment.metadata.namespace, "llm");
        assert.equal(deployment.spec.template.spec.containers[0].image, image);
        assert.equal(mocks.byName("openllm-from-ns-ingress").inputs.metadata.namespace, "llm");
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://openllm-from-ns.llm.svc.cluster.local:3000/v1");
    });

    test("a namespace unknown during preview: the service is planned, its URL stays unknown", async () => {
        const ns = new k8s.core.v1.Namespace("openllm-auto-ns", {});
        const svc = new openllm.OpenLlmService("openllm-planned", { ...base, namespace: ns.metadata.name });
        await mocks.settle();
        assert.notEqual(typeof mocks.byName("openllm-planned-service").inputs.metadata.namespace, "string", "unknown in preview");
        assert.equal(await isKnown(svc.url), false);
        assert.equal(await valueOf(svc.externalUrl), "http://chat.example.com");
    });
});

describe("OpenLlmService: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output names namespace", async () => {
        const rejections = await rejectionsOf(async () => {
            const r = openllm.resolveOpenLlmArgs("bad-ns", { ...base, namespace: pulumi.output("Bad_NS") });
            assertNames((await settled(openllm.openLlmUrls(r).url)).error, "OpenLlmService", "namespace", /DNS-1123 label/);
        });
        for (const error of rejections) assertNames(error, "OpenLlmService", "namespace");
    });

    test("an unpinned image through pulumi.output names image", async () => {
        await rejectionsOf(async () => {
            const [, deployment] = objects({ ...base, install: "image", image: pulumi.output("bentoml/openllm") });
            assertNames((await settled(deployment.spec.template.spec.containers[0].image)).error, "OpenLlmService", "image", /pinned/);
        });
    });
});
