// Benchmark 3: `pulumi up` of the examples' Kubernetes layer against a local kube-apiserver, beside
// `kubectl apply --server-side` of the same rendered objects. It needs the real engine (engine/):
// until engine/build.sh has built it, this benchmark reports why it did not run.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { median, ratio } = require("../lib/stats");

const ROOT = path.join(__dirname, "../..");
const ENGINE_BINARIES = ["pulumi", "pulumi-resource-kubernetes", "llm-serving-kube-apiserver"];

/** The engine's bin dir when every binary is built, else the reason it is not usable. */
function engineStatus() {
    const build = path.join(ROOT, "engine/build.sh");
    if (!fs.existsSync(build)) return { ready: false, reason: "engine/build.sh does not exist" };
    const res = spawnSync("bash", [build, "--print-bin-dir"], { encoding: "utf8" });
    const bin = res.stdout.trim().split("\n").pop();
    if (res.status !== 0 || !bin) return { ready: false, reason: `engine/build.sh --print-bin-dir failed: ${res.stderr.trim()}` };
    const missing = ENGINE_BINARIES.filter((b) => !fs.existsSync(path.join(bin, b)));
    if (missing.length > 0) return { ready: false, reason: `the engine is not built (missing in ${bin}: ${missing.join(", ")}); run engine/build.sh` };
    return { ready: true, bin };
}

function runApply({ runs = 3, log = () => {} } = {}) {
    const status = engineStatus();
    if (!status.ready) {
        log(`apply: not run: ${status.reason}`);
        return { ran: false, reason: status.reason };
    }
    log(`apply: ${runs} runs per example against a local kube-apiserver (engine: ${status.bin})`);
    const res = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "child.ts"), "--runs", String(runs)], {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.test.json"), LLM_SERVING_ENGINE_BIN: status.bin },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 << 20,
    });
    if (res.status !== 0) throw new Error(`bench/apply/child.ts exited ${res.status}`);
    const { results, empty } = JSON.parse(res.stdout.trim().split("\n").pop());
    return { ran: true, runs, results, empty, lines: applyLines(runs, results, empty) };
}

const ms = (v) => `${Math.round(v)} ms`;

function applyLines(runs, results, empty) {
    const lines = [
        "`pulumi up --skip-preview` of each example's Kubernetes layer against a local kube-apiserver (engine/),",
        "beside the same objects applied with server-side apply (`bench/apply/child.ts`). Per example and run,",
        "each method applies into a namespace of its own on one API server, interleaved, medians of " + runs + " runs:",
        "",
        "- **library**: `pulumi up` of the example: the Pulumi CLI, the program (TypeScript compiled by tsx in",
        "  the program host, see test/e2e/support/program-host.ts), the kubernetes provider, every object.",
        "- **engine**: `pulumi up` of a program that registers the offline plan's objects with",
        "  `pulumi.CustomResource` directly, namespaces first: the same engine and provider, no library.",
        "- **ssa** (the physical limit of applying them): one `PATCH application/apply-patch+yaml`",
        "  (fieldManager kubectl, force) per object in the plan's apply order, what `kubectl apply",
        "  --server-side` sends; kubectl itself cannot be installed here, so its process start and discovery",
        "  are not counted (discovery is done untimed): a lower bound.",
        "- **no-op preview**: `pulumi preview` of the library's stack right after its `up`, nothing changed.",
        "",
        "The provider's readiness waits are on: the cluster twin (docs/TWIN.md) schedules the pods and its",
        "kubelet stand-in makes them ready, so library and engine include the awaits; ssa does not wait.",
        "Times are for this 2-core machine; the ratios are what to read.",
        "",
        "| example | objects | library up | engine up | ssa | **library / ssa** | library / engine | no-op preview |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ];
    for (const r of results) {
        const lib = median(r.samples.library);
        const eng = median(r.samples.engine);
        const ssa = median(r.samples.ssa);
        lines.push(
            `| ${r.example} | ${r.objects} | ${ms(lib)} | ${ms(eng)} | ${ms(ssa)} | **${ratio(lib, ssa).toFixed(2)}** | ${ratio(lib, eng).toFixed(2)} | ${ms(median(r.samples.preview))} |`,
        );
    }
    const floor = median(empty);
    lines.push(
        "",
        `The engine's fixed cost, \`pulumi up\` of a program that registers nothing (same harness, medians of ${runs}): ${ms(floor)}.`,
        "Minus that floor, per example: " +
            results.map((r) => `${r.example} library ${ms(median(r.samples.library) - floor)}, engine ${ms(median(r.samples.engine) - floor)}`).join("; ") +
            ". What is left above the floor is the objects' own work (the program's registrations, the provider's",
        "check, diff and create for each object, its API requests); the library / engine column is the library's share of it.",
    );
    return lines;
}

module.exports = { runApply, engineStatus };
