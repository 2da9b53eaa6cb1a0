/**
 * Issue 17 §5: where a serving component (or a model job) takes a model volume, its mount path must
 * not collide with the paths the pods use themselves (`/dev/shm`, Triton's `/models`, DJL's
 * `/opt/ml/model`, ...), nor, for RayLLMApp, with another model volume's. Each case is refused
 * naming the field, before anything is registered.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { conversionArgs, h100Pool } from "../../support/component-args";
import type { ModelVolumeRef } from "../../../src/core/model-volume";

const { mocks, vllm, djl, triton, dist, ray, jobs } = loadUnderMocks(["vllm", "djl", "triton", "dist", "ray", "jobs"]);
const serving = { ...vllm, ...djl, ...triton, ...dist, ...ray, ...jobs };

const volume = (mountPath: string, claimName = "models"): ModelVolumeRef => ({ claimName, namespace: "llm", mountPath, subPath: "", readOnly: true });
const pool = h100Pool();
const rayModel = (id: string, v: ModelVolumeRef) => ({
    id,
    source: { volume: v, path: id },
    engine: { maxModelLen: 4096 },
    autoscaling: { minReplicas: 1, maxReplicas: 1 },
});

/** [component, how to build it with a volume at `mountPath`, the field named]. */
const components: [string, (mountPath: string) => unknown, string][] = [
    [
        "VllmInferenceService (KServe)",
        (p) => new serving.VllmInferenceService("vllm", { namespace: "llm", model: { source: { volume: volume(p), path: "bloom-7b1" } } }),
        "model.source.volume.mountPath",
    ],
    [
        "VllmInferenceService (deployment)",
        (p) =>
            new serving.VllmInferenceService("vllm-d", { namespace: "llm", mode: "deployment", model: { source: { volume: volume(p), path: "bloom-7b1" } } }),
        "model.source.volume.mountPath",
    ],
    [
        "DjlServingService",
        (p) => new serving.DjlServingService("djl", { namespace: "llm", model: { source: { volume: volume(p) } } }),
        "model.source.volume.mountPath",
    ],
    [
        "TritonInferenceService (model)",
        (p) =>
            new serving.TritonInferenceService("triton", {
                namespace: "llm",
                backend: "vllm",
                model: { name: "qwen", source: { volume: volume(p), path: "qwen" } },
            }),
        "model.source.volume.mountPath",
    ],
    [
        "TritonInferenceService (repository)",
        (p) => new serving.TritonInferenceService("triton-r", { namespace: "llm", backend: "tensorrtllm", repository: { volume: volume(p) } }),
        "repository.volume.mountPath",
    ],
    [
        "DistributedServing",
        (p) => new serving.DistributedServing("dist", { namespace: "llm", nodes: 2, gpuPool: pool, model: { source: { volume: volume(p), path: "llama" } } }),
        "model.source.volume.mountPath",
    ],
    [
        "RayLLMApp",
        (p) =>
            new serving.RayLLMApp("ray", {
                namespace: "llm",
                workerGroups: [{ name: "gpu", replicas: { min: 1, max: 2 } }],
                models: [rayModel("llama", volume(p))],
            }),
        "models[0].source.volume.mountPath",
    ],
    [
        "ModelDownloadJob",
        (p) => new serving.ModelDownloadJob("dl", { namespace: "llm", volume: { ...volume(p), readOnly: false }, huggingFaceId: "bigscience/bloom-7b1" }),
        "volume.mountPath",
    ],
    ["ModelConversionJob", (p) => new serving.ModelConversionJob("conv", conversionArgs({ ...volume(p), readOnly: false })), "volume.mountPath"],
];

/** [mount path, what the reason says]. */
const collisions: [string, RegExp][] = [
    ["/dev/shm", /'\/dev\/shm' is the memory-backed \/dev\/shm/],
    ["/dev/shm/models", /is inside \/dev\/shm/],
    ["/models", /Triton's generated model repository/],
    ["/opt/ml/model", /DJL Serving's model store/],
    ["/", /would hide/],
    ["/mnt/../dev/shm", /normalized/],
];

function refused(build: () => unknown, field: string): string {
    const before = mocks.registered.length;
    const err = expectArgError(build, field);
    assert.equal(mocks.registered.length, before, "nothing registered");
    return err.errors.find((e) => e.propertyPath === field)!.reason;
}

describe("model volume mount paths clear of the serving pods' own paths", () => {
    for (const [component, build, field] of components) {
        for (const [mountPath, reason] of collisions) {
            test(`${component}: '${mountPath}' -> ${field}`, () =>
                assert.match(
                    refused(() => build(mountPath), field),
                    reason,
                ));
        }
    }

    test("the default /mnt/models is accepted by every component", async () => {
        for (const [component, build] of components) assert.doesNotThrow(() => build("/mnt/models"), component);
        await mocks.settle();
    });
});

describe("RayLLMApp: model volumes not mounted inside one another", () => {
    const app = (models: ReturnType<typeof rayModel>[]) => () =>
        new serving.RayLLMApp("ray-nested", { namespace: "llm", workerGroups: [{ name: "gpu", replicas: { min: 1, max: 2 } }], models });
    test("a second claim inside the first's mount path -> models[1].source.volume.mountPath", () => {
        const reason = refused(
            app([rayModel("a", volume("/mnt/models", "claim-a")), rayModel("b", volume("/mnt/models/b", "claim-b"))]),
            "models[1].source.volume.mountPath",
        );
        assert.match(reason, /'\/mnt\/models\/b' is inside '\/mnt\/models', the mount path of another model's volume/);
    });
    test("a second claim above the first's mount path -> models[1].source.volume.mountPath", () => {
        const reason = refused(
            app([rayModel("a", volume("/mnt/models/a", "claim-a")), rayModel("b", volume("/mnt", "claim-b"))]),
            "models[1].source.volume.mountPath",
        );
        assert.match(reason, /contains '\/mnt\/models\/a'/);
    });
    test("the same path written with a trailing '/' -> models[1].source.volume.mountPath", () => {
        refused(app([rayModel("a", volume("/mnt/models", "claim-a")), rayModel("b", volume("/mnt/models/", "claim-b"))]), "models[1].source.volume.mountPath");
    });
    test("side by side and shared mounts are accepted", () => {
        assert.doesNotThrow(() =>
            serving.resolveRayLlmArgs("ok", {
                namespace: "llm",
                workerGroups: [{ name: "gpu", replicas: { min: 1, max: 4 } }],
                models: [rayModel("a", volume("/mnt/a", "claim-a")), rayModel("b", volume("/mnt/b", "claim-b")), rayModel("c", volume("/mnt/a", "claim-a"))],
            }),
        );
    });
});
