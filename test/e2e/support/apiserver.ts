// Starts and stops the real kube-apiserver (with embedded etcd) built by
// engine/build.sh, on a free loopback port with a temporary data dir.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface ApiServer {
    /** https://127.0.0.1:PORT */
    server: string;
    /** kubeconfig written by the binary (bearer token in system:masters) */
    kubeconfigPath: string;
    token: string;
    caPem: string;
    dataDir: string;
    logPath: string;
    /** Sends SIGTERM, waits for exit (SIGKILL after 15 s) and removes the data dir. */
    stop(): Promise<void>;
}

export interface StartOptions {
    /** path to llm-serving-kube-apiserver */
    binary: string;
    /** how long to wait for /readyz (default 60 s) */
    readyTimeoutMs?: number;
    /** keep the data dir (and log) after stop() */
    keepDataDir?: boolean;
    /** extra kube-apiserver flags */
    extraArgs?: string[];
    /** flags of the binary itself, e.g. `--controllers=` and `--scheduler=false` for a bare API server */
    binaryArgs?: string[];
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

export async function startApiServer(opts: StartOptions): Promise<ApiServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-apiserver-"));
    const port = await freePort();
    const kubeconfigPath = path.join(dataDir, "kubeconfig");
    const logPath = path.join(dataDir, "apiserver.log");
    const token = randomBytes(24).toString("hex");
    const log = fs.openSync(logPath, "a");
    const child: ChildProcess = spawn(
        opts.binary,
        [
            `--data-dir=${dataDir}`,
            `--secure-port=${port}`,
            `--kubeconfig=${kubeconfigPath}`,
            `--token=${token}`,
            ...(opts.binaryArgs ?? []),
            ...(opts.extraArgs?.length ? ["--", ...opts.extraArgs] : []),
        ],
        { stdio: ["ignore", log, log] },
    );
    fs.closeSync(log);
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const exitPromise = new Promise<void>((resolve) =>
        child.once("exit", (code, signal) => {
            exited = { code, signal };
            resolve();
        }),
    );

    const stop = async (): Promise<void> => {
        if (!exited) {
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
            await exitPromise;
            clearTimeout(timer);
        }
        if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    };

    const server = `https://127.0.0.1:${port}`;
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
    let caPem = "";
    let last = "";
    for (;;) {
        if (exited) {
            const tail = fs.readFileSync(logPath, "utf8").split("\n").slice(-30).join("\n");
            await stop();
            throw new Error(`kube-apiserver exited (${JSON.stringify(exited)}) before it was ready:\n${tail}`);
        }
        if (Date.now() > deadline) {
            const tail = fs.readFileSync(logPath, "utf8").split("\n").slice(-30).join("\n");
            await stop();
            throw new Error(`kube-apiserver not ready after ${opts.readyTimeoutMs ?? 60_000} ms (last: ${last}):\n${tail}`);
        }
        if (!caPem && fs.existsSync(kubeconfigPath)) {
            caPem = fs.readFileSync(path.join(dataDir, "pki", "ca.crt"), "utf8");
        }
        if (caPem) {
            try {
                const res = await httpsGet(`${server}/readyz`, token, caPem);
                if (res.status === 200 && res.body.trim() === "ok") break;
                last = `${res.status} ${res.body.slice(0, 200)}`;
            } catch (e) {
                last = String(e);
            }
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    return { server, kubeconfigPath, token, caPem, dataDir, logPath, stop };
}

function httpsGet(url: string, token: string, ca: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = https.get(url, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 5_000 }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", reject);
    });
}
