import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { structuredPatch } from "diff";
import { planExample } from "../../support/plan";
import { exampleNames } from "../upgrade/examples";

/** Lines a unified diff of `before` -> `after` removes and adds. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
    const lines = structuredPatch("before", "after", before, after, "", "", { context: 0 }).hunks.flatMap((h) => h.lines);
    return { removed: lines.filter((l) => l.startsWith("-")), added: lines.filter((l) => l.startsWith("+")) };
}

describe("the offline plan is deterministic, so it can be committed and diffed in review", () => {
    for (const example of exampleNames()) {
        test(`examples/${example}: two runs write byte-identical files`, () => {
            const first = planExample(`examples/${example}`);
            const second = planExample(`examples/${example}`);
            assert.deepEqual(Object.keys(second.text).sort(), Object.keys(first.text).sort());
            for (const file of Object.keys(first.text)) assert.equal(second.text[file], first.text[file], `${example}/${file} differs between runs`);
        });
    }
});

test("a one-line config change gives a one-line diff of kubernetes.yaml", () => {
    const before = planExample("examples/kserve-vllm");
    const after = planExample("examples/kserve-vllm", { config: { modelPath: "bloom-1b1" } });
    assert.deepEqual(changedLines(before.text["kubernetes.yaml"], after.text["kubernetes.yaml"]), {
        removed: ["-      storageUri: pvc://models-80c8f241/bloom-560m"],
        added: ["+      storageUri: pvc://models-80c8f241/bloom-1b1"],
    });
});

test("a changed GPU resource name shows as exactly the request and the limit", () => {
    const before = planExample("examples/kserve-vllm");
    const after = planExample("examples/kserve-vllm", { config: { gpuResourceName: "amd.com/gpu" } });
    assert.deepEqual(changedLines(before.text["kubernetes.yaml"], after.text["kubernetes.yaml"]), {
        removed: ['-          nvidia.com/gpu: "1"', '-          nvidia.com/gpu: "1"'],
        added: ['+          amd.com/gpu: "1"', '+          amd.com/gpu: "1"'],
    });
});
