// The offline plan of the root project (what `npm run demo` writes for dev), for every stack:
// schema-valid Kubernetes objects, the whole policy pack, byte-identical reruns.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../../policy/policies";
import { planResources, type PlanJson } from "../../../policy/offline/plan-resources";
import { checkResources, mandatory, type Finding } from "../../../policy/offline/run";
import { unexpectedFindings } from "../policy/support";
import { assertValidKubeObjects, REPO_ROOT } from "../../support/kube-schema";
import { planExample, type PlanRun } from "../../support/plan";

const devPolicyConfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy/config/dev.json"), "utf8"));
const show = (findings: Finding[]) => findings.map((f) => `${f.policy} ${f.resource}: ${f.message}`).join("\n");

for (const stack of ["dev", "staging", "prod"]) {
    describe(`root project, stack ${stack}`, () => {
        let plan: PlanRun;
        test("plans offline: cloud, Helm and Kubernetes layers", () => {
            plan = planExample(".", { stack });
            assert.ok(plan.cloud.some((c) => c.type === "aws:eks/cluster:Cluster"));
            assert.ok(plan.helmReleases.some((h) => h.name === "kserve-kserve"));
            assert.ok(plan.kubernetes.some((k) => k.object.kind === "InferenceService"));
        });

        test("every Kubernetes object validates against its schema", () => {
            assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
        });

        test("the policy pack: no mandatory violation (prod: none at all but the known advisory gaps), every rule could run", async () => {
            const result = await checkResources(
                planResources(JSON.parse(plan.text["plan.json"]) as PlanJson),
                policies,
                stack === "dev" ? devPolicyConfig : {},
            );
            const found = stack === "dev" ? mandatory(result) : unexpectedFindings(result.violations);
            assert.deepEqual(found, [], show(found));
            assert.deepEqual(result.unknown, [], `rules that could not run: ${show(result.unknown)}`);
        });
    });
}

test("two plans of the dev stack are byte-identical", () => {
    const a = planExample(".", { stack: "dev" });
    const b = planExample(".", { stack: "dev" });
    for (const file of Object.keys(a.text)) assert.equal(b.text[file], a.text[file], file);
});
