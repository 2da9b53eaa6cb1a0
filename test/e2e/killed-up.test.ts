// Issue 17 §10, "A killed `pulumi up` converges": examples/openllm through the real engine, its
// `pulumi up` killed (SIGKILL, no chance to clean up) while the provider awaits the Deployment it has
// just created, then the recovery of docs/operations.md ("An interrupted pulumi up") and `up` again.
//
// Covered:
// - the kill lands at a known point: the nodes are cordoned during the first `up` (uncordoned right
//   after the kill), so the Deployment's pod stays Pending and the provider is still awaiting the
//   rollout when the CLI is killed; the Namespace is in the state and the Deployment a pending
//   create (asserted from `pulumi stack export`, not assumed); the Service may or may not have been
//   sent yet;
// - the stale lock of the file backend refuses the next command, as the docs say;
// - the documented recovery: `pulumi cancel --yes` (removes the lock), `pulumi refresh
//   --clear-pending-creates`, `pulumi up`; after it the state holds no pending operation;
// - convergence: `up` exits 0; every object the state holds reads back from the API server; no
//   object in the namespace carrying the library's `app.kubernetes.io/managed-by` label is missing
//   from the state (no orphan), each state object exists once and its Deployment has a single
//   ReplicaSet (the re-create adopted the object the killed run left; no second rollout);
//   `assertRunsOnTwin`; then `destroy` succeeds (the Deployment is gone, the state holds nothing).
//
// Not covered: a kill during an update or a delete (pending updates/deletes), a kill while a Helm
// release or an operator's custom resource is pending, a kill of the whole process tree at once
// (here only the CLI is killed; the provider plugin it started runs in its own process group and
// does not exit on its own, so the test ends it by pid right after the CLI), backends other than
// the local file backend (Pulumi Cloud keeps no lock file; `pulumi cancel` cancels the update there).
//
//   TSX_TSCONFIG_PATH=$PWD/tsconfig.test.json node --import tsx --test --test-reporter=spec test/e2e/killed-up.test.ts
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { MANAGED_BY } from "../../src/core/kube";
import { repoRoot } from "./support/engine";
import { readBack, startExample, type ExampleStack } from "./support/example";
import { kubeGet, kubeRequest } from "./support/kube";
import { assertRunsOnTwin } from "./support/twin/assertions";

const DIR = path.join(repoRoot, "examples", "openllm");
const NS = "llm";
const DEPLOYMENT = `/apis/apps/v1/namespaces/${NS}/deployments/chat`;
const SELECTOR = `labelSelector=${encodeURIComponent(`app.kubernetes.io/managed-by=${MANAGED_BY}`)}`;
// The namespaced kinds the library writes (the ones openllm can make and a few more), by API path.
const LABELLED = [
    ["apps/v1", "Deployment", "/apis/apps/v1"],
    ["apps/v1", "StatefulSet", "/apis/apps/v1"],
    ["v1", "Service", "/api/v1"],
    ["v1", "ConfigMap", "/api/v1"],
    ["v1", "Secret", "/api/v1"],
    ["v1", "ServiceAccount", "/api/v1"],
    ["v1", "PersistentVolumeClaim", "/api/v1"],
    ["batch/v1", "Job", "/apis/batch/v1"],
    ["networking.k8s.io/v1", "Ingress", "/apis/networking.k8s.io/v1"],
    ["networking.k8s.io/v1", "NetworkPolicy", "/apis/networking.k8s.io/v1"],
    ["monitoring.coreos.com/v1", "ServiceMonitor", "/apis/monitoring.coreos.com/v1"],
] as const;
const plural = (kind: string) => (kind.endsWith("s") ? `${kind}es` : kind.endsWith("y") ? `${kind.slice(0, -1)}ies` : `${kind}s`).toLowerCase();

let ex: ExampleStack;
let cli: ChildProcess | undefined;

before(async () => {
    ex = await startExample({ dir: DIR });
});
after(async () => {
    // A failure before the kill leaves the first `up` running: end it and the plugins it started.
    if (cli?.pid && cli.exitCode === null && cli.signalCode === null) killAll([...childrenOf(cli.pid), cli.pid]);
    await ex?.close();
});

/** Pids of the processes whose parent is `pid` (from /proc): the plugins a CLI started. */
function childrenOf(pid: number): number[] {
    const found: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid === pid) found.push(Number(entry));
        } catch {
            // the process ended meanwhile
        }
    }
    return found;
}

function killAll(pids: readonly number[]): void {
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
}

