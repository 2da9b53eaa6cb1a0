import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { childrenOf, valueOf, expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { engineEnv } from "../../support/pod-profile";
import type { DistributedServingArgs } from "../../../src/serving/distributed";
import { images } from "../../../src/core/versions";

const { mocks, dist } = loadUnderMocks(["dist"]);

const pool = {
    nodeSelector: { "llm-serving/pool": "h100" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" as const, effect: "NoSchedule" as const }],
    gpuResourceName: "nvidia.com/gpu",
    gpusPerNode: 8,
    gpuMemoryGiB: 80,
};
/** Llama-3.1-405B on two 8-GPU nodes: TP 8 inside a node, PP 2 across, as vLLM's LWS guide runs it. */
const llama405b: DistributedServingArgs = {
    namespace: "llm",
    nodes: 2,
    gpuPool: pool,
    model: { source: { volume, path: "Llama-3.1-405B-Instruct" }, servedModelName: "llama-405b", maxModelLen: 16384 },
    resources: { requests: { cpu: "32", memory: "512Gi" }, limits: { memory: "1000Gi" } },
};

function render(args: DistributedServingArgs, name = "big") {
    const rendered = dist.renderDistributed(dist.resolveDistributedArgs(name, args));
    return { rendered, by: Object.fromEntries(rendered.map((o) => [o.role, o.object as any])) };
}

describe("DistributedServing renders", () => {
    test("a LeaderWorkerSet and a leader Service that validate against the LWS v0.10.0 CRD", () => {
        const { rendered, by } = render(llama405b);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "lws", "service", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const t = by.lws.spec.leaderWorkerTemplate;
        assert.equal(by.lws.spec.replicas, 1);
        assert.equal(t.size, 2);
        assert.equal(t.restartPolicy, "RecreateGroupOnPodRestart");
        // A headless Service per group: the shared one would be named like the client Service below.
        assert.deepEqual(by.lws.spec.networkConfig, { subdomainPolicy: "UniquePerReplica" });
        assert.equal(by.service.metadata.name, by.lws.metadata.name);
        for (const tpl of [t.leaderTemplate, t.workerTemplate]) {
            const c = tpl.spec.containers[0];
            assert.equal(c.image, images.vllmOpenAi);
            assert.equal(c.resources.limits["nvidia.com/gpu"], "8");
            assert.deepEqual(tpl.spec.nodeSelector, { "llm-serving/pool": "h100" });
            assert.equal(tpl.spec.volumes.find((v: any) => v.name === "devshm").emptyDir.medium, "Memory");
        }
        assert.deepEqual(by.service.spec.selector, {
            "app.kubernetes.io/name": "big",
            "app.kubernetes.io/component": "distributed",
            "llm-serving/role": "leader",
        });
        assert.equal(t.leaderTemplate.metadata.labels["llm-serving/role"], "leader");
        assert.equal(t.workerTemplate.metadata.labels["llm-serving/role"], "worker");
    });

    test("vLLM across the group: TP 8 x PP 2, rank 0 serves, the other ranks join headless at the leader's address", () => {
        const { by } = render(llama405b);
        const t = by.lws.spec.leaderWorkerTemplate;
        const leader: string[] = t.leaderTemplate.spec.containers[0].args;
        const worker: string[] = t.workerTemplate.spec.containers[0].args;
        for (const flag of [
            "--model=/mnt/models/Llama-3.1-405B-Instruct",
            "--tensor-parallel-size=8",
            "--pipeline-parallel-size=2",
            "--nnodes=2",
            "--master-addr=$(LWS_LEADER_ADDRESS)",
            "--distributed-executor-backend=mp",
        ]) {
            assert.ok(leader.includes(flag) && worker.includes(flag), flag);
        }
        assert.ok(leader.includes("--node-rank=0") && !leader.includes("--headless"));
        assert.ok(worker.includes("--node-rank=$(LWS_WORKER_INDEX)") && worker.includes("--headless"));
        assert.equal(t.leaderTemplate.spec.containers[0].readinessProbe.httpGet.path, "/v1/models");
        assert.equal(t.workerTemplate.spec.containers[0].readinessProbe, undefined, "workers serve no HTTP");
        assert.equal(t.workerTemplate.spec.containers[0].ports, undefined);
    });

    test("custom commands (Arena's serve distributed) get WORLD_SIZE and POD_INDEX from LWS", () => {
        // SGLang's multi-node launch, shared by both roles; the leader is rank 0 and serves the port.
        const sglangLaunch = [
            "python3",
            "-m",
            "sglang.launch_server",
            "--dist-init-addr",
            "$(LWS_LEADER_ADDRESS):20000",
            "--nnodes",
            "$(LWS_GROUP_SIZE)",
            "--node-rank",
        ];
        const { rendered, by } = render({
            namespace: "llm",
            engine: "custom",
            nodes: 3,
            image: "registry.example.com/sglang:v0.5.0",
            gpus: { count: 4 },
            custom: {
                leaderCommand: [...sglangLaunch, "0", "--port", "30000"],
                workerCommand: [...sglangLaunch, "$(LWS_WORKER_INDEX)"],
                port: 30000,
            },
            exposure: { kind: "ingress", host: "sglang.example.com" },
            metrics: {},
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "lws", "service", "ingress", "servicemonitor", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const leader = by.lws.spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0];
        assert.equal(leader.command[0], "python3");
        assert.deepEqual(
            engineEnv(leader).map((e: any) => [e.name, e.valueFrom.fieldRef.fieldPath]),
            [
                ["WORLD_SIZE", "metadata.annotations['leaderworkerset.sigs.k8s.io/size']"],
                ["POD_INDEX", "metadata.labels['leaderworkerset.sigs.k8s.io/worker-index']"],
            ],
        );
        assert.deepEqual(leader.readinessProbe.tcpSocket, { port: 30000 });
        assert.equal(by.service.spec.ports[0].port, 30000);
        assert.equal(by.ingress.spec.rules[0].http.paths[0].backend.service.port.number, 30000);
    });
});

describe("DistributedServing component", () => {
    test("children <name>-lws and <name>-service with their types; OpenAI URL of the leaders", async () => {
        const svc = new dist.DistributedServing("llama", llama405b);
        await mocks.settle();
        assert.equal(mocks.byName("llama").type, "llm-serving:serving:DistributedServing");
        assert.equal(mocks.byName("llama-lws").type, "kubernetes:leaderworkerset.x-k8s.io/v1:LeaderWorkerSet");
        assert.equal(mocks.byName("llama-service").type, "kubernetes:core/v1:Service");
        assert.equal(mocks.byName("llama-serviceaccount").type, "kubernetes:core/v1:ServiceAccount");
        assert.equal(mocks.byName("llama-networkpolicy").type, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.equal(childrenOf(svc).length, 4);
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://llama.llm.svc.cluster.local:8000/v1");
    });
});

describe("bad input names the field", () => {
    const cases: [string, DistributedServingArgs, string][] = [
        ["one node", { ...llama405b, nodes: 1 }, "nodes"],
        ["parallelism not covering the group", { ...llama405b, parallelism: { tensor: 8, pipeline: 1 } }, "parallelism"],
        ["more GPUs per pod than a node has", { ...llama405b, gpus: { count: 16 } }, "gpus.count"],
        ["a GPU-memory share", { ...llama405b, gpus: { memoryGiB: 20 }, gpuPool: undefined }, "gpus.memoryGiB"],
        ["vllm without a model", { ...llama405b, model: undefined }, "model"],
        ["custom without commands", { ...llama405b, engine: "custom", model: undefined, image: "x/y:1" }, "custom"],
        ["custom without an image", { ...llama405b, engine: "custom", model: undefined, custom: { leaderCommand: ["a"], workerCommand: ["b"] } }, "image"],
        [
            "an empty command",
            { ...llama405b, engine: "custom", model: undefined, image: "x/y:1", custom: { leaderCommand: [], workerCommand: ["b"] } },
            "custom.leaderCommand",
        ],
        ["a volume in another namespace", { ...llama405b, namespace: "other" }, "model.source.volume"],
        ["autoscaling bounds", { ...llama405b, replicas: { min: 1, max: 3 } }, "replicas.max"],
        ["a name LWS cannot extend", { ...llama405b }, "name"],
        ["a typo", { ...llama405b, node: 2 } as any, "node"],
    ];
    for (const [what, args, path] of cases) {
        test(what, () => void expectArgError(() => dist.resolveDistributedArgs(what === "a name LWS cannot extend" ? "a".repeat(41) : "big", args), path));
    }
});
