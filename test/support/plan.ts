/**
 * Runs the offline plan command on an example in a child process (the Pulumi runtime is global,
 * so each program gets its own process) and returns what it wrote.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { PlanFiles } from "../../src/plan/write";
import { REPO_ROOT } from "./kube-schema";

export interface PlanRun extends PlanFiles {
    /** Directory the plan was written to. */
    readonly outDir: string;
    /** Text of each file written. */
    readonly text: Record<string, string>;
}

export function planExample(exampleDir: string, options: { stack?: string; config?: Record<string, string>; outDir?: string } = {}): PlanRun {
    const outDir = options.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "llm-plan-"));
    const args = [
        "--import",
        "tsx",
        path.join(REPO_ROOT, "src/plan/cli.ts"),
        path.resolve(REPO_ROOT, exampleDir),
        "--out",
        outDir,
        "--stack",
        options.stack ?? "dev",
    ];
    for (const [k, v] of Object.entries(options.config ?? {})) args.push("--config", `${k}=${v}`);
    const res = spawnSync(process.execPath, args, {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, "tsconfig.test.json") },
    });
    if (res.status !== 0) throw new Error(`plan of ${exampleDir} failed (exit ${res.status}):\n${res.stderr}${res.stdout}`);
    const files = JSON.parse(fs.readFileSync(path.join(outDir, "plan.json"), "utf8")) as PlanFiles;
    const text: Record<string, string> = {};
    for (const f of fs.readdirSync(outDir)) text[f] = fs.readFileSync(path.join(outDir, f), "utf8");
    return { ...files, outDir, text };
}
