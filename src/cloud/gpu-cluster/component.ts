import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GpuScheduling } from "../../core/gpu";
import type { PodIdentity } from "../../core/pod-identity";
import type { GpuClusterArgs } from "./args";
import type { ChildrenByRole } from "../../core/register";
import type { GpuClusterRoles, RegisterCluster } from "./registered";
import { resolveGpuClusterArgs } from "./validate";

/** One GPU pool of a cluster and the handle serving components schedule onto it with. */
export interface GpuPoolInfo {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    /** Pass as `gpuPool` to a serving component. */
    readonly scheduling: GpuScheduling;
}

/** The cloud implementation, loaded on first use so the Kubernetes layer never loads a cloud SDK. */
function implementation(cloud: "aws" | "alicloud"): RegisterCluster {
    const impl: { registerCluster: RegisterCluster } = cloud === "aws" ? require("../aws/register") : require("../alicloud/register");
    return impl.registerCluster;
}

/**
 * Managed Kubernetes with GPU node pools: ACK Pro on Alibaba Cloud or EKS on AWS, one argument
 * shape for both. It gives the rest of the library a Kubernetes provider, the pod identity
 * `ModelBucketVolume` needs, and a scheduling handle per GPU pool.
 *
 * The provider's kubeconfig holds no expiring credential on EKS (`aws eks get-token`) nor, by
 * default, on ACK (`ack-ram-tool` exec plugin), and its `clusterIdentifier` is the cluster's id:
 * pulumi-kubernetes replaces the provider (and with it every workload) only when that id changes,
 * i.e. when the cluster itself is replaced; any other kubeconfig change is an in-place update.
 */
export class GpuCluster extends pulumi.ComponentResource {
    /** Kubernetes provider for workloads on this cluster; it waits for node pools and add-ons. */
    public readonly provider: k8s.Provider;
    /** Kubeconfig (secret) the provider uses; unknown until the cluster exists. */
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;
    /** What `ModelBucketVolume` needs to grant bucket access without static keys. */
    public readonly podIdentity: PodIdentity;
    /** GPU pools, in the order given. */
    public readonly gpuPools: readonly GpuPoolInfo[];
    /** Cloud resources and cluster software by role (escape hatch). */
    public readonly resources: ChildrenByRole<GpuClusterRoles, pulumi.Resource>;

    constructor(name: string, args: GpuClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const r = resolveGpuClusterArgs(name, args);
        super("llm-serving:cloud:GpuCluster", name, {}, opts);
        for (const warning of r.warnings) pulumi.log.warn(warning, this);

        const cluster = implementation(r.args.cloud)(this, r);
        this.kubeconfig = pulumi.secret(cluster.kubeconfig);
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, clusterIdentifier: cluster.clusterIdentifier },
            { parent: this, dependsOn: cluster.ready },
        );
        this.resources = { ...cluster.resources, k8s: this.provider, ...(cluster.onCluster?.(this.provider) ?? {}) };
        this.clusterName = cluster.clusterName;
        this.vpcId = cluster.vpcId;
        this.podIdentity = cluster.podIdentity;
        this.gpuPools = r.gpuPools.map((p) => ({ name: p.name, instanceTypes: p.instanceTypes, scheduling: p.scheduling }));
        this.registerOutputs({
            kubeconfig: this.kubeconfig,
            clusterName: this.clusterName,
            vpcId: this.vpcId,
            gpuPools: this.gpuPools,
        });
    }

    /** The scheduling handle of the GPU pool named `name` (throws for an unknown pool). */
    gpuPool(name: string): GpuScheduling {
        const pool = this.gpuPools.find((p) => p.name === name);
        if (!pool) throw new Error(`GpuCluster has no GPU pool '${name}'; pools: ${this.gpuPools.map((p) => p.name).join(", ")}`);
        return pool.scheduling;
    }
}
