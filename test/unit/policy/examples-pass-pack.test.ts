import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../../policy/policies";
import { planResources, type PlanJson } from "../../../policy/offline/plan-resources";
import { checkResources, mandatory, type Finding } from "../../../policy/offline/run";
import { planExample } from "../../support/plan";
import { REPO_ROOT } from "../../support/kube-schema";
import { exampleFile, exampleNames } from "../upgrade/examples";
import { unexpectedFindings } from "./support";

const devConfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy/config/dev.json"), "utf8"));
const show = (findings: Finding[]) => findings.map((f) => `${f.policy} ${f.resource}: ${f.message}`).join("\n");

async function check(example: string, stack: string, config = {}) {
    const plan = planExample(`examples/${example}`, { stack });
    return checkResources(planResources(JSON.parse(plan.text["plan.json"]) as PlanJson), policies, config);
}

/** The pack's rules, in order, with the level each has unless the pack config changes it. */
const RULES = {
    "buckets-private-encrypted": "mandatory",
    "no-static-cloud-keys": "mandatory",
    "no-plain-credentials": "mandatory",
    "gpus-match-parallelism": "mandatory",
    "shm-for-parallelism": "mandatory",
    "no-duplicate-flags": "mandatory",
    "images-pinned": "mandatory",
    "charts-over-tls": "mandatory",
    "serving-pod-limits": "mandatory",
    "pod-security": "mandatory",
    "pod-hardening": "mandatory",
    "stateful-retained": "mandatory",
    "namespaces-retained": "mandatory",
    "volumes-reclaim-retain": "mandatory",
    "nodes-imdsv2": "mandatory",
    "api-server-allowlist": "mandatory",
    "no-open-cidrs": "mandatory",
} as const;

test("the pack's rules are uniquely named, described, and at their documented levels", () => {
    assert.deepEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])), RULES);
    assert.deepEqual(
        policies.map((p) => p.name),
        Object.keys(RULES),
    );
    assert.ok(policies.every((p) => p.description.length > 0));
});

for (const example of exampleNames()) {
    describe(`examples/${example} passes the whole pack`, () => {
        test("prod stack: no violation at any level (but the known advisory gaps), and every rule could run", async () => {
            if (!fs.existsSync(exampleFile(example, "Pulumi.prod.yaml"))) {
                assert.fail(`examples/${example} has no Pulumi.prod.yaml: add the production stack's configuration (see docs/environments.md)`);
            }
            const result = await check(example, "prod");
            assert.deepEqual(unexpectedFindings(result.violations), [], show(unexpectedFindings(result.violations)));
            assert.deepEqual(result.unknown, [], `rules that could not run: ${show(result.unknown)}`);
        });

        test("dev stack, with policy/config/dev.json: no mandatory violation", async () => {
            const result = await check(example, "dev", devConfig);
            assert.deepEqual(mandatory(result), [], show(mandatory(result)));
            assert.deepEqual(result.unknown, [], `rules that could not run: ${show(result.unknown)}`);
            // Only what dev.json relaxes may be reported, as advisory.
            assert.deepEqual(
                unexpectedFindings(result.violations, ["api-server-allowlist"]),
                [],
                show(unexpectedFindings(result.violations, ["api-server-allowlist"])),
            );
        });
    });
}
