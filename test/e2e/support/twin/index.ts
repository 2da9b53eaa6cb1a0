// The cluster twin: the engine's API server with the real scheduler and controllers (engine/
// kube-apiserver), Node twins of a GpuCluster's pools (src/testing), and the kubelet stand-in.
// See docs/TWIN.md for what is real and what stands in.
import * as path from "node:path";
import { gpuClusterNodeTwins, type NodeTwin } from "../../../../src/testing";
import type { GpuClusterArgs } from "../../../../src/cloud/gpu-cluster/args";
import { startApiServer, type ApiServer } from "../apiserver";
import { engineBins, repoRoot } from "../engine";
import { installCrds, kubeRequest, readCrds } from "../kube";
import { startKubeletStandIn, type KubeletStandIn } from "./kubelet";
import { publishAddresses } from "./load-balancers";
import { relaxServiceWebhooks, type WebhookRedirect } from "./webhooks";

export interface Twin extends ApiServer {
    readonly nodes: readonly NodeTwin[];
    /** What the stand-ins did (pods run, webhooks relaxed), for failure messages. */
    readonly log: string[];
    /** Points the webhook configurations naming this Service at a server the test runs on loopback. */
    redirectWebhooks(redirect: WebhookRedirect): void;
}

export interface TwinOptions {
    /** The cluster whose pools become Node twins. @default {@link ACK_TWIN_CLUSTER} */
    readonly cluster?: GpuClusterArgs;
    /** Install every CRD of ../shared/crds first (tests whose charts install CRDs say false). @default true */
    readonly crds?: boolean;
}

/**
 * The cluster the examples are written for, as GpuCluster arguments: the ACK example's pool
 * (ecs.gn7i-2x.8xlarge: 32 vCPU, 128 GiB, two A10 GPUs, enough for tensor parallel 2) and the
 * default system pool.
 */
export const ACK_TWIN_CLUSTER: GpuClusterArgs = {
    cloud: "alicloud",
    region: "cn-hangzhou",
    network: { zones: ["cn-hangzhou-i", "cn-hangzhou-j"] },
    gpuPools: [{ name: "gn7i", instanceTypes: ["ecs.gn7i-2x.8xlarge"], zones: ["cn-hangzhou-i"] }],
};

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
    const apiserver = await startApiServer({ binary: engineBins().kubeApiserver });
    const log: string[] = [];
    let kubelet: KubeletStandIn | undefined;
    let stopStandIns = false;
    let standIns: Promise<void> | undefined;
    const redirects: WebhookRedirect[] = [];
    try {
        if (options.crds ?? true) await installCrds(apiserver, readCrds(path.join(repoRoot, "..", "shared", "crds")));
        const nodes = gpuClusterNodeTwins(options.cluster ?? ACK_TWIN_CLUSTER);
        for (const node of nodes) await createNode(apiserver, node);
        kubelet = startKubeletStandIn(apiserver, nodes);
        standIns = (async () => {
            while (!stopStandIns) {
                await relaxServiceWebhooks(apiserver, log, redirects).catch(() => undefined);
                await publishAddresses(apiserver, log).catch(() => undefined);
                await new Promise((r) => setTimeout(r, 250));
            }
        })();
        const k = kubelet;
        return {
            ...apiserver,
            nodes,
            get log() {
                return [...log, ...k.log];
            },
            redirectWebhooks: (redirect) => void redirects.push(redirect),
            async stop() {
                stopStandIns = true;
                await Promise.all([k.stop(), standIns]);
                await apiserver.stop();
            },
        };
    } catch (e) {
        stopStandIns = true;
        await kubelet?.stop();
        await standIns;
        await apiserver.stop();
        throw e;
    }
}

/** Creates the Node, then writes its status (capacity, allocatable, Ready) as a kubelet registers one. */
async function createNode(target: ApiServer, node: NodeTwin): Promise<void> {
    const created = await kubeRequest(target, "POST", "/api/v1/nodes", node);
    if (created.status !== 201) throw new Error(`create node ${node.metadata.name}: HTTP ${created.status}: ${JSON.stringify(created.body).slice(0, 400)}`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const status = { ...node.status, conditions: node.status.conditions.map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now })) };
    const patched = await kubeRequest(target, "PATCH", `/api/v1/nodes/${node.metadata.name}/status`, { status }, "application/merge-patch+json");
    if (patched.status !== 200) throw new Error(`node ${node.metadata.name} status: HTTP ${patched.status}: ${JSON.stringify(patched.body).slice(0, 400)}`);
}
