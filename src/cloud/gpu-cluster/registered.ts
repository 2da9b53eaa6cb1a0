import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { Roles } from "../../core/kube";
import type { ChildrenByRole } from "../../core/register";
import type { PodIdentity } from "../../core/pod-identity";
import type { AckRole } from "../alicloud/register";
import type { EksRole } from "../aws/register";
import type { GpuClusterResolved } from "./validate";

/** What a cloud implementation registers and hands back to `GpuCluster`. */
export interface RegisteredCluster {
    readonly clusterName: pulumi.Output<string>;
    /** Changes only when the cluster itself is replaced; the Kubernetes provider's `clusterIdentifier`. */
    readonly clusterIdentifier: pulumi.Output<string>;
    /** Kubeconfig for the provider (and for people); unknown until the cluster exists. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly podIdentity: PodIdentity;
    /** What workloads need before they can run (node pools, add-ons): the provider waits for them. */
    readonly ready: pulumi.Resource[];
    /** Cloud resources by role (escape hatch). */
    readonly resources: ChildrenByRole<Roles<"system", EksRole | AckRole>, pulumi.Resource>;
    /** Cluster software installed through the cluster's own Kubernetes provider. */
    readonly onCluster?: (provider: k8s.Provider) => { readonly [K in OnClusterRole]?: pulumi.Resource };
}

/** Roles of what is installed on the cluster: the NVIDIA device plugin where the nodes lack it. */
type OnClusterRole = "nvidia-device-plugin";

/**
 * Roles of GpuCluster's children, both clouds: its Kubernetes provider (`k8s`) and system pool
 * always, and per cloud its network (when created), cluster, pools (`gpu-<pool>`) and add-ons.
 */
export type GpuClusterRoles = Roles<"k8s" | "system", EksRole | AckRole | OnClusterRole>;

/** Registers a cluster's cloud resources as children of `parent`; each cloud has one. */
export type RegisterCluster = (parent: pulumi.ComponentResource, r: GpuClusterResolved) => RegisteredCluster;
