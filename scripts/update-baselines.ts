/**
 * Records the resource identities (type, name, parent chain) of every example's offline plan
 * in test/unit/upgrade/baselines/, which the upgrade test compares against. Review the diff it
 * leaves: a line gone is a resource the engine would delete or replace on upgrade (add an alias
 * and a MIGRATION.md entry instead, unless the removal is intended).
 *
 *   npx tsx --tsconfig tsconfig.test.json scripts/update-baselines.ts [example ...]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planExample } from "../test/support/plan";
import { BASELINE_STACK, baselineFile, baselineText } from "../test/unit/upgrade/identities";
import { exampleNames } from "../test/unit/upgrade/examples";

const wanted = process.argv.slice(2);
for (const example of wanted.length > 0 ? wanted : exampleNames()) {
    const plan = planExample(`examples/${example}`, { stack: BASELINE_STACK });
    const file = baselineFile(example);
    const text = baselineText(example, plan);
    const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(
        `${example}: ${before === text ? "unchanged" : before === "" ? "new baseline" : "UPDATED, review the diff"} (${path.relative(process.cwd(), file)})`,
    );
}
