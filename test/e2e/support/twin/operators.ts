// The real operators in the cluster twin: KServe's manager, KubeRay's ray-operator and
// LeaderWorkerSet's manager, built from their Go modules by engine/operators/build.sh and run out
// of cluster against the twin's API server (as `make run` does upstream). Their admission webhooks
// are served on loopback with the API server's serving certificate (SAN 127.0.0.1, signed by the
// twin's CA), and the webhook configurations point at them by URL where a chart would point them
// at the in-cluster Service. See docs/TWIN.md.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { parseAllDocuments } from "yaml";
import { freePort } from "../apiserver";
import { operatorBins, requireOperatorFile } from "../engine";
import { kubeRequest } from "../kube";
import type { Twin } from ".";

export type OperatorName = "kserve" | "kuberay" | "lws";

export interface Operator {
    readonly name: OperatorName;
    /** Loopback port of its admission webhooks (KServe, LWS), else undefined. */
    readonly webhookPort?: number;
    readonly logPath: string;
    /** How many times it was started (KServe exits until its ConfigMap exists, and is restarted). */
    readonly starts: number;
    /** Whether it answered its readiness probe (and its webhook port accepted TLS) at the last check, once a second. */
    ready(): boolean;
    /** The last lines of its log, for failure messages. */
    tail(lines?: number): string;
    stop(): Promise<void>;
}

interface Launch {
    readonly binary: string;
    readonly args: string[];
    readonly env: Record<string, string>;
    readonly webhookPort?: number;
}

export interface StartOperatorOptions {
    /** Resolve only once it is ready (KServe is not until the chart's ConfigMap exists). @default true */
    readonly wait?: boolean;
    /** @default 120000 */
    readonly readyTimeoutMs?: number;
}

/**
 * Starts one operator against the twin. It runs until stop(); if it exits, it is started again
 * after 2 s. KServe's manager also gets the chart's webhook Service redirected to it.
 */
