// What every example must show on the twin (issue 15): pods on nodes of the intended pool with
// their GPUs within the node's allocatable, claims Bound, Jobs Complete, Deployments Available.
import assert from "node:assert/strict";
import { kubeGet, kubeRequest, type KubeTarget } from "../kube";
import type { NodeTwin } from "../../../../src/testing";
import { podRequests, parseQuantity } from "./quantity";

const GPU_RESOURCES = ["nvidia.com/gpu", "aliyun.com/gpu-mem"];
const POOL_LABEL = "llm-serving/pool";

async function list(target: KubeTarget, url: string): Promise<any[]> {
    const res = await kubeGet(target, url);
    assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body.items;
}

export interface Placement {
    readonly pod: string;
    readonly node: string;
    readonly pool: string;
    readonly gpus: number;
}

/**
 * Every pod of the namespace (finished Job pods included) is bound to a twin node; a pod asking
 * for GPUs is on a node of `gpuPool` and asks no more than that node's allocatable; a pod asking
 * for none is on the system pool unless it tolerates the GPU taint. Returns the placements.
 */
export async function assertPodsPlaced(target: KubeTarget, nodes: readonly NodeTwin[], namespace: string, gpuPool: string): Promise<Placement[]> {
    const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
    const pods = await list(target, `/api/v1/namespaces/${namespace}/pods`);
    assert.ok(pods.length > 0, `no pods in ${namespace}`);
    return pods.map((pod) => {
        const name = pod.metadata.name;
        const node = byName.get(pod.spec.nodeName);
        assert.ok(
            node,
            `${namespace}/${name} is not bound to a twin node (nodeName ${pod.spec.nodeName}, phase ${pod.status?.phase}: ${JSON.stringify(pod.status?.conditions)})`,
        );
        const pool = node.metadata.labels[POOL_LABEL];
        const requests = podRequests(pod);
        const gpuResource = GPU_RESOURCES.find((r) => (requests[r] ?? 0) > 0);
        const gpus = gpuResource ? requests[gpuResource] : 0;
        if (gpuResource) {
            assert.equal(pool, gpuPool, `${namespace}/${name} asks for ${gpus} ${gpuResource} but landed on pool ${pool}`);
            const allocatable = parseQuantity(node.status.allocatable[gpuResource] ?? "0");
            assert.ok(gpus <= allocatable, `${namespace}/${name} asks for ${gpus} ${gpuResource}; ${node.metadata.name} has ${allocatable}`);
        } else if (!(pod.spec.tolerations ?? []).some((t: any) => t.key === "nvidia.com/gpu" || (t.operator === "Exists" && !t.key))) {
            assert.equal(pool, "system", `${namespace}/${name} asks for no GPU and landed on pool ${pool}`);
        }
        return { pod: name, node: node.metadata.name, pool, gpus };
    });
}

export async function assertClaimsBound(target: KubeTarget, namespace: string): Promise<void> {
    for (const pvc of await list(target, `/api/v1/namespaces/${namespace}/persistentvolumeclaims`)) {
        assert.equal(pvc.status?.phase, "Bound", `claim ${namespace}/${pvc.metadata.name} is ${pvc.status?.phase}`);
        assert.equal(pvc.spec.volumeName !== undefined, true);
    }
}

export async function assertDeploymentsAvailable(target: KubeTarget, namespace: string): Promise<any[]> {
    const deployments = await list(target, `/apis/apps/v1/namespaces/${namespace}/deployments`);
    for (const d of deployments) {
        const available = (d.status?.conditions ?? []).find((c: any) => c.type === "Available");
        assert.equal(available?.status, "True", `Deployment ${namespace}/${d.metadata.name}: ${JSON.stringify(d.status?.conditions)}`);
        assert.equal(d.status.availableReplicas ?? 0, d.spec.replicas, `Deployment ${namespace}/${d.metadata.name} replicas`);
    }
    return deployments;
}

/** Every Job of the namespace is Complete; returns their completion times by name. */
export async function assertJobsComplete(target: KubeTarget, namespace: string): Promise<Map<string, Date>> {
    const done = new Map<string, Date>();
    for (const job of await list(target, `/apis/batch/v1/namespaces/${namespace}/jobs`)) {
        const complete = (job.status?.conditions ?? []).find((c: any) => c.type === "Complete");
        assert.equal(complete?.status, "True", `Job ${namespace}/${job.metadata.name}: ${JSON.stringify(job.status?.conditions)}`);
        done.set(job.metadata.name, new Date(job.status.completionTime));
    }
    return done;
}

/** Pod names of the namespace whose labels include `selector`, with their creation times. */
export async function podsOf(target: KubeTarget, namespace: string, selector: Record<string, string>): Promise<{ name: string; created: Date; uid: string }[]> {
    const query = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const pods = await list(target, `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(query)}`);
    return pods.map((p) => ({ name: p.metadata.name, created: new Date(p.metadata.creationTimestamp), uid: p.metadata.uid }));
}

export interface RunsOnTwinOptions {
    /** The pool GPU pods must land on. @default "gn7i" (the ACK twin's) */
    readonly gpuPool?: string;
    /** Pods the namespace must hold at least (0 where an operator that does not run in the twin would make them). @default 1 */
    readonly minPods?: number;
}

/**
 * What every example must show after `pulumi up` on the twin: pods bound to nodes of the intended
 * pool within its allocatable, claims Bound, Deployments Available, Jobs Complete.
 */
export async function assertRunsOnTwin(
    twin: KubeTarget & { readonly nodes: readonly NodeTwin[] },
    namespace: string,
    options: RunsOnTwinOptions = {},
): Promise<{ placements: Placement[]; jobs: Map<string, Date> }> {
    const pods = await list(twin, `/api/v1/namespaces/${namespace}/pods`);
    const placements = pods.length === 0 && (options.minPods ?? 1) === 0 ? [] : await assertPodsPlaced(twin, twin.nodes, namespace, options.gpuPool ?? "gn7i");
    assert.ok(placements.length >= (options.minPods ?? 1), `${namespace} holds ${placements.length} pods`);
    await assertClaimsBound(twin, namespace);
    await assertDeploymentsAvailable(twin, namespace);
    return { placements, jobs: await assertJobsComplete(twin, namespace) };
}

/**
 * Polls an object until its status condition `type` is True (an operator's verdict, e.g. an
 * InferenceService's Ready) and returns it; fails with the last conditions seen and `context()`.
 */
export async function waitForCondition(target: KubeTarget, urlPath: string, type: string, timeoutMs: number, context: () => string = () => ""): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    for (;;) {
        const res = await kubeRequest(target, "GET", urlPath);
        last = res.body;
        if (res.status === 200 && (last.status?.conditions ?? []).some((c: any) => c.type === type && c.status === "True")) return last;
        if (Date.now() > deadline) {
            assert.fail(
                `${urlPath}: condition ${type} not True after ${timeoutMs} ms; conditions: ${JSON.stringify(last?.status?.conditions ?? last)}\n${context()}`,
            );
        }
        await new Promise((r) => setTimeout(r, 1_000));
    }
}
