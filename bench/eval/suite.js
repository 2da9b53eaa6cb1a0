// Benchmark 1: evaluation cost of the reference stack, library against its hand-written baseline.
"use strict";
const path = require("node:path");
const { evaluate } = require("./spawn");
const { verifyEquivalent } = require("./verify");
const { profileLibrary } = require("./profile");
const { interleave, median, pairedRatio } = require("../lib/stats");

const LIBRARY = path.join(__dirname, "../programs/stack-library.js");
const BASELINE = path.join(__dirname, "../programs/stack-baseline.js");

/**
 * The three programs timed side by side. `baseline` registers exactly the library's resources, its
 * component resources too; `customOnly` leaves the components out, which changes every child's URN,
 * and is timed to show what component resources cost the Pulumi SDK.
 */
const SUBJECTS = {
    library: { program: LIBRARY, env: {} },
    baseline: { program: BASELINE, env: { BENCH_COMPONENTS: "1" } },
    customOnly: { program: BASELINE, env: { BENCH_COMPONENTS: "0" } },
};

function summarise(samples) {
    return {
        wallMs: median(samples.map((s) => s.wallMs)),
        evalMs: median(samples.map((s) => s.evalMs)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        maxRssMiB: median(samples.map((s) => s.maxRssKiB / 1024)),
        runs: samples.length,
    };
}

/** One row per (variant, N): medians of each subject and the library's ratios. */
function runEvaluation({ variants = ["vllm", "ray"], sizes = [1, 10, 100, 500], runs = 5, warmup = 0, log = () => {} } = {}) {
    const rows = [];
    for (const variant of variants) {
        for (const n of sizes) {
            const counts = verifyEquivalent(LIBRARY, BASELINE, { n, variant });
            verifyEquivalent(LIBRARY, BASELINE, { n, variant, components: true });
            const samples = interleave(Object.keys(SUBJECTS), runs, (name) => evaluate(SUBJECTS[name].program, { n, variant, env: SUBJECTS[name].env }), { warmup });
            const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));
            const wall = (name) => samples[name].map((s) => s.wallMs);
            const row = {
                variant,
                n,
                warmup,
                customResources: counts.custom,
                components: counts.libraryComponents - 1,
                ...m,
                wallRatio: m.library.wallMs / m.baseline.wallMs,
                pairedWallRatio: pairedRatio(wall("library"), wall("baseline")),
                rssRatio: m.library.maxRssMiB / m.baseline.maxRssMiB,
                cpuRatio: m.library.cpuMs / m.baseline.cpuMs,
                wallRatioVsCustomOnly: m.library.wallMs / m.customOnly.wallMs,
                samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(({ wallMs, cpuMs, maxRssKiB }) => ({ wallMs, cpuMs, maxRssKiB }))])),
            };
            log(`eval ${variant} N=${n}: library ${row.library.wallMs.toFixed(0)} ms, baseline ${row.baseline.wallMs.toFixed(0)} ms, ` +
                `custom resources only ${row.customOnly.wallMs.toFixed(0)} ms; ratio ${row.wallRatio.toFixed(3)}, paired ${row.pairedWallRatio.toFixed(3)} (memory ${row.rssRatio.toFixed(3)})`);
            if (n === sizes[0]) row.profile = profileLibrary(LIBRARY, { variant, n });
            rows.push(row);
        }
    }
    return rows;
}

module.exports = { runEvaluation, LIBRARY, BASELINE };
