// One start-up: node, then the given requires in order, each optionally followed by reading one
// export the way a program that uses it does. Prints {wallMs, requireMs, cpuMs, maxRssKiB, cloudSdkModules}
// (cpuMs: user + system CPU time of the whole process, less disturbed than wall time by other load).
//   node bench/import/child.js <module specifier>[#<export path>]...
// e.g. `pulumi-llm-serving/kubernetes#VllmInferenceService` runs
// `require("pulumi-llm-serving/kubernetes").VllmInferenceService` (what `new VllmInferenceService(...)`
// in a program compiles to), and `@pulumi/kubernetes#apps.v1.Deployment` runs
// `require("@pulumi/kubernetes").apps.v1.Deployment` (which loads that resource through the SDK's own
// lazy modules). The export must be a class (a function), or the run fails.
"use strict";
const args = process.argv.slice(2);
const before = performance.now();
for (const arg of args) {
    const [specifier, exportPath] = arg.split("#");
    let value = require(specifier);
    if (exportPath === undefined) continue;
    for (const key of exportPath.split(".")) value = value[key];
    if (typeof value !== "function") throw new Error(`${specifier}: ${exportPath} is ${typeof value}, not a class`);
}
const after = performance.now();
function cpuMs() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}
const cloudSdkModules = Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/](aws|alicloud)[\\/]/.test(file));
process.stdout.write(
    JSON.stringify({ wallMs: after, requireMs: after - before, cpuMs: cpuMs(), maxRssKiB: process.resourceUsage().maxRSS, cloudSdkModules: cloudSdkModules.length }) + "\n",
);
