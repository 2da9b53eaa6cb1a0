/** ModelDownloadJob and ModelConversionJob with pulumi.Inputs: namespace, claim, Secret name and image given as Outputs. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isKnown } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { conversionArgs } from "../../support/component-args";
import { bloomModelsWritable as volume } from "../../support/volumes";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { ModelConversionJobArgs, ModelDownloadJobArgs } from "../../../src/serving/jobs";

const { mocks, jobs, k8s } = loadUnderMocks(["jobs", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);

const assertNames = assertNamesField;

const download: ModelDownloadJobArgs = { namespace: "llm", volume, huggingFaceId: "bigscience/bloom-7b1", hfTokenSecret: { name: "hf-token", key: "token" } };
const conversion = conversionArgs(volume, "Llama-3.1-8B-Instruct", "llama-trtllm");
const downloadJob = (args: ModelDownloadJobArgs) =>
    jobs.renderDownload(jobs.resolveDownloadArgs("bloom-download", args)).find((o) => o.role === "job")!.object as any;
const conversionJob = (args: ModelConversionJobArgs) =>
    jobs.renderConversion(jobs.resolveConversionArgs("llama-convert", args)).find((o) => o.role === "job")!.object as any;

describe("model jobs with Outputs", () => {
    test("namespace, claim and Secret from resources: the Job is the plain one once they resolve, its name hashed from their values", async () => {
        const ns = new k8s.core.v1.Namespace("jobs-ns", { metadata: { name: "llm" } });
        const claim = new k8s.core.v1.PersistentVolumeClaim("bloom-models", { metadata: { name: "bloom-models", namespace: "llm" } });
        const token = new k8s.core.v1.Secret("hf-token", { metadata: { name: "hf-token", namespace: "llm" }, stringData: { token: "hf_x" } });
        const fromOutputs: ModelDownloadJobArgs = {
            ...download,
            namespace: ns.metadata.name,
            volume: { ...volume, claimName: claim.metadata.name, namespace: ns.metadata.name },
            hfTokenSecret: { name: token.metadata.name, key: "token" },
        };
        const job = downloadJob(fromOutputs);
        assert.ok(pulumi.Output.isInstance(job.metadata.name), "the name waits for the values it hashes");
        const plain = downloadJob(download);
        assert.match(plain.metadata.name, /^bloom-download-[0-9a-f]{8}$/);
        assert.deepEqual((await settled(job)).value, (await settled(plain)).value);

        new jobs.ModelDownloadJob("dl-from-ns", fromOutputs);
        await mocks.settle();
        const registered = mocks.byName("dl-from-ns-job").inputs;
        assert.equal(registered.metadata.namespace, "llm");
        assert.match(registered.metadata.name, /^dl-from-ns-[0-9a-f]{8}$/);
        assert.equal(registered.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, "bloom-models");
        assert.deepEqual(registered.spec.template.spec.containers[0].env.at(-1).valueFrom.secretKeyRef, { name: "hf-token", key: "token" });
    });

    test("another Secret or image is another Job name, as with plain values", async () => {
        const name = async (args: ModelDownloadJobArgs) => (await settled(downloadJob(args).metadata.name)).value;
        const viaOutput = await name({ ...download, hfTokenSecret: { name: pulumi.output("other-token"), key: "token" } });
        assert.equal(viaOutput, downloadJob({ ...download, hfTokenSecret: { name: "other-token", key: "token" } }).metadata.name);
        assert.notEqual(viaOutput, downloadJob(download).metadata.name);
        const image = "registry.example.com/tensorrt-llm/release:1.1.0";
        assert.equal(await name({ ...download, image: pulumi.output(image) }), downloadJob({ ...download, image }).metadata.name);
    });

    test("a conversion Job in a namespace from an Output", async () => {
        const job = conversionJob({ ...conversion, namespace: pulumi.output("llm") });
        assert.equal(typeof job.metadata.name, "string", "nothing in the spec is an Output: the name is known now");
        assert.equal((await settled(job.metadata.namespace)).value, "llm");
        assert.deepEqual((await settled(job)).value, (await settled(conversionJob(conversion))).value);
    });

    test("values unknown during preview: the Job is planned, its name and namespace stay unknown", async () => {
        const ns = new k8s.core.v1.Namespace("auto-jobs-ns", {});
        const claim = new k8s.core.v1.PersistentVolumeClaim("auto-claim", {});
        new jobs.ModelConversionJob("planned-conv", {
            ...conversion,
            namespace: ns.metadata.name,
            volume: { ...volume, claimName: claim.metadata.name, namespace: ns.metadata.name },
        });
        await mocks.settle();
        const job = mocks.registered.find((r) => r.name === "planned-conv-job")!.inputs;
        assert.equal(job.kind, "Job");
        assert.notEqual(typeof job.metadata.name, "string", "unknown in preview");
        assert.notEqual(typeof job.metadata.namespace, "string", "unknown in preview");
        assert.equal(await isKnown(ns.metadata.name), false);
    });
});

describe("model jobs: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output names namespace", async () => {
        const rejections = await rejectionsOf(async () => {
            const job = downloadJob({ ...download, namespace: pulumi.output("Bad_NS"), volume: { ...volume, namespace: pulumi.output("Bad_NS") } });
            assertNames((await settled(job.metadata.namespace)).error, "ModelDownloadJob", "namespace", /DNS-1123 label/);
        });
        for (const error of rejections) assertNames(error, "ModelDownloadJob", "namespace");
    });

    test("the claim in another namespace names volume once known", async () => {
        await rejectionsOf(async () => {
            const job = conversionJob({ ...conversion, namespace: pulumi.output("other") });
            assertNames((await settled(job.metadata.namespace)).error, "ModelConversionJob", "volume", /claim is in namespace 'llm', the job in 'other'/);
        });
    });

    test("a bad Secret name or image through an Output names it", async () => {
        await rejectionsOf(async () => {
            assertNames(
                (await settled(downloadJob({ ...download, hfTokenSecret: { name: pulumi.output("HF Token"), key: "token" } }))).error,
                "ModelDownloadJob",
                "hfTokenSecret.name",
            );
            assertNames(
                (await settled(conversionJob({ ...conversion, image: pulumi.output("nvcr.io/nvidia/tensorrt-llm/release") }))).error,
                "ModelConversionJob",
                "image",
                /pinned/,
            );
        });
    });
});
