// The kubelet stand-in of the cluster twin. There is no container runtime here, so something must
// play the kubelet's part for pods the real scheduler bound to twin nodes: this loop does, through
// the API server only. It is the one pretend piece of the twin; the API server, scheduler,
// controllers, provider and engine are real (docs/TWIN.md).
//
// What it does, as the kubelet would:
// - admits a pod only if the node's allocatable still holds its requests (else Failed, reason
//   `OutOf<resource>`, as the kubelet's admission says), and only once its claims are Bound (else
//   it waits, as a pod in ContainerCreating). It does not check that mounted Secrets and
//   ConfigMaps exist: cert-manager's controller, which issues the webhook certificate Secrets the
//   charts' controllers mount, does not run in the twin;
// - runs it: Running and Ready with a pod IP, init containers terminated with exit code 0; pods of
//   Jobs (and other run-to-completion pods) go on to Succeeded;
// - finishes deletions: a pod marked for deletion is removed at once (no grace to wait out).
import { kubeRequest, type KubeTarget } from "../kube";
import type { NodeTwin } from "../../../../src/testing";
import { podRequests, fitsIn, parseQuantity } from "./quantity";

export interface KubeletStandIn {
    /** What it did, in order (`Running llm/x-abc on twin-gn7i-0`), for test failure messages. */
    readonly log: string[];
    stop(): Promise<void>;
}

interface NodeState {
    readonly index: number;
    readonly hostIP: string;
    readonly allocatable: Record<string, number>;
    nextIP: number;
}

const POLL_MS = 250;

export function startKubeletStandIn(target: KubeTarget, nodes: readonly NodeTwin[]): KubeletStandIn {
    const state = new Map<string, NodeState>(
        nodes.map((n, index) => [
            n.metadata.name,
            {
                index,
                hostIP: n.status.addresses.find((a) => a.type === "InternalIP")!.address,
                allocatable: Object.fromEntries(Object.entries(n.status.allocatable).map(([k, v]) => [k, parseQuantity(v)])),
                nextIP: 2,
            },
        ]),
    );
    const log: string[] = [];
    const started = new Set<string>();
    let stopped = false;
    let failures = 0;
    const loop = (async () => {
        while (!stopped) {
            try {
                await syncOnce(target, state, started, log);
                failures = 0;
            } catch (e) {
                // The API server going away at the end of a test is expected; anything else is logged.
                if (!stopped && ++failures % 20 === 1) log.push(`stand-in error: ${(e as Error).message}`);
            }
            await new Promise((r) => setTimeout(r, POLL_MS));
        }
    })();
    return {
        log,
        async stop() {
            stopped = true;
            await loop;
        },
    };
}

