// What an existing stack sees of ModelBucketVolume's `volumeNames` (issue 17 §8) when it upgrades:
// the baselines test checks the Pulumi identities (`models-pv`, `models-pvc`), which never change;
// this one checks the Kubernetes object names, whose change Pulumi plans as a replacement. 0.1.0
// named them `fixed`; `content` is now the default, so each example's pair is replaced once
// (MIGRATION.md). `volumeNames: "fixed"` keeping 0.1.0's names is tested in
// test/unit/storage/model-bucket-volume-names.test.ts.
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
    for (const example of Object.keys(RELEASED)) {
        test(`examples/${example} (volumeNames unset, now 'content'): new object names under the same Pulumi children, so the next up replaces the pair once`, () => {
            const now = volumeNames(example);
            assert.deepEqual(Object.keys(now).sort(), Object.keys(RELEASED[example]).sort(), "the Pulumi children keep their names");
            for (const [child, released] of Object.entries(RELEASED[example])) {
                assert.notEqual(now[child], released, child);
                assert.match(now[child], new RegExp(`^${released}-[0-9a-f]{8}$`), child);
            }
        });
    }

    test("examples/kserve-vllm: the names are a function of the source (a baseline: a change here replaces every stack's pair)", () => {
        assert.deepEqual(volumeNames("kserve-vllm"), { "models-pv": "llm-models-80c8f241", "models-pvc": "models-80c8f241" });
    });
});
