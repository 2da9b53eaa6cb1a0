// Where the library's time over the baseline goes, from the three programs of benchmark 1 (the
// import's analysis is in its section, report.js).
"use strict";

function analysis(evaluation) {
    // The import's analysis is part of its own section (report.js), so that a run of one suite
    // (`--only import`) leaves the evaluation's analysis of an earlier run in place.
    if (!evaluation || evaluation.length === 0) return null;
    const out = ["## Where the difference goes", ""];
    for (const variant of [...new Set(evaluation.map((r) => r.variant))]) {
        const rs = evaluation.filter((r) => r.variant === variant);
        for (const r of [rs[0], rs[rs.length - 1]]) {
            const own = r.library.wallMs - r.baseline.wallMs;
            const components = r.baseline.wallMs - r.customOnly.wallMs;
            out.push(
                `- ${variant}, N=${r.n}: library minus baseline ${Math.round(own)} ms: the library's own code (loading zod and its modules, ` +
                    `validation, rendering). The ${r.components} component resources, which both register, cost the Pulumi SDK ${Math.round(components)} ms ` +
                    `(baseline minus custom resources only; medians, so the parts are approximate).`,
            );
        }
    }
    out.push(
        "",
        "Component resources cost the Pulumi SDK per component: a resource object with a captured stack",
        "(source position), a RegisterResource and a RegisterResourceOutputs RPC, and the outputs' promises and",
        "garbage. They are what makes this a component library (one URN per service, `parent: this`, child names",
        "that never change, so upgrades do not replace running services), and a hand-written program that",
        "registers the same resources pays for them too.",
        "",
    );
    return out;
}

module.exports = { analysis };
