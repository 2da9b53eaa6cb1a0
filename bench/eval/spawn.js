// Runs one evaluation (bench/eval/child.js) in a fresh process and returns its JSON result.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const CHILD = path.join(__dirname, "child.js");

/** @returns {{wallMs: number, evalMs: number, maxRssKiB: number, custom: number, components: number, records?: object[]}} */
function evaluate(program, { n, variant, record = false, env = {} }) {
    const args = [CHILD, program, ...(record ? ["--record"] : [])];
    const res = spawnSync(process.execPath, args, {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...process.env, BENCH_COMPONENTS: "0", ...env, BENCH_N: String(n), BENCH_VARIANT: variant },
    });
    if (res.status !== 0) {
        throw new Error(`${path.basename(program)} (N=${n}, ${variant}) failed (exit ${res.status}):\n${res.stderr}`);
    }
    const last = res.stdout.trim().split("\n").pop() ?? "";
    try {
        return JSON.parse(last);
    } catch {
        throw new Error(`${path.basename(program)} (N=${n}, ${variant}) printed no result: ${last.slice(0, 200)}`);
    }
}

module.exports = { evaluate };
