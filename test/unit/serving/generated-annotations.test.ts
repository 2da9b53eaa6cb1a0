// Annotations the library writes itself cannot be given in `annotations`: the run-as-root reason on
// every workload (podSecurity.runAsRoot), the await of a RayService (readyTimeoutMinutes) and
// KServe's mode annotations (kserve.*). Each is refused naming the argument to set, before anything
// is registered. An InferenceService is not awaited (KServe reports its predictor's
// observedGeneration): the provider's await annotations are refused on it, saying why.
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
        ["pulumi.com/waitFor", "observedGeneration"],
        ["pulumi.com/timeoutSeconds", "observedGeneration"],
        ["pulumi.com/skipAwait", "observedGeneration"],
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

    test("the InferenceService is not awaited by the provider (its await could wait forever on KServe's observedGeneration)", async () => {
        new lib.VllmInferenceService("unawaited", vllmArgs());
        await mocks.settle();
        const isvc = mocks.byName("unawaited-isvc");
        assert.equal(isvc.inputs.metadata.annotations["pulumi.com/skipAwait"], "true");
        assert.equal(isvc.inputs.metadata.annotations["pulumi.com/waitFor"], undefined);
        assert.deepEqual(isvc.customTimeouts, { create: "", update: "", delete: "" });
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
