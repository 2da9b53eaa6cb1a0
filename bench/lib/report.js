// Writes BENCHMARKS.md from one run of bench/run.js. Every number in it comes from that run.
"use strict";

const ms = (v) => `${Math.round(v)} ms`;
const mib = (v) => `${Math.round(v)} MiB`;
const x = (v) => v.toFixed(3);
const verdict = (ok) => (ok ? "met" : "**missed**");

const EVAL_TARGET = 1.1;
const IMPORT_TARGET = 1.05;
const LINEAR_FACTOR = 50;

function evaluationSection(rows) {
    const out = [
        "## 1. Evaluation cost",
        "",
        "The reference stack (a namespace, an OSS model volume with its bucket, the platform and N model",
        "services) evaluated under the Pulumi SDK's mock runtime in preview mode, one process per run, as the",
        "Node.js language host runs a program (inside the root Stack, until every resource RPC is answered).",
        "`vllm`: KServeStack + N VllmInferenceServices; `ray`: KubeRayOperator + N RayLLMApps.",
        "",
        "- **library**: `bench/programs/stack-library.js`, the library compiled to dist/.",
        "- **baseline** (the physical limit): `bench/programs/stack-baseline.js`, the same custom resources with",
        "  the same inputs and options written with `@pulumi/kubernetes` and `@pulumi/alicloud` directly, no",
        "  component resources. Checked before timing (`bench/eval/verify.js`): same types, names, inputs,",
        "  dependencies, retainOnDelete, protect and timeouts.",
        "- **baseline+components**: the baseline plus the library's component resources (same types, names,",
        "  parents, outputs) and nothing else. baseline+components minus baseline is what component resources",
        "  cost the Pulumi SDK; library minus baseline+components is what the library's own code costs.",
        "",
        `Wall time is from process start to the last answered RPC; memory is peak RSS. Target: library/baseline <= ${EVAL_TARGET} at every N.`,
        "",
    ];
    for (const variant of [...new Set(rows.map((r) => r.variant))]) {
        const rs = rows.filter((r) => r.variant === variant);
        out.push(
            `### ${variant}`,
            "",
            "| N | custom resources | components | library | baseline | **ratio** | target | library RSS | baseline RSS | RSS ratio | baseline+components | library / baseline+components |",
            "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        );
        for (const r of rs) {
            out.push(
                `| ${r.n} | ${r.customResources} | ${r.components} | ${ms(r.library.wallMs)} | ${ms(r.baseline.wallMs)} | **${x(r.wallRatio)}** | ${verdict(r.wallRatio <= EVAL_TARGET)} | ` +
                    `${mib(r.library.maxRssMiB)} | ${mib(r.baseline.maxRssMiB)} | ${x(r.rssRatio)} | ${ms(r["baseline+components"].wallMs)} | ${x(r.wallRatioVsComponents)} |`,
            );
        }
        const at = (n) => rs.find((r) => r.n === n);
        const [r10, r100, r500] = [at(10), at(100), at(500)];
        if (r10 && r500) {
            out.push("", `Linearity (target: N=500 no worse than ${LINEAR_FACTOR} x N=10):`, "");
            for (const who of ["library", "baseline"]) {
                const f = r500[who].wallMs / r10[who].wallMs;
                const slope = (a, b) => (b[who].wallMs - a[who].wallMs) / (b.n - a.n);
                const slopes = r100 ? `; per added service ${slope(r10, r100).toFixed(2)} ms (N 10 -> 100), ${slope(r100, r500).toFixed(2)} ms (N 100 -> 500)` : "";
                out.push(`- ${who}: N=500 is ${f.toFixed(2)} x N=10 (${verdict(f <= LINEAR_FACTOR)})${slopes}`);
            }
        }
        out.push("");
    }
    return out;
}

function importSection(r) {
    return [
        "## 2. Import cost",
        "",
        "Start-up of `node` running one `require`, from process start to the end of the require",
        "(`bench/import/child.js`): `require(\"pulumi-llm-serving/kubernetes\")` (dist/) against",
        `\`require("@pulumi/kubernetes")\`, interleaved, medians of ${r.runs} runs each. Target: <= ${IMPORT_TARGET}, and no`,
        "`@pulumi/aws` / `@pulumi/alicloud` module in `require.cache` (asserted by the script, and by",
        "`test/unit/core/entry-points.test.ts` without timing).",
        "",
        "| | start-up | of which the require | peak RSS |",
        "|---|---:|---:|---:|",
        `| pulumi-llm-serving/kubernetes | ${ms(r.library.wallMs)} | ${ms(r.library.requireMs)} | ${mib(r.library.maxRssMiB)} |`,
        `| @pulumi/kubernetes | ${ms(r.baseline.wallMs)} | ${ms(r.baseline.requireMs)} | ${mib(r.baseline.maxRssMiB)} |`,
        `| **ratio** | **${x(r.wallRatio)}** (${verdict(r.wallRatio <= IMPORT_TARGET)}) | | ${x(r.rssRatio)} |`,
        `| for comparison: @pulumi/kubernetes, then zod | ${ms(r.zod.wallMs)} (${x(r.zodRatio)}) | ${ms(r.zod.requireMs)} | ${mib(r.zod.maxRssMiB)} |`,
        "",
        `@pulumi/aws or @pulumi/alicloud modules loaded by the library's entry point: ${r.cloudSdkModules}.`,
        "",
    ];
}

function applySection(r) {
    if (!r.ran) return ["## 3. Apply time", "", `Not run: ${r.reason}.`, ""];
    return ["## 3. Apply time", "", ...r.lines, ""];
}

function planSection(rows) {
    return [
        "## 4. Offline plan",
        "",
        `\`node dist/plan/cli.js examples/<name> --out <tmp>\`, whole command (node start-up, TypeScript loader, evaluation, YAML), medians of ${rows[0]?.runs ?? 0} interleaved runs (an example that fails, e.g. because it needs a layer not yet in dist/, is listed with its error); peak RSS from \`/usr/bin/time\`.`,
        "",
        "| example | wall time | peak RSS | plan |",
        "|---|---:|---:|---|",
        ...rows.map((r) => (r.failed ? `| ${r.example} | - | - | failed: \`${r.failed.replace(/\|/g, "\\|")}\` |` : `| ${r.example} | ${ms(r.wallMs)} | ${mib(r.maxRssMiB)} | ${r.summary} |`)),
        "",
    ];
}

function render({ machine, command, evaluation, imports, apply, plan, notes }) {
    const out = [
        "# Benchmarks",
        "",
        "Written by `npm run bench` (bench/run.js); do not edit by hand. Ratios are measured side by side in",
        "one run, the programs interleaved (A B C, B C A, ...), and reported as ratios of medians: the",
        "machines are noisy, absolute times are only indicative.",
        "",
        `- command: \`${command}\``,
        `- machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB memory, ${machine.os}`,
        `- node ${machine.node}; load average at the start ${machine.loadAverage}`,
        `- commit ${machine.commit}, ${machine.date}`,
        "",
    ];
    if (evaluation) out.push(...evaluationSection(evaluation));
    if (imports) out.push(...importSection(imports));
    if (apply) out.push(...applySection(apply));
    if (plan) out.push(...planSection(plan));
    if (notes) out.push(...notes);
    return out.join("\n");
}

module.exports = { render, EVAL_TARGET, IMPORT_TARGET };
