import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { planExample } from "../../support/plan";
import { exampleNames } from "./examples";
import { BASELINE_STACK, compareToBaseline, identities, readBaseline, type Baseline } from "./identities";

const UPDATE = "npx tsx --tsconfig tsconfig.test.json scripts/update-baselines.ts";

describe("every example keeps the child names and types of its recorded baseline", () => {
    for (const example of exampleNames()) {
        test(`examples/${example}`, () => {
            const baseline = readBaseline(example);
            if (!baseline)
                assert.fail(`examples/${example} has no baseline: run \`${UPDATE} ${example}\` and commit test/unit/upgrade/baselines/${example}.json`);
            const diff = compareToBaseline(baseline, planExample(`examples/${example}`, { stack: BASELINE_STACK }));
            assert.deepEqual(
                diff.replaced,
                [],
                `a library upgrade would delete or replace these running resources of examples/${example}: give the renamed or moved resource an alias (see MIGRATION.md), or if the removal is intended, document it in MIGRATION.md and run \`${UPDATE} ${example}\``,
            );
            assert.deepEqual(diff.added, [], `new resources in examples/${example}: review them and run \`${UPDATE} ${example}\``);
        });
    }
});

describe("aliases", () => {
    const plan = planExample("test/unit/upgrade/fixtures/renamed-children");
    // What the fixture's resources were called before: renamed, moved into the component, and a Secret become a ConfigMap.
    const before: Baseline = {
        example: "fixture",
        stack: "dev",
        resources: [
            "fixture:index:App::app",
            "fixture:index:App$kubernetes:core/v1:ConfigMap::app-config",
            "kubernetes:core/v1:ConfigMap::app-moved",
            "fixture:index:App$kubernetes:core/v1:Secret::app-old-secret",
        ],
    };

    test("the plan records each alias as the identity it stands for (by name, by parent, by URN)", () => {
        assert.deepEqual(
            plan.kubernetes.map((k) => [k.name, (k as { aliases?: string[] }).aliases]),
            [
                ["app-by-urn", ["fixture:index:App$kubernetes:core/v1:Secret::app-old-secret"]],
                ["app-moved", ["kubernetes:core/v1:ConfigMap::app-moved"]],
                ["app-settings", ["fixture:index:App$kubernetes:core/v1:ConfigMap::app-config"]],
            ],
        );
    });

    test("a renamed, retyped or moved child with an alias is not a replacement", () => {
        const diff = compareToBaseline(before, plan);
        assert.deepEqual(diff.replaced, []);
        assert.deepEqual(
            diff.added,
            identities(plan).filter((id) => !before.resources.includes(id)),
        );
    });

    test("without its alias, a renamed child is reported as replaced", () => {
        const withoutAliases = { ...plan, kubernetes: plan.kubernetes.map(({ aliases: _dropped, ...k }: any) => k) };
        assert.deepEqual(compareToBaseline(before, withoutAliases).replaced, [
            "fixture:index:App$kubernetes:core/v1:ConfigMap::app-config",
            "kubernetes:core/v1:ConfigMap::app-moved",
            "fixture:index:App$kubernetes:core/v1:Secret::app-old-secret",
        ]);
    });
});
