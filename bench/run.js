#!/usr/bin/env node
// npm run bench: builds dist/, runs the benchmarks and writes BENCHMARKS.md.
//
//   node bench/run.js [--runs 5] [--warmup 2] [--sizes 1,10,100,500] [--only eval,import,apply,plan]
//                     [--skip-build] [--out BENCHMARKS.md]
//
// With --only, the sections of the suites not run are kept from the file as it was (each marked).
//
// Do not run it while tests run in the same shell: ratios are measured side by side, but 2 cores
// are easily saturated.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { spawnSync } = require("node:child_process");
const { machine } = require("./lib/machine");
const { render } = require("./lib/report");
const { analysis } = require("./lib/analysis");
const { runEvaluation } = require("./eval/suite");
const { runImport } = require("./import/suite");
const { runApply } = require("./apply/suite");
const { runPlan } = require("./plan/suite");

const ROOT = path.join(__dirname, "..");
const { values } = parseArgs({
    options: {
        runs: { type: "string", default: "5" },
        warmup: { type: "string", default: "2" },
        sizes: { type: "string", default: "1,10,100,500" },
        only: { type: "string", default: "eval,import,apply,plan" },
        "skip-build": { type: "boolean", default: false },
        out: { type: "string", default: "BENCHMARKS.md" },
    },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const sizes = values.sizes.split(",").map(Number);
const only = new Set(values.only.split(","));
const log = (line) => console.log(line);
const extra = process.argv.slice(2);
const command = extra.length > 0 ? `npm run bench -- ${extra.join(" ")}` : "npm run bench";

if (!values["skip-build"]) {
    log("building dist/ (npm run build)");
    const res = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
}
const m = machine();
log(`machine: ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, load ${m.loadAverage}`);

const results = { machine: m, command };
if (only.has("eval")) results.evaluation = runEvaluation({ sizes, runs, warmup, log });
if (only.has("import")) results.imports = runImport({ runs: Math.max(runs * 3, 9), warmup, log });
if (only.has("apply")) results.apply = runApply({ runs, log });
if (only.has("plan")) results.plan = runPlan({ runs, log });
results.notes = analysis(results.evaluation, results.imports);

const out = path.resolve(ROOT, values.out);
// A run of some of the suites keeps the other sections of the file, marked as from an earlier run.
const partial = ["eval", "import", "apply", "plan"].some((suite) => !only.has(suite));
const previous = partial && fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined;
fs.writeFileSync(out, render(results, previous) + "\n");
fs.mkdirSync(path.join(ROOT, "out"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "out/benchmarks.json"), JSON.stringify(results, null, 2) + "\n");
log(`wrote ${path.relative(ROOT, out)} (raw results: out/benchmarks.json)`);
