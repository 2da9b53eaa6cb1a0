// DistributedServing through the real engine on the cluster twin with LeaderWorkerSet's real
// manager (v0.9.0 built from its Go module: the proxy refuses v0.10.0's source; see
// engine/operators/build.sh) and its admission webhooks on loopback, from the release's manifests.
// The manager turns the LeaderWorkerSet into a leader StatefulSet and a worker StatefulSet per
// group; its pod webhook gives each pod its rank labels and LWS_* environment; the scheduler puts
// each pod of the group on its own GPU node. What stays unverified: vLLM itself (ranks joining the
// leader over the network), which needs GPUs and a container runtime.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./support/engine";
import { startExample, type ExampleStack } from "./support/example";
import { kubeGet } from "./support/kube";
import { ACK_TWIN_CLUSTER } from "./support/twin";
import { assertRunsOnTwin, waitForCondition } from "./support/twin/assertions";
import { installLwsWebhooks, startOperator, type Operator } from "./support/twin/operators";

const DIR = path.join(repoRoot, "test", "e2e", "programs", "distributed");
// The example pool with two nodes: one per pod of the group.
const CLUSTER = { ...ACK_TWIN_CLUSTER, gpuPools: ACK_TWIN_CLUSTER.gpuPools!.map((p) => ({ ...p, desiredSize: 2 })) };
let ex: ExampleStack;
let lws: Operator;

before(async () => {
    ex = await startExample({ dir: DIR, twin: { cluster: CLUSTER } });
    lws = await startOperator(ex.apiserver, "lws");
    await installLwsWebhooks(ex.apiserver, lws);
});
after(async () => {
    await lws?.stop();
    await ex?.close();
});

test(
    "distributed: the LeaderWorkerSet becomes leader and worker StatefulSets, one GPU node per rank, LWS environment injected",
    { timeout: 15 * 60_000 },
    async () => {
        await ex.up();
        const context = () => `lws manager:\n${lws.tail(40)}\ntwin:\n${ex.apiserver.log.slice(-20).join("\n")}`;
        await waitForCondition(ex.apiserver, "/apis/leaderworkerset.x-k8s.io/v1/namespaces/llm/leaderworkersets/qwen-32b", "Available", 180_000, context);

        const sets = (await kubeGet(ex.apiserver, "/apis/apps/v1/namespaces/llm/statefulsets")).body.items;
        assert.deepEqual(
            sets.map((s: any) => [s.metadata.name, s.spec.replicas]).sort(),
            [
                ["qwen-32b", 1],
                ["qwen-32b-0", 1],
            ],
            context(),
        );
        const { placements } = await assertRunsOnTwin(ex.apiserver, "llm", { gpuPool: "gn7i", minPods: 2 });
        assert.deepEqual(placements.map((p) => [p.pod, p.pool, p.gpus]).sort(), [
            ["qwen-32b-0", "gn7i", 2],
            ["qwen-32b-0-1", "gn7i", 2],
        ]);
        assert.notEqual(placements[0].node, placements[1].node, "each rank on its own node");

        const pods = (await kubeGet(ex.apiserver, "/api/v1/namespaces/llm/pods")).body.items;
        for (const [name, rank] of [
            ["qwen-32b-0", "0"],
            ["qwen-32b-0-1", "1"],
        ]) {
            const pod = pods.find((p: any) => p.metadata.name === name);
            assert.equal(pod.metadata.labels["leaderworkerset.sigs.k8s.io/worker-index"], rank);
            assert.equal(pod.metadata.labels["leaderworkerset.sigs.k8s.io/group-index"], "0");
            const env = Object.fromEntries(pod.spec.containers[0].env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
            assert.equal(env.LWS_GROUP_SIZE, "2");
            assert.equal(env.LWS_WORKER_INDEX, rank);
            // The leader address resolves only through a headless Service named by the pods' subdomain.
            const [host, subdomain, ns] = env.LWS_LEADER_ADDRESS.split(".");
            assert.deepEqual([host, ns], ["qwen-32b-0", "llm"], env.LWS_LEADER_ADDRESS);
            assert.equal(pod.spec.subdomain, subdomain);
            const svc = await kubeGet(ex.apiserver, `/api/v1/namespaces/llm/services/${subdomain}`);
            assert.equal(svc.body.spec?.clusterIP, "None", `Service ${subdomain} (the pods' subdomain) must be headless: ${JSON.stringify(svc.body.spec)}`);
        }
        // The component's URL is its own leader Service, which selects the leader pod only.
        const outputs = JSON.parse((await ex.run(["stack", "output", "--json"])).stdout);
        const serviceName = new URL(outputs.url).hostname.split(".")[0];
        const endpoints = (await kubeGet(ex.apiserver, `/api/v1/namespaces/llm/endpoints/${serviceName}`)).body;
        assert.deepEqual(
            endpoints.subsets?.flatMap((s: any) => s.addresses.map((a: any) => a.targetRef.name)),
            ["qwen-32b-0"],
            JSON.stringify(endpoints),
        );

        await ex.destroy();
        assert.equal((await kubeGet(ex.apiserver, "/apis/leaderworkerset.x-k8s.io/v1/namespaces/llm/leaderworkersets/qwen-32b")).status, 404);
    },
);
