#!/usr/bin/env node
/**
 * llm-serving-plan: evaluates a Pulumi program offline and writes what it would create.
 *
 *   llm-serving-plan <program-dir> [--stack dev] [--out out/<dir-name>] [--config key=value ...]
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { evaluateProgram } from "./evaluate";
import { writePlan } from "./write";

const USAGE = "usage: llm-serving-plan <program-dir> [--stack dev] [--out dir] [--config key=value ...]";

async function main(): Promise<number> {
    const { values, positionals } = parseArgs({
        allowPositionals: true,
        options: {
            stack: { type: "string", default: "dev" },
            out: { type: "string" },
            config: { type: "string", multiple: true, default: [] },
            help: { type: "boolean", short: "h" },
        },
    });
    if (values.help || positionals.length !== 1) {
        console.error(USAGE);
        return values.help ? 0 : 2;
    }
    const programDir = positionals[0];
    const config: Record<string, string> = {};
    for (const pair of values.config ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) {
            console.error(`--config takes key=value, got '${pair}'`);
            return 2;
        }
        config[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    registerTypeScript(programDir);
    const outDir = values.out ?? path.join("out", path.basename(path.resolve(programDir)));
    const program = await evaluateProgram({ programDir, stack: values.stack, config });
    const files = writePlan(program, outDir);
    console.log(
        `${program.project} (${program.stack}): ${files.kubernetes.length} Kubernetes objects, ${files.helmReleases.length} Helm releases, ${files.cloud.length} cloud resources -> ${outDir}`,
    );
    return 0;
}

/** Lets the plan load TypeScript programs when it runs from compiled JavaScript. */
function registerTypeScript(programDir: string): void {
    if (process.execArgv.some((a) => a.includes("tsx")) || (process as any)[Symbol.for("tsx")]) return;
    try {
        const tsx = require(require.resolve("tsx/cjs/api", { paths: [path.resolve(programDir), process.cwd()] }));
        tsx.register();
    } catch {
        // A JavaScript program needs no loader; a TypeScript one fails to load with a clear error.
    }
}

main().then(
    (code) => process.exit(code),
    (err) => {
        if (pulumi.InputPropertiesError.isInstance(err)) {
            console.error(`error: ${err.message}`);
        } else {
            console.error(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        process.exit(1);
    },
);
