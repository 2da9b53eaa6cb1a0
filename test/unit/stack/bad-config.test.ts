// Bad stack values fail before anything is registered, each named by its config key: schema
// problems (loadConfig) and the components' own cross-field checks alike.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mockStack, programError } from "./support";

const mocks = mockStack("dev");
after(() => assert.deepEqual(mocks.registered, [], "nothing is registered when the configuration is refused"));

const vllm = (name: string, extra: Record<string, unknown> = {}) => ({ name, server: "vllm", model: { source: { path: name } }, ...extra });
const models = (...entries: unknown[]) => ({ models: JSON.stringify(entries) });

/** `key: reason` of every problem. */
async function problems(overrides: Record<string, string>, stack = "dev"): Promise<string[]> {
    const err = await programError(stack, overrides);
    assert.match(err.message, /^invalid stack configuration:/);
    return err.errors.map((e) => `${e.propertyPath}: ${e.reason}`);
}

test("a model's GPUs against its parallelism: the component's own check, at the model's config key", async () => {
    const found = await problems(models(vllm("a"), vllm("b", { parallelism: { tensor: 2 }, gpus: { count: 1 } })));
    assert.deepEqual(found, ["llm-platform:models[1].gpus.count: must equal the parallel world size (2), got 1"]);
});

test("schema problems inside a model: a wrong value, an unknown field, a pool the cluster lacks, a name used twice", async () => {
    const found = await problems(models(vllm("a", { model: { source: { path: "a" }, dtype: "fp8" } }), vllm("a", { replica: 2, pool: "h100" })));
    assert.ok(
        found.some((p) => p.startsWith("llm-platform:models[0].model.dtype: ")),
        found.join("\n"),
    );
    assert.ok(found.includes("llm-platform:models[1].replica: is not a known field"), found.join("\n"));
    assert.ok(found.includes("llm-platform:models[1].pool: is not a GPU pool of the cluster (pools: l4)"), found.join("\n"));
    assert.ok(found.includes("llm-platform:models[1].name: is already the name of models[0]"), found.join("\n"));
});

test("a model source: exactly one of a path in the bucket or the engine's other sources", async () => {
    const found = await problems(models(vllm("a", { model: { source: { path: "a", huggingFaceId: "org/model" } } })));
    assert.deepEqual(found, ["llm-platform:models[0].model.source: give exactly one of path, storageUri or huggingFaceId"]);
});

test("a Ray model that needs more GPUs per pod than its worker group has, named at the Ray model", async () => {
    const ray = { name: "r", server: "ray", workerGroups: [{ name: "gpu" }], models: [{ id: "m", source: { path: "m" }, engine: { tensorParallelSize: 2 } }] };
    const found = await problems(models(ray));
    assert.ok(
        found.some((p) => p.startsWith("llm-platform:models[0].models[0].engine.tensorParallelSize: ")),
        found.join("\n"),
    );
});

test("the cluster, the model volume and the platforms: their components' checks at their keys", async () => {
    const dev = {
        cloud: "aws",
        region: "us-east-1",
        network: { zones: ["us-east-1a", "us-east-1b"] },
        systemPool: { minSize: 3, maxSize: 2 },
        gpuPools: [{ name: "l4", instanceTypes: ["g6.2xlarge"] }],
    };
    const found = await problems({
        cluster: JSON.stringify({ create: dev }),
        modelVolume: JSON.stringify({ bucket: { name: "Models_Bucket" }, oss: {} }),
        kserve: JSON.stringify({ keda: "yes" }),
    });
    assert.ok(
        found.some((p) => p.startsWith("llm-platform:kserve.keda: ")),
        found.join("\n"),
    );
    // Cross-field checks run once the schema accepts every key.
    const later = await problems({
        cluster: JSON.stringify({ create: dev }),
        modelVolume: JSON.stringify({ bucket: { name: "Models_Bucket" }, oss: {} }),
    });
    assert.ok(
        later.some((p) => p.startsWith("llm-platform:cluster.create.systemPool.")),
        later.join("\n"),
    );
    assert.ok(
        later.some((p) => p.startsWith("llm-platform:modelVolume.bucket.name: S3 bucket names")),
        later.join("\n"),
    );
    assert.ok(later.includes("llm-platform:modelVolume.oss: OSS settings apply to cloud 'alicloud' only"), later.join("\n"));
});

test("a cluster is created or existing, not both; install: false only on an existing cluster", async () => {
    const both = await problems({ cluster: JSON.stringify({ create: { cloud: "aws", region: "us-east-1", gpuPools: [] }, existing: { gpuPools: [] } }) });
    assert.ok(both.includes("llm-platform:cluster: give exactly one of create or existing"), both.join("\n"));
    const install = await problems({ kuberay: JSON.stringify({ install: false }) });
    assert.deepEqual(install, ["llm-platform:kuberay.install: a new cluster runs no platform yet: install: false only applies to cluster.existing"]);
});

test("an existing cluster needs the bucket's cloud and region", async () => {
    const found = await problems({ cluster: JSON.stringify({ existing: { gpuPools: [{ name: "gpu" }] } }) });
    assert.deepEqual(found, [
        "llm-platform:modelVolume.cloud: is required on an existing cluster (alicloud or aws)",
        "llm-platform:modelVolume.region: is required on an existing cluster",
    ]);
});

test("a misspelt key in a stack file is an error, not silently ignored", async () => {
    const found = await problems({ modelz: "[]" });
    assert.ok(
        found.some((p) => p.startsWith("llm-platform:modelz: is not a configuration key of this program")),
        found.join("\n"),
    );
});
