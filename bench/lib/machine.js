"use strict";
const os = require("node:os");
const { execSync } = require("node:child_process");

/** What the numbers were measured on. */
function machine() {
    const cpus = os.cpus();
    let commit = "unknown";
    try {
        commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
        if (execSync("git status --porcelain -- src bench", { encoding: "utf8" }).trim()) commit += " + uncommitted changes in src/ or bench/";
    } catch {
        // not a git checkout: no commit to record
    }
    return {
        cores: cpus.length,
        cpu: cpus[0]?.model?.trim() ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
        commit,
        loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(" "),
    };
}

module.exports = { machine };
