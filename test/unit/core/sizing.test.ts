import { test } from "node:test";
import assert from "node:assert/strict";
import { checkModelFits, weightGigabytes, KNOWN_MODEL_PARAMETERS } from "../../../src/core/sizing";

test("Bloom-7B1 in float16 is about 14.1 GB of weights", () => {
    assert.equal(weightGigabytes(KNOWN_MODEL_PARAMETERS["bigscience/bloom-7b1"], "float16").toFixed(1), "14.1");
});

test("Bloom-7B1 fits two 24 GiB A10s but not one 16 GiB GPU, and the message carries the numbers", () => {
    const params = KNOWN_MODEL_PARAMETERS["bigscience/bloom-7b1"];
    assert.equal(checkModelFits({ parameters: params, dtype: "float16", gpus: 2, gpuMemoryGiB: 24 }).fits, true);
    const tight = checkModelFits({ parameters: params, dtype: "float16", gpus: 1, gpuMemoryGiB: 16 });
    assert.equal(tight.fits, false);
    assert.match(tight.message, /weights 14\.1 GB/);
    assert.match(tight.message, /17\.0 GB needed/);
    assert.match(tight.message, /15\.5 GB available/);
});

test("int4 quarters the float16 footprint; fp32 doubles it", () => {
    const p = 1e9;
    assert.equal(weightGigabytes(p, "int4") * 4, weightGigabytes(p, "float16"));
    assert.equal(weightGigabytes(p, "float32"), 2 * weightGigabytes(p, "bfloat16"));
});
