// Benchmark 4: the offline plan command (dist/plan/cli.js) on every example, wall time and peak memory.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { interleave, median } = require("../lib/stats");

const ROOT = path.join(__dirname, "../..");
const CLI = path.join(ROOT, "dist/plan/cli.js");
const TIME = "/usr/bin/time"; // apt package `time`: peak memory (%M, KiB) of the whole command

function examples() {
    const dir = path.join(ROOT, "examples");
    return fs
        .readdirSync(dir)
        .filter((e) => fs.existsSync(path.join(dir, e, "Pulumi.yaml")))
        .sort();
}

function planOnce(example, outRoot) {
    const argv = [CLI, path.join("examples", example), "--out", path.join(outRoot, example)];
    const timed = fs.existsSync(TIME);
    const start = process.hrtime.bigint();
    const res = timed
        ? spawnSync(TIME, ["-f", "maxrss-kib=%M", process.execPath, ...argv], { cwd: ROOT, encoding: "utf8" })
        : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 0) {
        // Reported, not fatal: an example may need a layer that is still being written.
        const reason = res.stderr.split("\n").find((l) => l.startsWith("error:")) ?? `exit ${res.status}`;
        return { failed: reason.slice(0, 160) };
    }
    const rss = /maxrss-kib=(\d+)/.exec(res.stderr);
    return { wallMs, maxRssKiB: rss ? Number(rss[1]) : NaN, summary: res.stdout.trim().split("\n").pop().replace(/ -> .*$/, "") };
}

function runPlan({ runs = 5, log = () => {} } = {}) {
    const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-bench-plan-"));
    try {
        const samples = interleave(examples(), runs, (example) => planOnce(example, outRoot));
        return Object.entries(samples).map(([example, s]) => {
            const failed = s.find((x) => x.failed);
            if (failed) {
                log(`plan examples/${example}: failed: ${failed.failed}`);
                return { example, runs, failed: failed.failed };
            }
            const row = { example, runs, wallMs: median(s.map((x) => x.wallMs)), maxRssMiB: median(s.map((x) => x.maxRssKiB)) / 1024, summary: s[0].summary };
            log(`plan examples/${example}: ${row.wallMs.toFixed(0)} ms (${row.summary})`);
            return row;
        });
    } finally {
        fs.rmSync(outRoot, { recursive: true, force: true });
    }
}

module.exports = { runPlan };
