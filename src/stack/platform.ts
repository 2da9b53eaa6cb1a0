/**
 * The platform on the cluster: the namespace, the model bucket mounted as a volume, KServe and the
 * KubeRay operator (each skipped with `install: false` on an existing cluster that runs it).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../core/model-volume";
import type { PodIdentity } from "../core/pod-identity";
import { KServeStack, KubeRayOperator, ModelBucketVolume, type KServeStackArgs, type KubeRayOperatorArgs, type ModelBucketVolumeArgs } from "../kubernetes";
import { resolveKServeStackArgs, resolveKubeRayOperatorArgs, resolveModelBucketVolumeArgs, volumeRef } from "../render";
import type { ConfigCheck } from "./check";
import type { ClusterLayer, ClusterPlan } from "./cluster";
import type { StackConfig } from "./config";

const VOLUME = "models";

/** The platform components' arguments, checked. */
export interface PlatformPlan {
    /** The model volume's arguments but its pod identity (the new cluster's, known once it exists). */
    readonly volume: Omit<ModelBucketVolumeArgs, "podIdentity">;
    /** What `ModelBucketVolume.ref` will be: models with a `path` source mount it. */
    readonly volumeRef?: ModelVolumeRef;
    /** Undefined when the existing cluster already runs it (`install: false`). */
    readonly kserve?: KServeStackArgs;
    readonly kuberay?: KubeRayOperatorArgs;
}

/** A pod identity of the new cluster's cloud, to check the volume's arguments before the cluster exists (complete, as the volume requires). */
function podIdentityStandIn(cloud: ClusterPlan["cloud"]): PodIdentity | undefined {
    const planned = "(the new cluster's)";
    if (cloud === "aws") return { cloud, clusterName: planned, s3CsiDriverRoleName: planned };
    if (cloud === "alicloud") return { cloud, oidcProviderArn: planned, oidcIssuerUrl: planned };
    return undefined;
}

export function planPlatform(config: StackConfig, cluster: ClusterPlan, check: ConfigCheck): PlatformPlan {
    // cloud and region default to the new cluster's (the config schema requires them on an existing one).
    const { cloud = cluster.cloud ?? "aws", region = cluster.region ?? "", ...volumeRest } = config.modelVolume;
    const volume = { ...volumeRest, cloud, region, namespace: config.namespace };
    const resolved = check.resolve(
        "modelVolume",
        () => resolveModelBucketVolumeArgs(VOLUME, { ...volume, podIdentity: podIdentityStandIn(cluster.cloud) }),
        (p) => (p === "namespace" ? "namespace" : `modelVolume.${p}`),
    );

    const { install: installKServe, ...kserve } = config.kserve;
    const { install: installKubeRay, ...kuberay } = config.kuberay;
    if (installKServe !== false) check.resolve("kserve", () => resolveKServeStackArgs("kserve", kserve));
    if (installKubeRay !== false) check.resolve("kuberay", () => resolveKubeRayOperatorArgs("kuberay", kuberay));
    return {
        volume,
        volumeRef: resolved && volumeRef(resolved),
        kserve: installKServe !== false ? kserve : undefined,
        kuberay: installKubeRay !== false ? kuberay : undefined,
    };
}

/** The root project's platform layer: namespace, model volume, KServe and KubeRay. */
export interface PlatformLayer {
    readonly namespace: k8s.core.v1.Namespace;
    readonly models: ModelBucketVolume;
    /** Installed by this stack; undefined when the cluster already runs it. */
    readonly kserve?: KServeStack;
    readonly kuberay?: KubeRayOperator;
    readonly outputs: Record<string, pulumi.Input<unknown>>;
}

export function platformLayer(config: StackConfig, plan: PlatformPlan, cluster: ClusterLayer): PlatformLayer {
    const onCluster = cluster.provider ? { provider: cluster.provider } : {};
    // Deleting a namespace deletes the claims in it: while the volume is retained, so is its namespace.
    const retainVolume = plan.volume.retainOnDelete ?? true;
    const namespace = new k8s.core.v1.Namespace("namespace", { metadata: { name: config.namespace } }, { ...onCluster, retainOnDelete: retainVolume });
    const models = new ModelBucketVolume(VOLUME, { ...plan.volume, podIdentity: cluster.podIdentity }, { ...onCluster, dependsOn: [namespace] });
    const kserve = plan.kserve && new KServeStack("kserve", plan.kserve, onCluster);
    const kuberay = plan.kuberay && new KubeRayOperator("kuberay", plan.kuberay, onCluster);
    return {
        namespace,
        models,
        kserve,
        kuberay,
        outputs: { modelStorageUri: models.storageUri, ...(kserve ? { kserveNamespace: kserve.namespace } : {}) },
    };
}
