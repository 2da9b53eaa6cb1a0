// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package/file and the top functions.
//   node bench/tools/profile-summary.js <file.cpuprofile> [topN]
"use strict";
const fs = require("node:fs");

const profile = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const top = Number(process.argv[3] ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));

const where = (url) => {
    if (!url) return "(native/gc/idle)";
    const m = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
    if (m) return m[1];
    if (url.includes("/dist/")) return "pulumi-llm-serving (dist)";
    if (url.startsWith("node:")) return "node internals";
    return url.replace(/^file:\/\//, "");
};
const byFile = new Map();
const byFn = new Map();
let total = 0;
for (const [id, us] of self) {
    const node = byId.get(id);
    const cf = node.callFrame;
    total += us;
    const file = where(cf.url);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    const fn = `${cf.functionName || "(anonymous)"} ${cf.url.split("/").slice(-2).join("/")}:${cf.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
}
const show = (map) =>
    [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .forEach(([k, us]) => console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`));
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- by package/file`);
show(byFile);
console.log("-- by function");
show(byFn);
