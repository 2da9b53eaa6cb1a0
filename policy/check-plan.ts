#!/usr/bin/env node
/**
 * Runs the pack on an offline plan, for teams without cloud credentials in CI:
 *
 *   npx llm-serving-plan examples/kserve-vllm --stack prod --out out/kserve-vllm-prod
 *   npx tsx policy/check-plan.ts out/kserve-vllm-prod [--policy-config policy/config/dev.json]
 *
 * Prints every finding; exits 1 when a mandatory rule is violated. Unlike `pulumi preview`, it
 * sees each resource's retainOnDelete (the plan records it), but no dependencies between resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Finding } from "./offline/run";
import { checkResources, mandatory } from "./offline/run";
import type { PlanJson } from "./offline/plan-resources";
import { planResources } from "./offline/plan-resources";
import { policies } from "./policies";

async function main(): Promise<number> {
    const { values, positionals } = parseArgs({ allowPositionals: true, options: { "policy-config": { type: "string" } } });
    if (positionals.length !== 1) {
        console.error("usage: check-plan <plan-dir> [--policy-config file.json]");
        return 2;
    }
    const plan = JSON.parse(fs.readFileSync(path.join(positionals[0], "plan.json"), "utf8")) as PlanJson;
    const config = values["policy-config"] ? JSON.parse(fs.readFileSync(values["policy-config"], "utf8")) : {};
    const result = await checkResources(planResources(plan), policies, config);
    const line = (f: Finding) => `  [${f.enforcementLevel}] ${f.policy}${f.resource ? ` ${f.resource}` : ""}: ${f.message}`;
    console.log(`${plan.project} (${plan.stack}): ${result.violations.length} violation(s), ${mandatory(result).length} mandatory`);
    result.violations.forEach((f) => console.log(line(f)));
    if (result.unknown.length > 0) console.log("could not run (values known only after deploy):", ...result.unknown.map((f) => `\n${line(f)}`));
    return mandatory(result).length > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err);
        process.exit(1);
    },
);
