// Writes BENCHMARKS.md from one run of bench/run.js. Every number in it comes from that run, except the
// "before" column of "Before and after" (bench/lib/history.js, a kept earlier run).
"use strict";
const { beforeAfter } = require("./history");

const ms = (v) => `${Math.round(v)} ms`;
const mib = (v) => `${Math.round(v)} MiB`;
const x = (v) => v.toFixed(3);
const verdict = (ok) => (ok ? "met" : "**missed**");

/** Evaluation targets (issue 14): <= 1.15 at N=1, where zod's load is the fixed cost; <= 1.10 at N >= 10. */
const evalTarget = (n) => (n === 1 ? 1.15 : 1.1);
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
        "- **baseline** (the physical limit): `bench/programs/stack-baseline.js`, a hand-written program that",
        "  registers exactly the library's resources with `@pulumi/pulumi`, `@pulumi/kubernetes` and",
        "  `@pulumi/alicloud` directly: the same custom resources with the same inputs and options, and the same",
        "  component resources (`new pulumi.ComponentResource` with the library's types, names, parents and",
        "  outputs). Checked before timing (`bench/eval/verify.js`): same types, names, parents, inputs,",
        "  dependencies, retainOnDelete, protect and timeouts.",
        "- **custom resources only**: the baseline without its component resources. It is not the same",
        "  program: the parent's type is part of every child's URN, so each child would have another URN and",
        "  `pulumi preview` would list other resources. It is timed to show what component resources cost the",
        "  Pulumi SDK (baseline minus this). Until commit 735c6a3 this was the ratio's denominator; the last",
        "  column keeps that ratio.",
        "",
        `Wall time is from process start to the last answered RPC; memory is peak RSS. Target: library/baseline <= ${evalTarget(1)} at N=1 and <= ${evalTarget(10)} at N = 10, 100, 500.`,
        "On this machine the wall time of identical runs moves by hundreds of milliseconds, and slow periods",
        "last longer than one run. The verdict is therefore on the **paired ratio**: the median over rounds of",
        "library / baseline within the round (the two ran seconds apart). The ratio of the two medians is",
        "beside it, and CPU time (user + system of the whole process). Raw samples: out/benchmarks.json.",
        `Each (variant, N) starts with ${rows[0]?.warmup ?? 0} untimed rounds of the three programs, discarded (bench/lib/stats.js says why).`,
        "",
    ];
    for (const variant of [...new Set(rows.map((r) => r.variant))]) {
        const rs = rows.filter((r) => r.variant === variant);
        out.push(
            `### ${variant}`,
            "",
            "| N | custom resources | components | library | baseline | ratio of medians | **paired ratio** | target | CPU time ratio | library RSS | baseline RSS | RSS ratio | custom resources only | library / custom resources only |",
            "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
        );
        for (const r of rs) {
            out.push(
                `| ${r.n} | ${r.customResources} | ${r.components} | ${ms(r.library.wallMs)} | ${ms(r.baseline.wallMs)} | ${x(r.wallRatio)} | **${x(r.pairedWallRatio)}** | ${verdict(r.pairedWallRatio <= evalTarget(r.n))} | ${r.cpuRatio === undefined ? "" : x(r.cpuRatio)} | ` +
                    `${mib(r.library.maxRssMiB)} | ${mib(r.baseline.maxRssMiB)} | ${x(r.rssRatio)} | ${ms(r.customOnly.wallMs)} | ${x(r.wallRatioVsCustomOnly)} |`,
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
        "Start-up of `node` that requires an entry point and reads one class from it, as a program that uses",
        "it does (`import { X } from ...; new X(...)` compiles to `require(...).X`), from process start to the",
        "end of the read (`bench/import/child.js`), the two sides interleaved, medians of " + `${r.runs} runs each (after ${r.warmup ?? 0} untimed rounds):`,
        "",
        "- **library**: `require(\"pulumi-llm-serving/kubernetes\").VllmInferenceService` (dist/). The entry point",
        "  loads the core (schemas, validation, scheduling, registration) and each component's module on first",
        "  access, as Pulumi's SDKs do: this loads the vLLM component, its argument schemas and the shared",
        "  serving code.",
        "- **baseline**: `require(\"@pulumi/kubernetes\").apps.v1.Deployment`: the SDK and, through its own lazy",
        "  modules, one resource class.",
        "",
        `Target: <= ${IMPORT_TARGET}, and no \`@pulumi/aws\` / \`@pulumi/alicloud\` module in \`require.cache\` (asserted by the`,
        "script, and by `test/unit/core/entry-points.test.ts` without timing).",
        "",
        "| | start-up | of which the require | CPU time | peak RSS |",
        "|---|---:|---:|---:|---:|",
        `| pulumi-llm-serving/kubernetes, VllmInferenceService | ${ms(r.library.wallMs)} | ${ms(r.library.requireMs)} | ${ms(r.library.cpuMs)} | ${mib(r.library.maxRssMiB)} |`,
        `| @pulumi/kubernetes, apps.v1.Deployment | ${ms(r.baseline.wallMs)} | ${ms(r.baseline.requireMs)} | ${ms(r.baseline.cpuMs)} | ${mib(r.baseline.maxRssMiB)} |`,
        `| ratio of medians | ${x(r.wallRatio)} | | ${x(r.cpuRatio)} | ${x(r.rssRatio)} |`,
        `| **paired ratio** (median of per-round ratios, as in section 1) | **${x(r.pairedWallRatio)}** (${verdict(r.pairedWallRatio <= IMPORT_TARGET)}) | | | |`,
        `| for comparison: the baseline, then zod | ${ms(r.validator.wallMs)} (${x(r.validatorRatio)}; paired ${x(r.pairedValidatorRatio)}) | ${ms(r.validator.requireMs)} | ${ms(r.validator.cpuMs)} (${x(r.validator.cpuMs / r.baseline.cpuMs)}) | ${mib(r.validator.maxRssMiB)} |`,
        `| for comparison: the library, all ${r.components} component classes read | ${ms(r.everyComponent.wallMs)} (${x(r.everyComponentRatio)}) | ${ms(r.everyComponent.requireMs)} | ${ms(r.everyComponent.cpuMs)} (${x(r.everyComponent.cpuMs / r.baseline.cpuMs)}) | ${mib(r.everyComponent.maxRssMiB)} |`,
        "",
        "The target is on start-up (wall time), judged on the paired ratio. CPU time is the process's user +",
        "system time, medians too.",
        "",
        `@pulumi/aws or @pulumi/alicloud modules loaded by the library's entry point: ${r.cloudSdkModules}.`,
        "",
        "Where the time goes (`node --cpu-prof` with `bench/tools/profile-summary.js`, and each module's",
        "require timed in-process after @pulumi/kubernetes). The entry point loads the core and, on first",
        "access, the component read (for vLLM, 12 modules; since commit ca2c253, before which it loaded every",
        "module). RayLLMApp writes serveConfigV2 with js-yaml, which @pulumi/pulumi loads anyway; `yaml` is",
        "loaded only by the offline plan command. The argument schemas are zod's (issue 14), built lazily:",
        "neither the entry point nor a component's module loads zod; the first construction requires it and",
        "builds the schemas it needs, once (`src/core/zod.ts`). So importing and reading a class costs the",
        "component's own modules only; zod's load (the row \"then zod\") moves into the evaluation. The last row is what a",
        "program that uses every component loads: all of the library's modules.",
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

/** "## Title" sections of a BENCHMARKS.md text, in order: the header first (title ""). */
function sections(text) {
    const out = [];
    for (const chunk of text.split(/^(?=## )/m)) {
        const title = chunk.startsWith("## ") ? chunk.slice(0, chunk.indexOf("\n") === -1 ? undefined : chunk.indexOf("\n")) : "";
        out.push({ title, text: chunk.replace(/\n+$/, "\n") });
    }
    return out;
}

const KEPT = /^_Not re-run: kept from (.*?)\._$/m;

/**
 * A run of some of the suites (`--only`) keeps the other sections of the previous file, each marked
 * with the run it comes from (the first run that wrote it), in the previous order.
 */
function keepPrevious(text, previous) {
    const fresh = sections(text);
    const titles = new Set(fresh.map((s) => s.title));
    const prev = sections(previous);
    const header = prev[0]?.text ?? "";
    const commit = header.match(/^- commit (.*)$/m)?.[1] ?? "an earlier run";
    const out = [fresh[0].text];
    for (const s of prev.slice(1)) {
        if (titles.has(s.title)) {
            out.push(fresh.find((f) => f.title === s.title).text);
            continue;
        }
        const from = s.text.match(KEPT)?.[1] ?? `the run of commit ${commit}`;
        const [first, ...rest] = s.text.replace(KEPT, "").replace(/\n{3,}/g, "\n\n").split("\n");
        while (rest[0] === "") rest.shift();
        out.push([first, "", `_Not re-run: kept from ${from}._`, "", ...rest].join("\n"));
    }
    for (const f of fresh.slice(1)) if (!prev.some((s) => s.title === f.title)) out.push(f.text);
    return out.map((t) => t.replace(/\n+$/, "")).join("\n\n");
}

function render(results, previous) {
    const text = renderRun(results);
    return previous ? keepPrevious(text, previous) : text;
}

function renderRun({ machine, command, evaluation, imports, apply, plan, notes }) {
    const out = [
        "# Benchmarks",
        "",
        "Written by `npm run bench` (bench/run.js); do not edit by hand. Ratios are measured side by side in",
        "one run, the programs interleaved (A B C, B C A, ...), as medians: the machines are noisy, absolute",
        "times are only indicative. The evaluation and import verdicts are on paired ratios (section 1).",
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
    out.push(...beforeAfter(evaluation, imports));
    return out.join("\n");
}

module.exports = { render, keepPrevious, evalTarget, IMPORT_TARGET };
