// What cannot run on the cluster twin must fail, with a reason, and never hang (issue 15):
// - more GPUs per pod than the pool's nodes have, and a node selector that replaces the GPU
//   pool's: refused by the library before anything of the service is registered, when it is given
//   the pool (a GpuCluster scheduling handle);
// - the same without the pool's handle, a node selector that matches no node, a Job pinned to the
//   GPU pool without its toleration: `pulumi up` fails within its await budget. The provider's
//   message says the pods did not become live; the scheduler's reason is on the pod (read back
//   here), because pulumi-kubernetes logs a pod's PodScheduled=False message at info severity
//   and leaves it out of the error (pkg/await/deployment.go aggregatePodErrors);
// - a claim whose access mode does not match its volume: the claim stays Pending, `pulumi up`
//   fails on it after the provider's fixed 5-minute claim await, and the volume controller's
//   reason is on the claim's events.
// Each case runs test/e2e/programs/twin-negative on a twin of its own (no CRDs needed).
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import { startExample } from "./support/example";
import { kubeGet } from "./support/kube";

const DIR = path.join(__dirname, "programs", "twin-negative");
/** The provider's await budget per resource in the program; a case must fail well within 3x it. */
const BUDGET_S = 45;

interface Failure {
    readonly output: string;
    readonly seconds: number;
    /** `Kind/name Reason: message` of the namespace's events */
    readonly events: string[];
    /** the scheduler's PodScheduled=False messages of the namespace's pods */
    readonly unschedulable: string[];
    readonly objects: string[];
}

async function upFails(which: string): Promise<Failure> {
    const ex = await startExample({ dir: DIR, config: { case: which, timeout: `${BUDGET_S}s` }, twin: { crds: false } });
    try {
        const started = Date.now();
        const res = await ex.tryUp();
        const seconds = (Date.now() - started) / 1000;
        assert.notEqual(res.code, 0, `pulumi up of case ${which} must fail:\n${res.stdout}`);
        const events = ((await kubeGet(ex.apiserver, "/api/v1/namespaces/neg/events")).body.items ?? []).map(
            (e: any) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`,
        );
        const pods = (await kubeGet(ex.apiserver, "/api/v1/namespaces/neg/pods")).body.items ?? [];
        const unschedulable = pods.flatMap((p: any) =>
            (p.status?.conditions ?? []).filter((c: any) => c.type === "PodScheduled" && c.status === "False").map((c: any) => c.message),
        );
        const objects = (await ex.stateObjects()).map((o) => `${o.name}=${o.kind}`);
        return { output: `${res.stdout}\n${res.stderr}`, seconds, events, unschedulable, objects };
    } finally {
        await ex.close();
    }
}

/** `pulumi up` failed on the workload within the budget, and the scheduler said why. */
function assertUnschedulable(r: Failure, resource: string, reason: RegExp): void {
    assert.match(r.output, new RegExp(`${resource}[\\s\\S]*(failed to fully initialize or become live|timed out)`), r.output);
    assert.ok(r.seconds < 3 * BUDGET_S, `failed after ${r.seconds} s`);
    assert.ok(
        r.unschedulable.some((m) => reason.test(m)),
        `scheduler: ${JSON.stringify(r.unschedulable)}`,
    );
}

// The cases wait on await budgets, not on the CPU: they run side by side, each on its own twin.
describe("twin negative", { concurrency: true }, () => {
    test("twin negative: more GPUs per pod than a node has", { timeout: 10 * 60_000 }, async () => {
        const known = await upFails("gpus-per-pod-known");
        assert.match(known.output, /gpus\.count/);
        assert.match(known.output, /4 GPUs per replica, but a node of the GPU pool has 2/);
        assert.deepEqual(
            known.objects.filter((o) => o.startsWith("big")),
            [],
            "nothing of the service is registered when the library refuses",
        );

        assertUnschedulable(await upFails("gpus-per-pod"), "big-deployment", /Insufficient nvidia\.com\/gpu/);
    });

    test("twin negative: a node selector that matches no pool", { timeout: 10 * 60_000 }, async () => {
        const known = await upFails("node-selector-known");
        assert.match(known.output, /nodeSelector\.llm-serving\/pool.*'h100' replaces the GPU pool's 'gn7i'/);
        assert.deepEqual(
            known.objects.filter((o) => o.startsWith("lost")),
            [],
        );

        assertUnschedulable(await upFails("node-selector"), "lost-deployment", /didn't match Pod's node affinity\/selector/);
    });

    test("twin negative: a Job pinned to the GPU pool without its toleration", { timeout: 10 * 60_000 }, async () => {
        assertUnschedulable(await upFails("toleration"), "pinned-job", /untolerated taint/);
    });

    test("twin negative: a claim whose access mode does not match its volume", { timeout: 10 * 60_000 }, async () => {
        const r = await upFails("access-mode");
        assert.match(r.output, /PersistentVolumeClaim \(rwo\)/, r.output);
        // The provider waits a fixed 5 minutes for a claim to bind; customTimeouts do not shorten it
        // (pkg/await/awaiters.go untilCoreV1PersistentVolumeClaimReady).
        assert.ok(r.seconds < 6 * 60, `failed after ${r.seconds} s`);
        assert.ok(
            r.events.some((e) => /incompatible accessMode/.test(e)),
            r.events.join("\n"),
        );
    });
});
