import { test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";

function planError(config: Record<string, string>): string {
    try {
        planExample("examples/kserve-vllm", { config });
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error(`the plan with ${JSON.stringify(config)} should have failed`);
}

test("kserve-vllm: a bad stack value fails before anything is registered, naming the config key", () => {
    const message = planError({ region: "Hangzhou", modelBucket: "" });
    assert.match(message, /error: invalid stack configuration:/);
    assert.match(message, /kserve-vllm:region: must be a region id such as 'cn-hangzhou' or 'us-east-1'/);
    assert.match(message, /kserve-vllm:modelBucket: /);
    assert.ok(!/invalid arguments for/.test(message), "no component was constructed");
});

test("kserve-vllm: the RRSA role is required on alicloud, not on aws", () => {
    assert.match(planError({ ossRoleName: "" }), /kserve-vllm:ossRoleName: is required with cloud alicloud/);
    const onAws = planExample("examples/kserve-vllm", { config: { cloud: "aws", region: "us-east-1", ossRoleName: "" } });
    assert.equal(onAws.kubernetes.find((k) => k.object.kind === "PersistentVolume")!.object.spec.csi.driver, "s3.csi.aws.com");
});

test("kserve-vllm: a misspelt key in a stack file is an error, not silently ignored", () => {
    assert.match(planError({ modelPth: "bloom" }), /kserve-vllm:modelPth: is not a configuration key of this program/);
});
