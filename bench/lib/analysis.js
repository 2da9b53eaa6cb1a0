// Where the library's time over the baseline goes, from benchmark 1's samples and its profile (the
// import's analysis is in its section, report.js).
"use strict";
const { median } = require("./stats");

/** Median over rounds of a[i] - b[i] (wall time), as the paired ratios are taken. */
function pairedDifference(row, a, b) {
    const wa = row.samples[a].map((s) => s.wallMs);
    const wb = row.samples[b].map((s) => s.wallMs);
    return median(wa.map((v, i) => v - wb[i]));
}

function analysis(evaluation) {
    // The import's analysis is part of its own section (report.js), so that a run of one suite
    // (`--only import`) leaves the evaluation's analysis of an earlier run in place.
    if (!evaluation || evaluation.length === 0) return null;
    const out = ["## Where the difference goes", ""];
    for (const variant of [...new Set(evaluation.map((r) => r.variant))]) {
        const rs = evaluation.filter((r) => r.variant === variant);
        for (const r of [rs[0], rs[rs.length - 1]]) {
            if (!r.samples) continue;
            out.push(
                `- ${variant}, N=${r.n}: library minus baseline ${Math.round(pairedDifference(r, "library", "baseline"))} ms (median over rounds). ` +
                    `The ${r.components} component resources, which both register, cost the Pulumi SDK ${Math.round(pairedDifference(r, "baseline", "customOnly"))} ms (baseline minus custom resources only).`,
            );
        }
        const p = rs.find((r) => r.profile)?.profile;
        if (p) {
            out.push(
                `- ${variant}, N=${p.n}, profiled (\`node --cpu-prof\`, bench/eval/profile.js, medians of ${p.runs} runs; each CPU sample counted for the code running, ` +
                    `so compiling a required file counts for the module that required it): zod ${Math.round(p.validatorMs)} ms, ` +
                    `the library's own modules ${Math.round(p.libraryMs)} ms. The baseline loads neither.`,
            );
        }
    }
    out.push(
        "",
        "What is left over the baseline is mostly a fixed cost per process, paid once however many",
        "services the stack has: the library's own modules and zod (loading it, building the argument",
        "schemas). It is why the ratio is highest at small N. Component resources cost the Pulumi SDK per",
        "component: a resource object with a captured stack (source position), a RegisterResource and a",
        "RegisterResourceOutputs RPC, the outputs' promises and garbage. They are what makes this a component",
        "library (one URN per service, `parent: this`, child names that never change, so upgrades do not",
        "replace running services), and a hand-written program that registers the same resources pays for",
        "them too.",
        "",
    );
    return out;
}

module.exports = { analysis };
