// Requests and limits: the user's settings take effect as written, and the defaults never
// contradict them (issue 17, section 1).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { QUANTITY, parseQuantity } from "../../../src/core/quantity";
import { mergeResources, requestsAboveLimits, withBothBounds } from "../../../src/core/resources";
import { containerResources } from "../../../src/serving/common/pod";

const DEFAULTS = { requests: { cpu: "4", memory: "16Gi" }, limits: { memory: "32Gi" } };

describe("mergeResources", () => {
    test("no user settings: the defaults", () => {
        assert.deepEqual(mergeResources(DEFAULTS, undefined), { requests: { cpu: "4", memory: "16Gi" }, limits: { memory: "32Gi" } });
    });
    test("only limits: exactly those, and no default request for what they limit", () => {
        const got = mergeResources(DEFAULTS, { limits: { memory: "8Gi", cpu: "2" } });
        assert.deepEqual(got, { requests: {}, limits: { memory: "8Gi", cpu: "2" } });
        assert.deepEqual(requestsAboveLimits(got), []);
    });
    test("a request above a default limit raises that limit to it", () => {
        assert.deepEqual(mergeResources(DEFAULTS, { requests: { memory: "64Gi" } }), { requests: { cpu: "4", memory: "64Gi" }, limits: { memory: "64Gi" } });
    });
    test("the serving containers follow it, GPUs on top", () => {
        const got = containerResources({ resources: { limits: { memory: "8Gi" } } } as any, { resourceName: "nvidia.com/gpu", amount: 1, devices: 1 });
        assert.deepEqual(got, { requests: { cpu: "4", "nvidia.com/gpu": "1" }, limits: { memory: "8Gi", "nvidia.com/gpu": "1" } });
    });
});

describe("quantities", () => {
    test("the canonical forms are accepted and valued as Kubernetes does", () => {
        for (const [q, v] of [
            ["16Gi", 16 * 2 ** 30],
            ["500m", 0.5],
            ["4", 4],
            ["1.5", 1.5],
            ["1e3", 1000],
            [".5Ki", 512],
            ["2k", 2000],
        ] as const) {
            assert.ok(QUANTITY.test(q), q);
            assert.equal(parseQuantity(q), v, q);
        }
    });
    test("negative, malformed and unknown suffixes are refused", () => {
        for (const q of ["-1", "+1", "1.2.3", "8GB", "1 Gi", "Gi", "", "1e", "0x10"]) assert.equal(QUANTITY.test(q), false, q);
    });
    test("requestsAboveLimits compares values, not strings", () => {
        assert.deepEqual(requestsAboveLimits({ requests: { memory: "1Gi", cpu: "1500m" }, limits: { memory: "1024Mi", cpu: "1" } }), ["cpu"]);
    });
});

test("withBothBounds: a missing limit is the request and a missing request the limit, for the names given only", () => {
    const r = withBothBounds({ requests: { cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }, limits: { memory: "16Gi", "nvidia.com/gpu": "1" } }, [
        "cpu",
        "memory",
    ]);
    assert.deepEqual(r, { requests: { cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }, limits: { memory: "16Gi", "nvidia.com/gpu": "1", cpu: "2" } });
    assert.deepEqual(withBothBounds({ requests: {}, limits: { cpu: "500m" } }, ["cpu", "memory"]), { requests: { cpu: "500m" }, limits: { cpu: "500m" } });
    assert.deepEqual(withBothBounds({ requests: { "ephemeral-storage": "1Gi" }, limits: {} }, ["cpu"]), {
        requests: { "ephemeral-storage": "1Gi" },
        limits: {},
    });
});
