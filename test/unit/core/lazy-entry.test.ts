import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";

// The Kubernetes entry point loads each component's module on first access (src/kubernetes.ts).
// One process per test file: the first test sees a fresh require.cache.

const SRC = path.resolve(__dirname, "../../../src");
/** Every component module group behind the entry point, as src/kubernetes.ts lists them. */
const COMPONENT_MODULES = [
    "storage/model-bucket-volume",
    "serving/vllm",
    "platform/kserve",
    "platform/kuberay",
    "serving/ray",
    "serving/djl",
    "serving/openllm",
    "serving/jobs",
    "serving/triton",
    "serving/distributed",
    "serving/traffic",
];

/** Library source files loaded so far under src/<dir>/, relative to src/. */
function loaded(...dirs: string[]): string[] {
    return Object.keys(require.cache)
        .filter((file) => dirs.some((dir) => file.startsWith(path.join(SRC, dir) + path.sep)))
        .map((file) => path.relative(SRC, file));
}

test("importing the entry point loads no component module; reading a component loads only its own", async () => {
    const entry = await import("../../../src/kubernetes");
    assert.deepEqual(loaded("serving", "platform", "storage"), [], "component modules loaded by the import itself");
    assert.ok(Object.keys(entry).includes("VllmInferenceService"), "the name is listed before it is loaded");
    assert.deepEqual(loaded("serving", "platform", "storage"), [], "listing the names loads nothing");

    const vllm = await import("../../../src/serving/vllm");
    assert.equal(entry.VllmInferenceService, vllm.VllmInferenceService);
    assert.ok(loaded("serving/vllm").length > 0);
    assert.deepEqual(loaded("platform", "storage", "serving/ray", "serving/djl", "serving/triton", "serving/traffic"), []);
});

test("/render loads no component module until a name is read", async () => {
    const before = loaded("serving", "platform", "storage");
    const render = await import("../../../src/render");
    assert.equal(typeof render.resolveVllmArgs, "function");
    assert.deepEqual(
        loaded("platform", "storage", "serving/djl", "serving/triton", "serving/traffic").filter((f) => !before.includes(f)),
        [],
    );
});

test("/kubernetes exports the public names of the table, /render the internal ones: together every value of the core and of every component module", async () => {
    const { ENTRY_POINTS } = await import("../../../scripts/entry-points.table");
    const { entryValues } = await import("../../../scripts/gen-entry-points");
    const entry = await import("../../../src/kubernetes");
    const render = await import("../../../src/render");
    const table = (file: string) => entryValues(ENTRY_POINTS.find((e) => e.file === file)!);
    assert.deepEqual(Object.keys(entry).sort(), [...table("kubernetes")].sort());
    assert.deepEqual(Object.keys(render).sort(), [...table("render")].sort());
    for (const name of ["VllmInferenceService", "ModelBucketVolume", "GPU_TOLERATION", "modelBucketVolumeSchema", "llmConfigSchema"])
        assert.ok(name in entry, name);
    for (const name of Object.keys(entry)) assert.doesNotMatch(name, /^(render|resolve)[A-Z]/, `${name} is an internal in /kubernetes`);

    const both = { ...entry, ...render } as Record<string, unknown>;
    const expected = new Set<string>(Object.keys(await import("../../../src/core")));
    for (const dir of COMPONENT_MODULES) for (const name of Object.keys(require(path.join(SRC, dir)))) expected.add(name);
    // The two exports of the volume's args module that its index does not re-export.
    expected.add("modelBucketVolumeSchema");
    expected.add("bucketPrefixProblem");
    for (const name of Object.keys(require(path.join(SRC, "cloud")))) if (name in both) expected.add(name);
    assert.deepEqual(Object.keys(both).sort(), [...expected].sort());
    for (const dir of COMPONENT_MODULES) {
        const mod = require(path.join(SRC, dir));
        for (const name of Object.keys(mod)) assert.equal(both[name], mod[name], `${name} from ${dir}`);
    }
    const args = await import("../../../src/storage/model-bucket-volume/args");
    assert.equal(entry.modelBucketVolumeSchema, args.modelBucketVolumeSchema);
});

test("the root entry point re-exports the same lazily loaded values", async () => {
    const root = await import("../../../src/index");
    const entry = await import("../../../src/kubernetes");
    assert.equal(root.VllmInferenceService, entry.VllmInferenceService);
    assert.equal(root.TrafficSplit, entry.TrafficSplit);
    assert.equal(typeof root.GpuCluster, "function");
    assert.equal("renderVllm" in root, false, "render internals are in /render only");
});