async function poll<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
        const got = await probe();
        if (got !== undefined) return got;
        assert.ok(Date.now() < deadline, `${what}: not within ${deadlineMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

async function exported(): Promise<any> {
    return JSON.parse((await ex.run(["stack", "export"])).stdout).deployment;
}

/** Cordons (or uncordons) every node of the twin, as `kubectl cordon` does. */
async function cordon(unschedulable: boolean): Promise<void> {
    for (const node of ex.apiserver.nodes) {
        const res = await kubeRequest(
            ex.apiserver,
            "PATCH",
            `/api/v1/nodes/${node.metadata.name}`,
            { spec: { unschedulable } },
            "application/merge-patch+json",
        );
        assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    }
}

/** `kind/name` of every object of the namespace carrying the library's managed-by label. */
async function labelled(): Promise<string[]> {
    const found: string[] = [];
    for (const [, kind, base] of LABELLED) {
        const res = await kubeGet(ex.apiserver, `${base}/namespaces/${NS}/${plural(kind)}?${SELECTOR}`);
        if (res.status === 404) continue; // a kind the twin does not serve
        assert.equal(res.status, 200, `${kind}: ${JSON.stringify(res.body).slice(0, 300)}`);
        for (const o of res.body.items) found.push(`${kind}/${o.metadata.name}`);
    }
    return found.sort();
}

test("killed-up: SIGKILL mid-update, the documented recovery, up converges without orphans or duplicates, destroy", { timeout: 15 * 60_000 }, async () => {
    const started = Date.now();
    const t = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

    // 1. Start `up` with every node cordoned, so the Deployment's pod stays Pending and the provider
    //    keeps awaiting its rollout (on the twin, an uncordoned pod is ready within the poll period,
    //    and the create would be recorded before the kill). Kill the CLI once the Deployment exists
    //    on the API server: the engine has recorded a pending create and not its result.
    await cordon(true);
    const up = await ex.startUp();
    cli = up.child;
    let finishedEarly = false;
    void up.done.then(() => (finishedEarly = true));
    const atKill = await poll("the Deployment on the API server", 300_000, async () => {
        if (finishedEarly) assert.fail(`up finished before the Deployment was seen: ${JSON.stringify(await up.done)}`);
        const res = await kubeGet(ex.apiserver, DEPLOYMENT);
        return res.status === 200 ? res.body : undefined;
    });
    assert.ok((atKill.status?.availableReplicas ?? 0) === 0, `the Deployment had rolled out before the kill: ${JSON.stringify(atKill.status)}`);
    const exited = new Promise<void>((resolve) => {
        if (up.child.exitCode !== null || up.child.signalCode !== null) resolve();
        else up.child.once("exit", () => resolve());
    });
    // The CLI's plugins (the kubernetes provider) run in process groups of their own and outlive a
    // killed CLI (as they would outside the test); they are ended by pid once the CLI is gone.
    const plugins = childrenOf(up.child.pid!);
    up.child.kill("SIGKILL");
    await exited;
    killAll(plugins);
    const killed = await up.done;
    assert.equal(killed.signal, "SIGKILL", `the CLI was not killed: ${JSON.stringify(killed)}`);
    console.log(`killed at ${t()}`);
    await cordon(false);

    // What the kill left: the Namespace recorded, the Deployment a pending create.
    const left = await exported();
    const pending = (left.pending_operations ?? []).map((p: any) => `${p.type}:${p.resource.urn.split("::").pop()}`);
    assert.ok(pending.includes("creating:chat-deployment"), `pending operations: ${JSON.stringify(pending)}`);
    assert.ok(
        (left.resources ?? []).some((r: any) => r.urn.endsWith("::llm")),
        "the Namespace is not in the state",
    );

    // 2. The documented recovery (docs/operations.md). The killed CLI's lock refuses the next command.
    // (The harness hands the CLI its program through --client, as for up; refresh does not run it.)
    const program = path.join(ex.projectDir, "index.ts");
    const refused = await ex.ws.run(["refresh", "--yes", "--non-interactive", "--skip-preview"], { program, allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /currently locked/);
    await ex.run(["cancel", "--yes", "--non-interactive"]);
    await ex.ws.run(["refresh", "--clear-pending-creates", "--yes", "--non-interactive", "--skip-preview"], { program });
    const recovered = await exported();
    assert.deepEqual(recovered.pending_operations ?? [], [], "refresh left pending operations");
    console.log(`recovered at ${t()}`);

    // 3. `up` again converges.
    const again = await ex.tryUp();
    assert.equal(again.code, 0, `up after recovery: ${again.stdout}\n${again.stderr}`);
    const objects = await ex.stateObjects();
    assert.deepEqual(objects.map((o) => `${o.name}=${o.kind}`).sort(), [
        "chat-deployment=Deployment",
        "chat-networkpolicy=NetworkPolicy",
        "chat-service=Service",
        "chat-serviceaccount=ServiceAccount",
        "llm=Namespace",
    ]);
    assert.deepEqual((await exported()).pending_operations ?? [], [], "up left pending operations");
    // Each state object once, and each read back from the API server.
    const keys = objects.map((o) => `${o.kind}/${o.namespace ?? ""}/${o.objectName}`);
    assert.equal(new Set(keys).size, keys.length, `an object twice in the state: ${keys}`);
    await readBack(ex.apiserver, objects);
    // No orphan: everything labelled as the library's in the namespace is in the state.
    const inState = objects
        .filter((o) => o.namespace === NS)
        .map((o) => `${o.kind}/${o.objectName}`)
        .sort();
    assert.deepEqual(await labelled(), inState, "labelled objects on the API server vs the state");
    // No duplicate rollout: the re-create adopted the Deployment, one ReplicaSet.
    const sets = await kubeGet(ex.apiserver, `/apis/apps/v1/namespaces/${NS}/replicasets`);
    assert.equal(sets.status, 200);
    assert.equal(sets.body.items.length, 1, `ReplicaSets: ${sets.body.items.map((r: any) => r.metadata.name)}`);
    await assertRunsOnTwin(ex.apiserver, NS);
    console.log(`converged at ${t()}`);

    await ex.destroy();
    assert.equal((await kubeGet(ex.apiserver, DEPLOYMENT)).status, 404);
    assert.deepEqual(await ex.stateObjects(), []);
    console.log(`destroyed at ${t()}`);
});
