/**
 * The cluster: a new GpuCluster (ACK or EKS) from `cluster.create`, or an existing cluster from
 * `cluster.existing`, reached through the `kubeconfig` secret or the ambient kubeconfig.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { GpuCluster, resolveGpuClusterArgs } from "../cloud";
import type { GpuScheduling } from "../core/gpu";
import type { PodIdentity } from "../core/pod-identity";
import type { ConfigCheck } from "./check";
import { kubeconfigConfigured, type StackConfig } from "./config";

const CLUSTER = "gpu-cluster";

/** What the rest of the platform needs from the cluster, known before anything is registered. */
export interface ClusterPlan {
    /** Scheduling handle of each GPU pool, in the configured order (the first is the default). */
    readonly pools: ReadonlyMap<string, GpuScheduling>;
    /** A new cluster's cloud and region (the model bucket's defaults). */
    readonly cloud?: "alicloud" | "aws";
    readonly region?: string;
}

/** Checks `cluster.create` with GpuCluster's own validation; the pools' scheduling handles come from it. */
export function planCluster(config: StackConfig, check: ConfigCheck): ClusterPlan {
    const { create, existing } = config.cluster;
    if (create === undefined) return { pools: new Map((existing?.gpuPools ?? []).map(({ name, ...scheduling }) => [name, scheduling])) };
    const resolved = check.resolve("cluster.create", () => resolveGpuClusterArgs(CLUSTER, create));
    return { pools: new Map((resolved?.gpuPools ?? []).map((p) => [p.name, p.scheduling])), cloud: create.cloud, region: create.region };
}

/** The root project's cluster layer: the cluster plan and the provider for the rest. */
export interface ClusterLayer extends ClusterPlan {
    /** The Kubernetes provider of every object, or undefined for the ambient kubeconfig (the default provider). */
    readonly provider?: k8s.Provider;
    /** The new cluster's pod identity, for the model bucket's access grant. */
    readonly podIdentity?: PodIdentity;
    readonly outputs: Record<string, pulumi.Input<unknown>>;
}

export function clusterLayer(config: StackConfig, plan: ClusterPlan): ClusterLayer {
    const { create } = config.cluster;
    if (create !== undefined) {
        const cluster = new GpuCluster(CLUSTER, create);
        return {
            ...plan,
            // The same handles the plan resolved (GpuCluster resolves the same arguments).
            pools: new Map(cluster.gpuPools.map((p) => [p.name, p.scheduling])),
            provider: cluster.provider,
            podIdentity: cluster.podIdentity,
            outputs: { clusterName: cluster.clusterName, kubeconfig: cluster.kubeconfig },
        };
    }
    const provider = kubeconfigConfigured() ? new k8s.Provider("existing-cluster", { kubeconfig: config.kubeconfig }) : undefined;
    return { ...plan, provider, outputs: {} };
}
