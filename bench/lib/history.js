// Earlier runs kept so that BENCHMARKS.md shows them beside this run's paired ratios. Each is the
// run's own BENCHMARKS.md, at the commit named: these numbers are copied, not measured by this run.
"use strict";

const KEPT = [
    {
        label: "zod, eager",
        what: "zod 4.6.7 schemas built at module load (BENCHMARKS.md at 48fd8c1: the code of de8594b, `npm run bench -- --runs 7 --skip-build`)",
        evaluation: { vllm: { 1: 1.11, 10: 1.057, 100: 1.081, 500: 1.075 }, ray: { 1: 1.118, 10: 1.077, 100: 1.103, 500: 1.1 } },
        importRatio: 1.106,
    },
    {
        label: "valibot",
        what: "valibot 1.5.0 schemas (BENCHMARKS.md at bc1a8a3: the code of 901fda2, `npm run bench -- --only eval,import --runs 9 --skip-build`)",
        evaluation: { vllm: { 1: 1.049, 10: 1.076, 100: 1.055, 500: 1.055 }, ray: { 1: 1.053, 10: 1.013, 100: 1.013, 500: 1.05 } },
        importRatio: 1.046,
    },
];

/** "Before and after" lines: the kept runs beside this run's paired ratios (only what this run measured). */
function beforeAfter(evaluation, imports) {
    const cells = (pick) => KEPT.map((run) => (pick(run) === undefined ? "" : pick(run).toFixed(3))).join(" | ");
    const rows = [];
    for (const r of evaluation ?? []) {
        rows.push(`| evaluation, ${r.variant}, N=${r.n} | ${cells((run) => run.evaluation[r.variant]?.[r.n])} | ${r.pairedWallRatio.toFixed(3)} |`);
    }
    if (imports) rows.push(`| import | ${cells((run) => run.importRatio)} | ${imports.pairedWallRatio.toFixed(3)} |`);
    if (rows.length === 0) return [];
    return [
        "## Before and after",
        "",
        "Paired ratios, library / baseline. This run: zod 4.6.7 schemas built lazily (issue 14: the design card",
        "names zod). Kept runs:",
        ...KEPT.map((run) => `- ${run.label}: ${run.what}.`),
        "",
        `| | ${KEPT.map((run) => run.label).join(" | ")} | zod, lazy (this run) |`,
        `|---|${KEPT.map(() => "---:").join("|")}|---:|`,
        ...rows,
        "",
    ];
}

module.exports = { beforeAfter, KEPT };