async function syncOnce(target: KubeTarget, nodes: Map<string, NodeState>, started: Set<string>, log: string[]): Promise<void> {
    const res = await kubeRequest(target, "GET", "/api/v1/pods?fieldSelector=spec.nodeName!%3D");
    if (res.status !== 200) throw new Error(`list pods: HTTP ${res.status}`);
    const pods: any[] = res.body.items;
    const used = usage(pods, nodes);
    for (const pod of pods) {
        const node = nodes.get(pod.spec.nodeName);
        if (!node) continue;
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (pod.metadata.deletionTimestamp) {
            await kubeRequest(target, "DELETE", `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}?gracePeriodSeconds=0`);
            continue;
        }
        if (started.has(pod.metadata.uid) || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
        const short = shortage(podRequests(pod), used.get(pod.spec.nodeName) ?? {}, node.allocatable);
        if (short) {
            await patchStatus(target, pod, {
                phase: "Failed",
                reason: `OutOf${short.resource}`,
                message: `Pod was rejected: Node didn't have enough resource: ${short.resource}, requested: ${short.requested}, used: ${short.used}, capacity: ${short.capacity}`,
            });
            started.add(pod.metadata.uid);
            log.push(`Failed ${key} on ${pod.spec.nodeName}: OutOf${short.resource}`);
            continue;
        }
        if (!(await volumesReady(target, pod))) continue;
        const podIP = `10.244.${node.index}.${node.nextIP++}`;
        const completes = runsToCompletion(pod);
        await patchStatus(target, pod, completes ? succeeded(pod, node.hostIP, podIP) : running(pod, node.hostIP, podIP));
        started.add(pod.metadata.uid);
        log.push(`${completes ? "Succeeded" : "Running"} ${key} on ${pod.spec.nodeName}`);
    }
}

/** Requests of the pods each node already runs (admitted, not finished). */
function usage(pods: any[], nodes: Map<string, NodeState>): Map<string, Record<string, number>> {
    const used = new Map<string, Record<string, number>>();
    for (const pod of pods) {
        if (!nodes.has(pod.spec.nodeName) || pod.status?.phase !== "Running") continue;
        const total = used.get(pod.spec.nodeName) ?? {};
        for (const [k, v] of Object.entries(podRequests(pod))) total[k] = (total[k] ?? 0) + v;
        total.pods = (total.pods ?? 0) + 1;
        used.set(pod.spec.nodeName, total);
    }
    return used;
}

function shortage(requests: Record<string, number>, used: Record<string, number>, allocatable: Record<string, number>) {
    const want: Record<string, number> = { ...requests, pods: 1 };
    const resource = fitsIn(want, used, allocatable);
    if (resource === undefined) return undefined;
    return { resource, requested: want[resource] ?? 0, used: used[resource] ?? 0, capacity: allocatable[resource] ?? 0 };
}

/** The kubelet mounts a pod's volumes first: its claims must be Bound. */
async function volumesReady(target: KubeTarget, pod: any): Promise<boolean> {
    for (const v of pod.spec.volumes ?? []) {
        if (!v.persistentVolumeClaim) continue;
        const res = await kubeRequest(
            target,
            "GET",
            `/api/v1/namespaces/${pod.metadata.namespace}/persistentvolumeclaims/${v.persistentVolumeClaim.claimName}`,
        );
        if (res.status !== 200 || res.body.status?.phase !== "Bound") return false;
    }
    return true;
}

/** Pods of Jobs, and any pod that does not restart, run to completion. */
function runsToCompletion(pod: any): boolean {
    return (pod.metadata.ownerReferences ?? []).some((o: any) => o.kind === "Job") || (pod.spec.restartPolicy ?? "Always") !== "Always";
}

function condition(type: string, status: "True" | "False", now: string, reason?: string) {
    return { type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) };
}

function initStatuses(pod: any, now: string) {
    return (pod.spec.initContainers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: "",
        ready: c.restartPolicy === "Always",
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed", startedAt: now, finishedAt: now } },
    }));
}

function running(pod: any, hostIP: string, podIP: string) {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    return {
        phase: "Running",
        hostIP,
        hostIPs: [{ ip: hostIP }],
        podIP,
        podIPs: [{ ip: podIP }],
        startTime: now,
        conditions: ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((t) => condition(t, "True", now)),
        initContainerStatuses: initStatuses(pod, now),
        containerStatuses: pod.spec.containers.map((c: any) => ({
            name: c.name,
            image: c.image,
            imageID: "",
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: now } },
        })),
    };
}

function succeeded(pod: any, hostIP: string, podIP: string) {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    return {
        phase: "Succeeded",
        hostIP,
        hostIPs: [{ ip: hostIP }],
        podIP,
        podIPs: [{ ip: podIP }],
        startTime: now,
        conditions: [
            condition("PodScheduled", "True", now),
            condition("Initialized", "True", now),
            condition("ContainersReady", "False", now, "PodCompleted"),
            condition("Ready", "False", now, "PodCompleted"),
        ],
        initContainerStatuses: initStatuses(pod, now),
        containerStatuses: pod.spec.containers.map((c: any) => ({
            name: c.name,
            image: c.image,
            imageID: "",
            ready: false,
            started: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: "Completed", startedAt: now, finishedAt: now } },
        })),
    };
}

async function patchStatus(target: KubeTarget, pod: any, status: Record<string, unknown>): Promise<void> {
    const res = await kubeRequest(
        target,
        "PATCH",
        `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
        { status },
        "application/merge-patch+json",
    );
    if (res.status !== 200 && res.status !== 404)
        throw new Error(`pod ${pod.metadata.name} status: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
}
