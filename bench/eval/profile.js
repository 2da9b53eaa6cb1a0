// Where the library's fixed cost goes: the library's program at a small N under `node --cpu-prof`,
// each CPU sample attributed to the code that was running (the nearest frame outside node's own
// modules, so compiling a required file counts for the module that required it). The baseline loads
// neither the validation library (zod) nor this library, so what is attributed to them is extra by
// construction.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { median } = require("../lib/stats");

const CHILD = path.join(__dirname, "child.js");
const DIST = `${path.sep}dist${path.sep}`;

function bucket(url) {
    if (url.includes("/node_modules/zod/")) return "validator";
    if (!url.includes("/node_modules/") && url.includes(DIST)) return "library";
    return "other";
}

/** Milliseconds of CPU samples per bucket in one .cpuprofile. */
function attribute(profile) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owner = new Map();
    const ownerOf = (id) => {
        if (owner.has(id)) return owner.get(id);
        let cur = id;
        let found = "other";
        while (cur !== undefined) {
            const url = byId.get(cur).callFrame.url;
            if (url && !url.startsWith("node:")) {
                found = bucket(url.replace(/^file:\/\//, ""));
                break;
            }
            cur = parent.get(cur);
        }
        owner.set(id, found);
        return found;
    };
    const ms = { validator: 0, library: 0, other: 0 };
    profile.samples.forEach((id, i) => (ms[ownerOf(id)] += (profile.timeDeltas[i] ?? 0) / 1000));
    return ms;
}

/** Medians over `runs` profiled evaluations of the library's program. */
function profileLibrary(program, { variant, n, runs = 3 }) {
    const samples = [];
    for (let r = 0; r < runs; r++) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-prof-"));
        try {
            const res = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "200", CHILD, program], {
                encoding: "utf8",
                env: { ...process.env, BENCH_COMPONENTS: "0", BENCH_N: String(n), BENCH_VARIANT: variant },
            });
            if (res.status !== 0) throw new Error(`profiling ${variant} N=${n} failed:\n${res.stderr}`);
            const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
            samples.push(attribute(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    const m = (k) => median(samples.map((s) => s[k]));
    return { variant, n, runs, validatorMs: m("validator"), libraryMs: m("library") };
}

module.exports = { profileLibrary, attribute };
