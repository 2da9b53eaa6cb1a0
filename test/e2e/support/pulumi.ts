// Runs the locally built Pulumi CLI offline: a file:// backend, a private
// PULUMI_HOME with the locally built kubernetes plugin installed, no update check,
// no plugin downloads. Programs run through program-host.ts (`--client` mode).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineBins } from "./engine";

/** The plugin version @pulumi/kubernetes 4.34.2 asks the engine for. */
export const KUBERNETES_PLUGIN_VERSION = "4.34.2";

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
    /** the signal that ended the CLI, when one did (e.g. SIGKILL) */
    signal?: NodeJS.Signals;
}

export interface RunOptions {
    /** run the program (through program-host.ts and --client); for up/preview/refresh */
    program?: string;
    /** don't throw on a non-zero exit */
    allowFailure?: boolean;
    timeoutMs?: number;
}

export interface PulumiWorkspace {
    env: NodeJS.ProcessEnv;
    home: string;
    backendDir: string;
    projectDir: string;
    run(args: string[], opts?: RunOptions): Promise<RunResult>;
    /**
     * Starts the CLI without waiting for it: its process (in a process group of its own, apart from
     * the test's) and its result. For tests that interrupt the CLI.
     */
    start(args: string[], opts?: RunOptions): Promise<StartedRun>;
    cleanup(): void;
}

export interface StartedRun {
    /** the `pulumi` process itself */
    child: ChildProcess;
    /** its exit code and output (rejects as run() does, unless allowFailure) */
    done: Promise<RunResult>;
}

const programHost = path.join(__dirname, "program-host.ts");

export interface WorkspaceOptions {
    bins: EngineBins;
    /** a directory with Pulumi.yaml (and node_modules resolving @pulumi/*) */
    projectDir: string;
    kubeconfigPath?: string;
    passphrase?: string;
}

export async function createPulumiWorkspace(opts: WorkspaceOptions): Promise<PulumiWorkspace> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-pulumi-home-"));
    const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-pulumi-state-"));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        // Nothing from the caller's Pulumi setup may leak in (tokens, backends, homes).
        if (!k.startsWith("PULUMI_") && k !== "KUBECONFIG") env[k] = v;
    }
    Object.assign(env, {
        PULUMI_HOME: home,
        PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "llm-serving-e2e",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        NO_COLOR: "1",
        ...(opts.kubeconfigPath ? { KUBECONFIG: opts.kubeconfigPath } : {}),
    });

    const run = (args: string[], ro: RunOptions = {}): Promise<RunResult> =>
        startPulumi(opts.bins.pulumi, args, env, opts.projectDir, ro, false).then((s) => s.done);
    const start = (args: string[], ro: RunOptions = {}): Promise<StartedRun> => startPulumi(opts.bins.pulumi, args, env, opts.projectDir, ro, true);

    await run(["login", `file://${backendDir}`]);
    await run(["plugin", "install", "resource", "kubernetes", KUBERNETES_PLUGIN_VERSION, "--file", opts.bins.kubernetesProvider]);

    return {
        env,
        home,
        backendDir,
        projectDir: opts.projectDir,
        run,
        start,
        cleanup() {
            fs.rmSync(home, { recursive: true, force: true });
            fs.rmSync(backendDir, { recursive: true, force: true });
        },
    };
}

async function startPulumi(pulumi: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, ro: RunOptions, detached: boolean): Promise<StartedRun> {
    let host: ReturnType<typeof spawn> | undefined;
    let hostErr = "";
    const fullArgs = [...args, "--color=never"];
    if (ro.program) {
        host = spawn(process.execPath, ["--import", "tsx", programHost, ro.program], {
            cwd,
            env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        host.stderr!.on("data", (c) => (hostErr += c));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            host!.stdout!.on("data", (c) => {
                out += c;
                const m = /PORT (\d+)/.exec(out);
                if (m) resolve(Number(m[1]));
            });
            host!.once("exit", (code) => reject(new Error(`program host exited (${code}): ${hostErr}`)));
        });
        fullArgs.push(`--client=127.0.0.1:${port}`);
    }
    const child = spawn(pulumi, fullArgs, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached });
    const done = (async () => {
        try {
            const res = await new Promise<RunResult>((resolve, reject) => {
                let stdout = "";
                let stderr = "";
                child.stdout!.on("data", (c) => (stdout += c));
                child.stderr!.on("data", (c) => (stderr += c));
                // On timeout: SIGTERM first so the CLI cancels and stops its plugins, then SIGKILL.
                let killTimer: NodeJS.Timeout | undefined;
                const timer = setTimeout(() => {
                    child.kill("SIGTERM");
                    killTimer = setTimeout(() => child.kill("SIGKILL"), 15_000);
                }, ro.timeoutMs ?? 300_000);
                child.on("error", reject);
                child.on("close", (code, signal) => {
                    clearTimeout(timer);
                    if (killTimer) clearTimeout(killTimer);
                    resolve({ code: code ?? -1, stdout, stderr, ...(signal ? { signal } : {}) });
                });
            });
            if (res.code !== 0 && !ro.allowFailure) {
                throw new Error(
                    `pulumi ${fullArgs.join(" ")} exited ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}` +
                        (hostErr ? `\n--- program host\n${hostErr}` : ""),
                );
            }
            return res;
        } finally {
            if (host && host.exitCode === null) {
                host.stdin!.end();
                host.kill("SIGTERM");
            }
        }
    })();
    return { child, done };
}
