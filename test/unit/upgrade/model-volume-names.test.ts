// What an existing stack sees of ModelBucketVolume's `volumeNames` (issue 17 §8) when it upgrades:
// the baselines test checks the Pulumi identities (`models-pv`, `models-pvc`), which never change;
// this one checks the Kubernetes object names, whose change Pulumi plans as a replacement.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";
import { BASELINE_STACK } from "./identities";

/** The PersistentVolume and claim names earlier releases created (`<namespace>-<name>`, `<name>`), by Pulumi name. */
const RELEASED: Record<string, Record<string, string>> = {
    "eks-vllm": { "models-pv": "llm-models", "models-pvc": "models" },
    "ack-deepspeed-bloom": { "bloom-models-pv": "llm-bloom-models", "bloom-models-pvc": "bloom-models" },
    "triton-vllm": { "models-pv": "llm-models", "models-pvc": "models" },
    "triton-fastertransformer": { "bloom-models-pv": "llm-bloom-models", "bloom-models-pvc": "bloom-models" },
    "kserve-vllm": { "models-pv": "llm-models", "models-pvc": "models" },
};

function volumeNames(example: string): Record<string, string> {
    const plan = planExample(`examples/${example}`, { stack: BASELINE_STACK });
    return Object.fromEntries(plan.kubernetes.filter((k) => /^PersistentVolume(Claim)?$/.test(k.object.kind)).map((k) => [k.name, k.object.metadata.name]));
}

describe("upgrading: the model volume's object names", () => {
    for (const example of ["eks-vllm", "ack-deepspeed-bloom", "triton-vllm", "triton-fastertransformer"]) {
        test(`examples/${example} (volumeNames unset, so 'fixed'): the released names, so its next up changes neither the PV nor the claim`, () => {
            assert.deepEqual(volumeNames(example), RELEASED[example]);
        });
    }

    test("examples/kserve-vllm opted in to volumeNames 'content': its first up replaces the pair once (new names, same Pulumi children), then only a source change does", () => {
        const now = volumeNames("kserve-vllm");
        assert.deepEqual(Object.keys(now), Object.keys(RELEASED["kserve-vllm"]));
        for (const [child, released] of Object.entries(RELEASED["kserve-vllm"])) assert.notEqual(now[child], released);
        assert.deepEqual(now, { "models-pv": "llm-models-80c8f241", "models-pvc": "models-80c8f241" });
    });
});
