#!/usr/bin/env node
// Runs test files (default: test/unit) with node's test runner and tsx; Node 20's --test has no globs.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["test/unit"];
const files = [];
const walk = (p) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (p.endsWith(".test.ts")) files.push(p);
};
roots.forEach(walk);
if (files.length === 0) {
    console.error(`no test files under ${roots.join(", ")}`);
    process.exit(1);
}
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
    stdio: "inherit",
    env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.test.json" },
});
process.exit(res.status ?? 1);
