// Annotations the library writes itself cannot be given in `annotations`: the run-as-root reason on
// every workload (podSecurity.runAsRoot), the await of an InferenceService or RayService
// (readyTimeoutMinutes) and KServe's mode annotations (kserve.*). Each is refused naming the
// argument to set, before anything is registered; `pulumi up` waits for a Ready InferenceService.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installMocks } from "../../support/mocks";
import { COMPONENTS, expectRefused, loadComponents } from "../bad-input/components";
import { modelVolume } from "../../support/volumes";
import { rayLlmAppArgs } from "../../support/component-args";

const mocks = installMocks({ preview: true });
let lib: typeof import("../../../src/index");
before(async () => {
    lib = await loadComponents();
});

const vllmArgs = (extra: Record<string, unknown> = {}) => ({ namespace: "llm", model: { source: { volume: modelVolume, path: "qwen" } }, ...extra });

describe("llm-serving/run-as-root is podSecurity.runAsRoot's, on every workload", () => {
    const workloads = COMPONENTS.filter((e) => e.fields.annotations?.includes("annotations"));
    test("the workloads of the registry", () => assert.ok(workloads.length >= 10, workloads.map((e) => e.id).join(", ")));
    for (const entry of workloads) {
        test(entry.id, async () => {
            await expectRefused(
                mocks,
                entry,
                { ...entry.args(), annotations: { "llm-serving/run-as-root": "needs root" } },
                "annotations.llm-serving/run-as-root",
            );
        });
    }
});

describe("VllmInferenceService on KServe", () => {
    const vllm = COMPONENTS.find((e) => e.id.startsWith("VllmInferenceService") && e.args().mode !== "deployment")!;
    for (const [key, argument] of [
        ["pulumi.com/waitFor", "kserve.readyTimeoutMinutes"],
        ["pulumi.com/timeoutSeconds", "kserve.readyTimeoutMinutes"],
        ["serving.kserve.io/deploymentMode", "kserve.deploymentMode"],
        ["serving.knative.dev/progress-deadline", "kserve.progressDeadline"],
    ]) {
        test(`${key} is refused, naming ${argument}`, async () => {
            await expectRefused(mocks, vllm, { ...vllm.args(), annotations: { [key]: "x" } }, `annotations.${key}`);
            await assert.rejects(
                async () => vllm.make(`named-${key.replace(/\W/g, "")}`, { ...vllm.args(), annotations: { [key]: "x" } }),
                (err: Error) => err.message.includes(argument),
            );
        });
    }

    test("pulumi up waits for Ready, within kserve.readyTimeoutMinutes (60 by default)", async () => {
        new lib.VllmInferenceService("awaited", vllmArgs());
        new lib.VllmInferenceService("quick", vllmArgs({ kserve: { readyTimeoutMinutes: 5 } }));
        await mocks.settle();
        const awaited = mocks.byName("awaited-isvc");
        assert.equal(awaited.inputs.metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
        assert.deepEqual(awaited.customTimeouts, { create: "60m", update: "60m", delete: "" });
        assert.deepEqual(mocks.byName("quick-isvc").customTimeouts, { create: "5m", update: "5m", delete: "" });
    });

    test("pulumi.com/skipAwait stays the user's: it lands on the InferenceService", async () => {
        new lib.VllmInferenceService("unawaited", vllmArgs({ annotations: { "pulumi.com/skipAwait": "true" } }));
        await mocks.settle();
        assert.equal(mocks.byName("unawaited-isvc").inputs.metadata.annotations["pulumi.com/skipAwait"], "true");
    });

    test("in deployment mode the KServe keys are the user's own (nothing writes them)", async () => {
        new lib.VllmInferenceService("plain", vllmArgs({ mode: "deployment", annotations: { "pulumi.com/timeoutSeconds": "900" } }));
        await mocks.settle();
        assert.equal(mocks.byName("plain-deployment").inputs.metadata.annotations["pulumi.com/timeoutSeconds"], "900");
    });
});

describe("RayLLMApp", () => {
    const ray = COMPONENTS.find((e) => e.id === "RayLLMApp")!;
    test("pulumi.com/waitFor is refused, naming readyTimeoutMinutes", async () => {
        await expectRefused(mocks, ray, { ...ray.args(), annotations: { "pulumi.com/waitFor": "x" } }, "annotations.pulumi.com/waitFor");
    });

    test("the RayService is awaited within readyTimeoutMinutes", async () => {
        new lib.RayLLMApp("ray-awaited", { ...rayLlmAppArgs(), readyTimeoutMinutes: 20 } as any);
        await mocks.settle();
        const svc = mocks.byName("ray-awaited-rayservice");
        assert.equal(svc.inputs.metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
        assert.deepEqual(svc.customTimeouts, { create: "20m", update: "20m", delete: "" });
    });
});
