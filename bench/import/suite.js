// Benchmark 2: start-up cost of the Kubernetes layer, against @pulumi/kubernetes alone.
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { interleave, median, pairedRatio } = require("../lib/stats");

const CHILD = path.join(__dirname, "child.js");
// Each side requires its entry point and reads one class from it, as a program that uses it does
// (`new VllmInferenceService(...)` compiles to `require(...).VllmInferenceService`): the library
// loads the vLLM component behind its lazy entry point, @pulumi/kubernetes loads the Deployment
// behind its own lazy modules (child.js: `<specifier>#<export path>`).
const ENTRY = "pulumi-llm-serving/kubernetes"; // dist/kubernetes.js, through the package's exports
const LIBRARY = `${ENTRY}#VllmInferenceService`;
const BASELINE = "@pulumi/kubernetes#apps.v1.Deployment";
/** Every component class of the Kubernetes layer: what a program using all of them loads. */
const COMPONENTS = [
    "ModelBucketVolume",
    "KServeStack",
    "KubeRayOperator",
    "VllmInferenceService",
    "RayLLMApp",
    "DjlServingService",
    "OpenLlmService",
    "TritonInferenceService",
    "DistributedServing",
    "TrafficSplit",
    "ModelDownloadJob",
    "ModelConversionJob",
];
const SUBJECTS = {
    library: [LIBRARY],
    baseline: [BASELINE],
    // For comparison: what loading zod would add (the library defers it to the first construction).
    "baseline+zod": [BASELINE, "zod"],
    // For the analysis: a program that uses every component (what the entry point loaded before it was lazy).
    "library, every component": COMPONENTS.map((name) => `${ENTRY}#${name}`),
};

function startOnce(specifiers) {
    const res = spawnSync(process.execPath, [CHILD, ...specifiers], { encoding: "utf8", cwd: path.join(__dirname, "..") });
    if (res.status !== 0) throw new Error(`child.js ${specifiers.join(" ")} failed:\n${res.stderr}`);
    return JSON.parse(res.stdout.trim());
}

function runImport({ runs = 15, warmup = 0, log = () => {} } = {}) {
    const samples = interleave(Object.keys(SUBJECTS), runs, (name) => startOnce(SUBJECTS[name]), { warmup });
    for (const name of ["library", "library, every component"]) {
        const loaded = Math.max(...samples[name].map((s) => s.cloudSdkModules));
        if (loaded !== 0) throw new Error(`${SUBJECTS[name].join(" ")} loaded ${loaded} @pulumi/aws or @pulumi/alicloud modules`);
    }
    const m = (name, key) => median(samples[name].map((s) => s[key]));
    const stats = (name) => ({ wallMs: m(name, "wallMs"), requireMs: m(name, "requireMs"), cpuMs: m(name, "cpuMs"), maxRssMiB: m(name, "maxRssKiB") / 1024 });
    const row = {
        runs,
        warmup,
        library: stats("library"),
        baseline: stats("baseline"),
        validator: stats("baseline+zod"),
        everyComponent: stats("library, every component"),
        components: COMPONENTS.length,
        cloudSdkModules: 0,
    };
    row.validatorRatio = row.validator.wallMs / row.baseline.wallMs;
    row.everyComponentRatio = row.everyComponent.wallMs / row.baseline.wallMs;
    row.wallRatio = row.library.wallMs / row.baseline.wallMs;
    const wall = (name) => samples[name].map((s) => s.wallMs);
    row.pairedWallRatio = pairedRatio(wall("library"), wall("baseline"));
    row.pairedValidatorRatio = pairedRatio(wall("baseline+zod"), wall("baseline"));
    row.rssRatio = row.library.maxRssMiB / row.baseline.maxRssMiB;
    row.cpuRatio = row.library.cpuMs / row.baseline.cpuMs;
    log(
        `import: library ${row.library.wallMs.toFixed(0)} ms, @pulumi/kubernetes ${row.baseline.wallMs.toFixed(0)} ms, with zod ${row.validator.wallMs.toFixed(0)} ms, ` +
            `every component ${row.everyComponent.wallMs.toFixed(0)} ms; ratio ${row.wallRatio.toFixed(3)}, paired ${row.pairedWallRatio.toFixed(3)}, CPU time ${row.cpuRatio.toFixed(3)} (zod alone ${row.validatorRatio.toFixed(3)}, every component ${row.everyComponentRatio.toFixed(3)}); cloud SDK modules loaded: 0`,
    );
    return row;
}

module.exports = { runImport, SUBJECTS, LIBRARY, BASELINE, COMPONENTS };
