// Benchmark 2: start-up cost of the Kubernetes layer, against @pulumi/kubernetes alone.
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { interleave, median } = require("../lib/stats");

const CHILD = path.join(__dirname, "child.js");
const SUBJECTS = {
    library: ["pulumi-llm-serving/kubernetes"], // dist/kubernetes.js, through the package's exports
    baseline: ["@pulumi/kubernetes"],
    // For the analysis: the floor for any library validating with zod (the library's one runtime dependency it always loads).
    "baseline+zod": ["@pulumi/kubernetes", "zod"],
};

function startOnce(specifiers) {
    const res = spawnSync(process.execPath, [CHILD, ...specifiers], { encoding: "utf8", cwd: path.join(__dirname, "..") });
    if (res.status !== 0) throw new Error(`require(${specifiers.join(", ")}) failed:\n${res.stderr}`);
    return JSON.parse(res.stdout.trim());
}

function runImport({ runs = 15, log = () => {} } = {}) {
    const samples = interleave(Object.keys(SUBJECTS), runs, (name) => startOnce(SUBJECTS[name]));
    const loaded = samples.library[0].cloudSdkModules;
    if (loaded !== 0) throw new Error(`require("${SUBJECTS.library}") loaded ${loaded} @pulumi/aws or @pulumi/alicloud modules`);
    const m = (name, key) => median(samples[name].map((s) => s[key]));
    const row = {
        runs,
        library: { wallMs: m("library", "wallMs"), requireMs: m("library", "requireMs"), maxRssMiB: m("library", "maxRssKiB") / 1024 },
        baseline: { wallMs: m("baseline", "wallMs"), requireMs: m("baseline", "requireMs"), maxRssMiB: m("baseline", "maxRssKiB") / 1024 },
        zod: { wallMs: m("baseline+zod", "wallMs"), requireMs: m("baseline+zod", "requireMs"), maxRssMiB: m("baseline+zod", "maxRssKiB") / 1024 },
        cloudSdkModules: loaded,
    };
    row.zodRatio = row.zod.wallMs / row.baseline.wallMs;
    row.wallRatio = row.library.wallMs / row.baseline.wallMs;
    row.rssRatio = row.library.maxRssMiB / row.baseline.maxRssMiB;
    log(`import: library ${row.library.wallMs.toFixed(0)} ms, @pulumi/kubernetes ${row.baseline.wallMs.toFixed(0)} ms, with zod ${row.zod.wallMs.toFixed(0)} ms; ratio ${row.wallRatio.toFixed(3)} (zod alone ${row.zodRatio.toFixed(3)}); cloud SDK modules loaded: ${loaded}`);
    return row;
}

module.exports = { runImport, SUBJECTS };
