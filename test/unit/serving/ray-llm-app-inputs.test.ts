/** RayLLMApp with pulumi.Inputs: namespace, image, model volume and bucket URIs given as Outputs. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import type { RayLLMAppArgs } from "../../../src/serving/ray/args";
import type { ModelVolumeRef } from "../../../src/core/model-volume";
import { engineEnv } from "../../support/pod-profile";

const { mocks, ray, k8s } = loadUnderMocks(["ray", "k8s"]);
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);

const assertNames = (error: unknown, path: string, reason?: RegExp) => assertNamesField(error, "RayLLMApp", path, reason);

const model = {
    id: "llama-2-7b-chat",
    source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" },
    engine: { maxModelLen: 4096 },
    autoscaling: { minReplicas: 1, maxReplicas: 2 },
};
const base: RayLLMAppArgs = {
    namespace: "llm",
    workerGroups: [{ name: "gpu", replicas: { min: 2, max: 4 } }],
    models: [model],
    hfTokenSecret: { name: "hf-token", key: "token" },
};
const volume = (over: Partial<ModelVolumeRef> = {}): ModelVolumeRef => ({
    claimName: "models",
    namespace: "llm",
    mountPath: "/mnt/models",
    subPath: "",
    readOnly: true,
    ...over,
});
const rayService = (args: RayLLMAppArgs) => ray.renderRayService(ray.resolveRayLlmArgs("chat", args));

describe("RayLLMApp with Outputs", () => {
    test("namespace from a Namespace: the RayService and the URLs use it", async () => {
        const ns = new k8s.core.v1.Namespace("ray-team-ns", { metadata: { name: "llm" } });
        const hf = new k8s.core.v1.Secret("hf-token", { metadata: { name: "hf-token", namespace: "llm" }, stringData: { token: "hf_x" } });
        const args: RayLLMAppArgs = { ...base, namespace: ns.metadata.name, hfTokenSecret: { name: hf.metadata.name, key: "token" } };

        // Once the Outputs resolve, the render is exactly the plain one.
        const fromOutputs = ray.resolveRayLlmArgs("chat", args);
        assert.ok(pulumi.Output.isInstance(fromOutputs.args.namespace));
        assert.deepEqual((await settled(ray.renderRayLlm(fromOutputs))).value, ray.renderRayLlm(ray.resolveRayLlmArgs("chat", base)));
        assert.deepEqual((await settled(ray.rayLlmUrls(fromOutputs))).value, ray.rayLlmUrls(ray.resolveRayLlmArgs("chat", base)));

        const app = new ray.RayLLMApp("from-ns", args);
        await mocks.settle();
        const rs = mocks.byName("from-ns-rayservice").inputs;
        assert.equal(rs.metadata.namespace, "llm");
        assert.deepEqual(engineEnv(rs.spec.rayClusterConfig.headGroupSpec.template.spec.containers[0]), [
            { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } },
        ]);
        assert.equal(typeof rs.spec.serveConfigV2, "string");
        assert.equal(await valueOf(app.openAiBaseUrl), "http://from-ns-serve-svc.llm.svc.cluster.local:8000/v1");
        assert.equal(await valueOf(app.dashboardUrl), "http://from-ns-head-svc.llm.svc.cluster.local:8265");
    });

    test("bucket URIs from Outputs: serveConfigV2 is YAML text written once they are known, and Ray accepts it", async () => {
        const rs = rayService({
            ...base,
            models: [
                {
                    ...model,
                    source: { uri: pulumi.interpolate`s3://${pulumi.output("acme-models")}/llama` },
                    lora: { dynamicLoadingPath: pulumi.output("gs://adapters/llama") },
                },
            ],
        }) as any;
        assert.ok(pulumi.Output.isInstance(rs.spec.serveConfigV2), "no Output inside YAML text: the text itself waits");
        const llm = parse((await settled(rs.spec.serveConfigV2)).value as string).applications[0].args.llm_configs[0];
        assert.deepEqual(llm.model_loading_config.model_source, { bucket_uri: "s3://acme-models/llama" });
        assert.deepEqual(llm.lora_config, { dynamic_lora_loading_path: "gs://adapters/llama", max_num_adapters_per_replica: 16 });
        assert.ok(ray.llmConfigSchema().safeParse(llm).success);
    });

    test("an image and a model volume's claim from Outputs are the pods'", async () => {
        const rs = rayService({
            ...base,
            image: pulumi.output("registry.example.com/ray-llm:2.58.0-py312-cu130"),
            rayVersion: "2.58.0",
            models: [{ ...model, source: { volume: volume({ claimName: pulumi.output("models"), namespace: pulumi.output("llm") }) } }],
        }) as any;
        const spec = ((await settled(rs)).value as any).spec.rayClusterConfig.workerGroupSpecs[0].template.spec;
        assert.equal(spec.containers[0].image, "registry.example.com/ray-llm:2.58.0-py312-cu130");
        assert.deepEqual(spec.volumes[1], { name: "model-0", persistentVolumeClaim: { claimName: "models", readOnly: true } });
        assert.equal(parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0].model_loading_config.model_source, "/mnt/models");
    });

    test("two models on one mount path with the same claim from an Output mount it once", async () => {
        const r = ray.resolveRayLlmArgs("chat", {
            ...base,
            models: [
                { ...model, source: { volume: volume() } },
                { ...model, id: "second", source: { volume: volume({ claimName: pulumi.output("models") }) } },
            ],
        });
        assert.equal(r.volumes.length, 1);
        assert.equal((await settled(r.volumes[0].claimName)).value, "models");
    });
});

describe("RayLLMApp: a bad value in an Output fails naming its field", () => {
    test("a bad namespace through pulumi.output rejects with an InputPropertiesError naming namespace", async () => {
        const r = ray.resolveRayLlmArgs("bad-ns", { ...base, namespace: pulumi.output("Bad_NS") });
        const rejections = await rejectionsOf(async () => {
            assertNames((await settled(r.args.namespace)).error, "namespace", /DNS-1123 label/);
            assertNames((await settled(ray.rayLlmUrls(r).openAiBaseUrl)).error, "namespace");
        });
        for (const error of rejections) assertNames(error, "namespace");
    });

    test("the component: every registration built from the bad namespace fails with that error, nothing else", async () => {
        const rejections = await rejectionsOf(
            () => new ray.RayLLMApp("bad-ns-app", { ...base, namespace: pulumi.output("Bad_NS"), operator: { install: false } }),
        );
        assert.ok(rejections.length > 0);
        for (const error of rejections) {
            // The registration wraps the error ("error serializing property ...") with its message.
            assert.match(String((error as Error).message ?? error), /invalid arguments for RayLLMApp:\n {2}- namespace: must be a DNS-1123 label/);
        }
    });

    test("a claim in another namespace than an Output namespace names the model's volume once known", async () => {
        const args: RayLLMAppArgs = { ...base, namespace: pulumi.output("other"), models: [{ ...model, source: { volume: volume() } }] };
        await rejectionsOf(async () =>
            assertNames(
                (await settled(rayService(args).metadata.namespace)).error,
                "models[0].source.volume",
                /claim is in namespace 'llm', the RayService in 'other'/,
            ),
        );
        // The same namespaces as plain values fail now, at the same path.
        assert.throws(
            () => ray.resolveRayLlmArgs("chat", { ...args, namespace: "other" }),
            (err: any) => err.errors[0].propertyPath === "models[0].source.volume",
        );
        // A claim namespace from an Output that matches renders.
        const same = rayService({ ...args, namespace: "llm", models: [{ ...model, source: { volume: volume({ namespace: pulumi.output("llm") }) } }] });
        assert.equal((await settled(same.metadata.namespace)).value, "llm");
    });

    test("two claims on one mount path, one from an Output, are refused once known", async () => {
        const r = ray.resolveRayLlmArgs("chat", {
            ...base,
            models: [
                { ...model, source: { volume: volume() } },
                { ...model, id: "second", source: { volume: volume({ claimName: pulumi.output("other") }) } },
            ],
        });
        await rejectionsOf(async () =>
            assertNames((await settled(r.volumes[0].claimName)).error, "models[1].source.volume.mountPath", /already the mount path of claim 'models'/),
        );
    });

    test("a bucket URI from an Output is checked when known", async () => {
        const rejections = await rejectionsOf(async () => {
            const oss = rayService({ ...base, models: [{ ...model, source: { uri: pulumi.output("oss://models/llama") } }] }) as any;
            assertNames((await settled(oss.spec.serveConfigV2)).error, "models[0].source.uri", /s3:\/\/, gs:\/\//);
            const lora = rayService({ ...base, models: [{ ...model, lora: { dynamicLoadingPath: pulumi.output("/adapters") } }] }) as any;
            assertNames((await settled(lora.spec.serveConfigV2)).error, "models[0].lora.dynamicLoadingPath", /s3:\/\/, gs:\/\//);
        });
        for (const error of rejections) assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
    });

    test("an unpinned image from an Output names image", async () => {
        const r = ray.resolveRayLlmArgs("latest", { ...base, image: pulumi.output("rayproject/ray-llm:latest"), rayVersion: "2.58.0" });
        await rejectionsOf(async () => assertNames((await settled(r.image)).error, "image", /floating 'latest' tag/));
    });
});
