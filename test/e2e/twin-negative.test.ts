// What cannot run on the cluster twin must fail, with a reason, and never hang (issue 15):
// - more GPUs per pod than the pool's nodes have: refused by the library before anything is
//   registered when it knows the pool (a GpuCluster scheduling handle with `gpusPerNode`);
//   otherwise `pulumi up` fails within its await budget with the scheduler's reason;
// - a node selector or a toleration that does not match the GPU pool: the scheduler's reason;
// - a claim whose access mode does not match its volume: the claim stays Pending and `pulumi up`
//   fails on it; the volume controller's reason is on the claim's events.
// Each case runs test/e2e/programs/twin-negative on a twin of its own (no CRDs needed).
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { startExample } from "./support/example";
import { kubeGet } from "./support/kube";

const DIR = path.join(__dirname, "programs", "twin-negative");
/** The provider's await budget per resource in the program; a case must fail well within 3x it. */
const BUDGET_S = 45;

async function upFails(which: string): Promise<{ output: string; seconds: number; events: string[]; objects: string[] }> {
    const ex = await startExample({ dir: DIR, config: { case: which, timeout: `${BUDGET_S}s` }, twin: { crds: false } });
    try {
        const started = Date.now();
        const res = await ex.tryUp();
        const seconds = (Date.now() - started) / 1000;
        assert.notEqual(res.code, 0, `pulumi up of case ${which} must fail:\n${res.stdout}`);
        const events = (await kubeGet(ex.apiserver, "/api/v1/namespaces/neg/events")).body.items?.map((e: any) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`) ?? [];
        const objects = (await ex.stateObjects()).map((o) => `${o.name}=${o.kind}`);
        return { output: `${res.stdout}\n${res.stderr}`, seconds, events, objects };
    } finally {
        await ex.close();
    }
}

test("twin negative: more GPUs per pod than a node has", { timeout: 10 * 60_000 }, async () => {
    const known = await upFails("gpus-per-pod-known");
    assert.match(known.output, /gpus\.count/);
    assert.match(known.output, /4 GPUs per replica, but a node of the GPU pool has 2/);
    assert.deepEqual(known.objects.filter((o) => o.startsWith("big")), [], "nothing of the service is registered when the library refuses");

    const unknown = await upFails("gpus-per-pod");
    assert.match(unknown.output, /Insufficient nvidia\.com\/gpu/, unknown.output);
    assert.ok(unknown.seconds < 3 * BUDGET_S, `failed after ${unknown.seconds} s`);
});

test("twin negative: a node selector that matches no pool", { timeout: 10 * 60_000 }, async () => {
    const r = await upFails("node-selector");
    assert.match(r.output, /didn't match Pod's node affinity\/selector/, r.output);
    assert.ok(r.seconds < 3 * BUDGET_S, `failed after ${r.seconds} s`);
});

test("twin negative: a toleration that does not match the GPU taint", { timeout: 10 * 60_000 }, async () => {
    const r = await upFails("toleration");
    assert.match(r.output, /untolerated taint/, r.output);
    assert.ok(r.seconds < 3 * BUDGET_S, `failed after ${r.seconds} s`);
});

test("twin negative: a claim whose access mode does not match its volume", { timeout: 10 * 60_000 }, async () => {
    const r = await upFails("access-mode");
    assert.match(r.output, /PersistentVolumeClaim/, r.output);
    assert.ok(r.events.some((e) => /incompatible accessMode/.test(e)), r.events.join("\n"));
    assert.ok(r.seconds < 3 * BUDGET_S, `failed after ${r.seconds} s`);
});