export async function startOperator(twin: Twin, name: OperatorName, options: StartOperatorOptions = {}): Promise<Operator> {
    const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `llm-serving-${name}-`));
    const probePort = await freePort();
    const launch = await launchOf(twin, name, dir, probePort);
    requireOperatorFile(launch.binary);
    const logPath = path.join(dir, `${name}.log`);
    let child: ChildProcess | undefined;
    let stopping = false;
    let starts = 0;
    const run = () => {
        if (stopping) return;
        starts++;
        const out = fs.openSync(logPath, "a");
        child = spawn(launch.binary, launch.args, { env: { ...process.env, ...launch.env }, stdio: ["ignore", out, out] });
        fs.closeSync(out);
        child.once("exit", () => setTimeout(run, 2_000));
    };
    run();
    let ready = false;
    const isReady = async () => (await probeReady(probePort)) && (launch.webhookPort === undefined || (await acceptsTls(launch.webhookPort)));
    const poller = (async () => {
        while (!stopping) {
            ready = await isReady();
            await new Promise((r) => setTimeout(r, 1_000));
        }
    })();
    const operator: Operator = {
        name,
        webhookPort: launch.webhookPort,
        logPath,
        get starts() {
            return starts;
        },
        ready: () => ready,
        tail: (lines = 30) => fs.readFileSync(logPath, "utf8").split("\n").slice(-lines).join("\n"),
        async stop() {
            stopping = true;
            await poller;
            const c = child;
            if (c && c.exitCode === null && c.signalCode === null) {
                const exited = new Promise((r) => c.once("exit", r));
                c.kill("SIGTERM");
                const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
                await exited;
                clearTimeout(timer);
            }
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
    if (name === "kserve")
        twin.redirectWebhooks({ service: { namespace: "kserve", name: "kserve-webhook-server-service" }, port: launch.webhookPort!, ready: () => ready });
    if (options.wait === false) return operator;
    try {
        await waitUntil(readyTimeoutMs, isReady);
    } catch {
        const tail = operator.tail();
        await operator.stop();
        throw new Error(`${name} was not ready after ${readyTimeoutMs} ms (started ${starts} times); last lines of its log:\n${tail}`);
    }
    return operator;
}

async function launchOf(twin: Twin, name: OperatorName, dir: string, probePort: number): Promise<Launch> {
    const bins = operatorBins();
    const env = { KUBECONFIG: twin.kubeconfigPath, TMPDIR: dir };
    switch (name) {
        case "kserve": {
            // controller-runtime reads the webhook certificate from $TMPDIR/k8s-webhook-server/serving-certs
            // (kserve@v0.20.0 cmd/manager; controller-runtime v0.22.5 pkg/webhook/server.go).
            const webhookPort = await freePort();
            writeServingCert(twin, path.join(dir, "k8s-webhook-server", "serving-certs"));
            return {
                binary: bins.kserveManager,
                // POD_NAMESPACE: where it reads `inferenceservice-config` (the chart's namespace).
                env: { ...env, POD_NAMESPACE: "kserve" },
                args: ["--metrics-addr=0", `--health-probe-addr=127.0.0.1:${probePort}`, `--webhook-port=${webhookPort}`, "--leader-elect=false"],
                webhookPort,
            };
        }
        case "kuberay":
            // Webhooks stay off, as the kuberay-operator chart leaves them (ENABLE_WEBHOOKS unset).
            return {
                binary: bins.kuberayOperator,
                env,
                args: ["--metrics-addr=0", `--health-probe-bind-address=127.0.0.1:${probePort}`, "--enable-leader-election=false"],
            };
        case "lws": {
            // Internal certificate management only issues for `<svc>.<ns>.svc`, so it is off and the
            // manager serves the twin's loopback certificate from certDir (lws pkg/config/config.go).
            const webhookPort = await freePort();
            const certDir = path.join(dir, "certs");
            writeServingCert(twin, certDir);
            const config = path.join(dir, "config.yaml");
            fs.writeFileSync(
                config,
                JSON.stringify({
                    apiVersion: "config.lws.x-k8s.io/v1alpha1",
                    kind: "Configuration",
                    webhook: { port: webhookPort, host: "127.0.0.1", certDir },
                    leaderElection: { leaderElect: false },
                    metrics: { bindAddress: "0" },
                    health: { healthProbeBindAddress: `127.0.0.1:${probePort}` },
                    internalCertManagement: { enable: false },
                }),
            );
            return { binary: bins.lwsManager, env, args: [`--config=${config}`], webhookPort };
        }
    }
}

function writeServingCert(twin: Twin, certDir: string): void {
    fs.mkdirSync(certDir, { recursive: true });
    fs.copyFileSync(path.join(twin.dataDir, "pki", "serving.crt"), path.join(certDir, "tls.crt"));
    fs.copyFileSync(path.join(twin.dataDir, "pki", "serving.key"), path.join(certDir, "tls.key"));
}

/**
 * Creates LeaderWorkerSet's webhook configurations from its release manifests
 * (config/webhook/manifests.yaml with the kustomize patches that add the pod webhooks'
 * objectSelector), pointed at the manager on loopback. Names get the `lws-` prefix the release's
 * kustomization gives them.
 */
export async function installLwsWebhooks(twin: Twin, lws: Operator): Promise<void> {
    const share = requireOperatorFile(path.join(operatorBins().shareDir, "lws"));
    const configs = parseAllDocuments(fs.readFileSync(path.join(share, "manifests.yaml"), "utf8"))
        .map((d) => d.toJS())
        .filter(Boolean);
    const patches: Record<string, string> = { MutatingWebhookConfiguration: "mutating-patch.yaml", ValidatingWebhookConfiguration: "validating-patch.yaml" };
    for (const config of configs) {
        for (const op of parseAllDocuments(fs.readFileSync(path.join(share, patches[config.kind]), "utf8")).flatMap((d) => d.toJS() ?? [])) {
            const index = /^\/webhooks\/(\d+)$/.exec(op.path);
            if (op.op !== "replace" || !index) throw new Error(`unexpected patch in LWS release manifests: ${JSON.stringify(op)}`);
            config.webhooks[Number(index[1])] = op.value;
        }
        config.metadata.name = `lws-${config.metadata.name}`;
        config.webhooks = config.webhooks.map((w: any) => ({ ...w, clientConfig: loopbackClientConfig(twin, lws.webhookPort!, w.clientConfig.service.path) }));
        const kind = config.kind === "MutatingWebhookConfiguration" ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations";
        const res = await kubeRequest(twin, "POST", `/apis/admissionregistration.k8s.io/v1/${kind}`, config);
        if (res.status !== 201) throw new Error(`create ${kind} ${config.metadata.name}: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    }
}

/** A webhook clientConfig calling a server on loopback, trusted through the twin's CA. */
export function loopbackClientConfig(twin: Twin, port: number, webhookPath = "/"): { url: string; caBundle: string } {
    return { url: `https://127.0.0.1:${port}${webhookPath}`, caBundle: Buffer.from(twin.caPem).toString("base64") };
}

async function waitUntil(timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error("timeout");
        await new Promise((r) => setTimeout(r, 500));
    }
}

function probeReady(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const req = http.get({ host: "127.0.0.1", port, path: "/readyz", timeout: 2_000 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(false));
    });
}

function acceptsTls(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = tls.connect({ host: "127.0.0.1", port, rejectUnauthorized: false, timeout: 2_000 }, () => {
            socket.end();
            resolve(true);
        });
        socket.on("timeout", () => socket.destroy());
        socket.on("error", () => resolve(false));
    });
}
