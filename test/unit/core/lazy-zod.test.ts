import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { installMocks } from "../../support/mocks";

// zod costs about 100 ms to load: the entry point and the component modules must not load it;
// the first construction does, and builds each schema once. One process per test file.

const zodLoaded = () => Object.keys(require.cache).some((file) => file.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`));

test("importing the entry point and reading a class loads no zod; the first construction does", async () => {
    const mocks = installMocks();
    const entry = await import("../../../src/kubernetes");
    const Vllm = entry.VllmInferenceService;
    assert.equal(typeof Vllm, "function");
    assert.equal(zodLoaded(), false, "zod loaded by the import or by reading the class");

    new Vllm("chat", { model: { source: { huggingFaceId: "bigscience/bloom-560m" } }, gpus: { count: 1 } });
    await mocks.settle();
    assert.equal(zodLoaded(), true);
});

test("a lazy schema is built once and shared", async () => {
    const { vllmArgsSchema } = await import("../../../src/serving/vllm/args");
    assert.equal(vllmArgsSchema(), vllmArgsSchema());
});
