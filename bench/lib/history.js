// The last full run before the change that moved the verdicts, kept so that BENCHMARKS.md shows
// before and after side by side: BENCHMARKS.md at commit 48fd8c1 (`npm run bench -- --runs 7
// --skip-build`, the code of de8594b), when the argument schemas were zod 4.6.7's.
"use strict";

const BEFORE = {
    what: "zod 4.6.7 schemas (BENCHMARKS.md at commit 48fd8c1: the code of de8594b, `npm run bench -- --runs 7 --skip-build`)",
    evaluation: {
        vllm: { 1: 1.11, 10: 1.057, 100: 1.081, 500: 1.075 },
        ray: { 1: 1.118, 10: 1.077, 100: 1.103, 500: 1.1 },
    },
    importRatio: 1.106,
};

/** "Before and after" lines: the kept run beside this run's paired ratios (only what this run measured). */
function beforeAfter(evaluation, imports) {
    const rows = [];
    for (const r of evaluation ?? []) {
        const before = BEFORE.evaluation[r.variant]?.[r.n];
        if (before !== undefined) rows.push(`| evaluation, ${r.variant}, N=${r.n} | ${before.toFixed(3)} | ${r.pairedWallRatio.toFixed(3)} |`);
    }
    if (imports) rows.push(`| import | ${BEFORE.importRatio.toFixed(3)} | ${imports.pairedWallRatio.toFixed(3)} |`);
    if (rows.length === 0) return [];
    return [
        "## Before and after",
        "",
        `Paired ratios, library / baseline. Before: ${BEFORE.what}. After: this run, valibot schemas. The`,
        "profile of the zod run put 106-124 ms of the N=1 program in zod (25-28 ms of it loading its",
        "locales) and 34-39 ms in the library's own modules.",
        "",
        "| | before (zod) | after (valibot) |",
        "|---|---:|---:|",
        ...rows,
        "",
    ];
}

module.exports = { beforeAfter, BEFORE };
