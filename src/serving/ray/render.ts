import { text, type Deferrable } from "../../core/deferrable";
import { contentHash, selectorLabels, standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { defaultShmSize, placement, secretEnv, shmMount, shmVolume } from "../common/pod";
import { WORKER_RESOURCES } from "./args";
import { namespacePeers, renderNetworkPolicy, type NetworkPolicyRole } from "../common/network-policy";
import {
    containerSecurityContext,
    renderServiceAccount,
    resolvePodProfile,
    restrictedContainer,
    restrictedPodFields,
    runAsRootAnnotation,
    WRITABLE_ENV,
    writableMounts,
    writableVolumes,
    type PodProfile,
} from "../common/pod-security";
import { renderServeConfig } from "./llm-config";
import type { RayLlmResolved, ResolvedWorkerGroup } from "./validate";

export const SERVE_PORT = 8000;
export const DASHBOARD_PORT = 8265;

const HEAD_PORTS = [
    { name: "gcs", containerPort: 6379, protocol: "TCP" },
    { name: "dashboard", containerPort: DASHBOARD_PORT, protocol: "TCP" },
    { name: "client", containerPort: 10001, protocol: "TCP" },
    { name: "serve", containerPort: SERVE_PORT, protocol: "TCP" },
    { name: "metrics", containerPort: 8080, protocol: "TCP" },
];

const HEAD_RESOURCES = { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } };

function labels(r: RayLlmResolved): Record<string, string> {
    return standardLabels(r.name, "ray-llm", r.args.labels);
}

function env(r: RayLlmResolved) {
    return r.args.hfTokenSecret ? [secretEnv("HF_TOKEN", r.args.hfTokenSecret)] : [];
}

function modelVolumes(r: RayLlmResolved) {
    return r.volumes.map((v, i) => ({ name: `model-${i}`, persistentVolumeClaim: { claimName: v.claimName, readOnly: true } }));
}

function modelMounts(r: RayLlmResolved) {
    return r.volumes.map((v, i) => ({ name: `model-${i}`, mountPath: v.mountPath, readOnly: true }));
}

function container(r: RayLlmResolved, name: string, resources: unknown, ports: readonly object[]) {
    const e = env(r);
    return {
        name,
        image: r.image,
        ports: [...ports],
        ...(e.length > 0 ? { env: e } : {}),
        resources,
        volumeMounts: [shmMount(), ...modelMounts(r)],
    };
}

/**
 * The restricted profile of a Ray pod. With in-tree autoscaling KubeRay runs the autoscaler as a
 * sidecar of the head, binding its own Role (pods, rayclusters) to the head's service account
 * (`GetHeadGroupServiceAccountName`: the head template's `serviceAccountName`, else the cluster's
 * name): the head then keeps the token, to this component's ServiceAccount; workers never need it.
 */
export function rayPodProfile(r: RayLlmResolved, role: "head" | "worker"): PodProfile {
    const profile = resolvePodProfile(r.args.podSecurity, r.image, r.name);
    return role === "head" && r.autoscaling ? { ...profile, keepToken: true } : profile;
}

/**
 * Carries what the library renders but KubeRay leaves out of its cluster hash into that hash,
 * under `upgradeStrategy: NewCluster`: a pod template's tolerations (muted for Kueue's injected
 * ones) and a worker group's `minReplicas`/`maxReplicas` (muted for the autoscaler)
 * (`GenerateHashWithoutReplicasAndWorkersToDelete`, v1.6.1 and v1.7.0). A change of only those
 * would never start the new cluster that applies it (KubeRay does not copy them to the running
 * one either: kuberay#2331, #4568); this annotation on the template changes with them and does.
 * Under `None` the same changes replace the RayService (`rayServiceReplaceOptions`).
 */
export const UNHASHED_FIELDS_ANNOTATION = "llm-serving/unhashed-fields-sha256";

function templateMetadata(r: RayLlmResolved, unhashed: { tolerations?: readonly unknown[]; minReplicas?: number; maxReplicas?: number }) {
    if (r.args.upgradeStrategy !== "NewCluster") return { labels: labels(r) };
    return { labels: labels(r), annotations: { [UNHASHED_FIELDS_ANNOTATION]: contentHash({ ...unhashed, tolerations: unhashed.tolerations ?? [] }) } };
}

function headGroup(r: RayLlmResolved) {
    const h = r.args.head;
    const where = placement(h, false);
    return {
        // The head runs the Serve controller and proxy, no replicas: they go to GPU workers.
        rayStartParams: { "num-cpus": "0", "num-gpus": "0" },
        template: {
            metadata: templateMetadata(r, where),
            spec: {
                ...where,
                ...restrictedPodFields(rayPodProfile(r, "head")),
                containers: [restrictedContainer(container(r, "ray-head", h.resources ?? HEAD_RESOURCES, HEAD_PORTS), rayPodProfile(r, "head"))],
                volumes: [shmVolume("2Gi"), ...modelVolumes(r), ...writableVolumes()],
            },
        },
    };
}

function workerResources(g: ResolvedWorkerGroup) {
    const own = g.args.resources ?? WORKER_RESOURCES;
    const gpus = String(g.args.gpusPerPod);
    return {
        requests: { ...(own.requests ?? {}), [g.gpuResourceName]: gpus },
        limits: { ...(own.limits ?? {}), [g.gpuResourceName]: gpus },
    };
}

function workerGroup(r: RayLlmResolved, g: ResolvedWorkerGroup) {
    const a = g.args;
    const where = placement(a, a.gpusPerPod > 0);
    const bounds = { minReplicas: a.replicas.min, maxReplicas: g.maxPods };
    const devices = { resourceName: g.gpuResourceName, amount: a.gpusPerPod, devices: a.gpusPerPod };
    return {
        groupName: a.name,
        replicas: a.replicas.min,
        ...bounds,
        numOfHosts: 1,
        // Explicit, so GPUs count even under resource names KubeRay does not infer (e.g. MIG slices).
        rayStartParams: { "num-gpus": String(a.gpusPerPod) },
        template: {
            metadata: templateMetadata(r, { ...where, ...bounds }),
            spec: {
                ...where,
                ...restrictedPodFields(rayPodProfile(r, "worker")),
                containers: [
                    restrictedContainer(
                        container(r, "ray-worker", workerResources(g), [{ name: "serve", containerPort: SERVE_PORT, protocol: "TCP" }]),
                        rayPodProfile(r, "worker"),
                    ),
                ],
                volumes: [shmVolume(a.shmSize ?? defaultShmSize(devices)), ...modelVolumes(r), ...writableVolumes()],
            },
        },
    };
}

/** The RayService (`ray.io/v1`): one Serve application (`build_openai_app`) on a GPU RayCluster. */
export function renderRayService(r: RayLlmResolved): KubeObject {
    return {
        apiVersion: "ray.io/v1",
        kind: "RayService",
        metadata: {
            name: r.name,
            namespace: r.args.namespace,
            labels: labels(r),
            // Pulumi waits for the Ready condition KubeRay sets once every Serve application runs.
            annotations: { ...r.args.annotations, ...runAsRootAnnotation(rayPodProfile(r, "head")), "pulumi.com/waitFor": "condition=Ready" },
        },
        spec: {
            upgradeStrategy: { type: r.args.upgradeStrategy },
            serveConfigV2: renderServeConfig(r.llmConfigs),
            rayClusterConfig: {
                rayVersion: r.rayVersion,
                ...(r.autoscaling
                    ? {
                          enableInTreeAutoscaling: true,
                          // The autoscaler sidecar KubeRay adds to the head: the same restricted
                          // context, on the head's writable emptyDirs (KubeRay adds its /tmp/ray).
                          autoscalerOptions: {
                              securityContext: containerSecurityContext(rayPodProfile(r, "head")),
                              env: [...WRITABLE_ENV],
                              volumeMounts: writableMounts(),
                          },
                      }
                    : {}),
                headGroupSpec: headGroup(r),
                workerGroupSpecs: r.groups.map((g) => workerGroup(r, g)),
            },
        },
    };
}

/**
 * Paths of the RayService that KubeRay does not carry to the running RayCluster under
 * `upgradeStrategy: None`: every field of `rayClusterConfig` that enters the cluster hash, and
 * the worker groups' replica bounds, which KubeRay neither hashes nor copies.
 *
 * Source: KubeRay v1.6.1 and v1.7.0 (same rule), `ray-operator/controllers/ray/rayservice_controller.go`
 * `shouldUpdateCluster` / `isClusterSpecHashEqual` / `shouldPrepareNewCluster`, and
 * `ray-operator/controllers/ray/utils/util.go` `GenerateHashWithoutReplicasAndWorkersToDelete`.
 * The running cluster is updated in place only when the hash of `rayClusterConfig` (without
 * workers' `replicas`, `minReplicas`, `maxReplicas`, `scaleStrategy.workersToDelete`, pod
 * `tolerations` and `schedulingGates`, and `upgradeStrategy`) is unchanged for the existing
 * worker groups and groups were appended at the end; any other change of a hashed field starts a
 * new cluster only when zero-downtime upgrades are on (`isZeroDowntimeUpgradeEnabled`: type
 * `NewCluster`), and under `None` is never applied. A change of only unhashed fields is not
 * applied either (the hash is equal): tolerations sit inside `headGroupSpec` and a group's
 * `template`, so they replace too; so do a group's `minReplicas` and `maxReplicas` (KubeRay does
 * not copy them to the running cluster, kuberay#2331, #4568: the autoscaler would keep the old
 * bounds); `replicas`, the count the autoscaler changes on the RayCluster, is not listed (the
 * library sets it to `minReplicas`, whose path covers it). Appended worker
 * groups (a whole added element of `workerGroupSpecs`, which no path here contains: Pulumi's
 * `replaceOnChanges` matches a path and what lies under it) and `serveConfigV2` stay updates.
 * The field list follows `raycluster_types.go` (`RayClusterSpec`, `WorkerGroupSpec`) of both tags;
 * `historyServerOptions`, `networkPolicy`, `tlsOptions` and a group's `priority` exist from v1.7.0.
 * `suspend` is left out: v1.6.1 applies its toggle in place, v1.7.0 leaves it to Kueue after creation.
 */
export const RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE: readonly string[] = [
    ...[
        "rayVersion",
        "enableInTreeAutoscaling",
        "autoscalerOptions",
        "headServiceAnnotations",
        "gcsFaultToleranceOptions",
        "authOptions",
        "managedBy",
        "historyServerOptions",
        "networkPolicy",
        "tlsOptions",
        "headGroupSpec",
    ].map((f) => `spec.rayClusterConfig.${f}`),
    ...[
        "groupName",
        "template",
        "rayStartParams",
        "numOfHosts",
        "idleTimeoutSeconds",
        "resources",
        "labels",
        "suspend",
        "priority",
        "minReplicas",
        "maxReplicas",
    ].map((f) => `spec.rayClusterConfig.workerGroupSpecs[*].${f}`),
];

/**
 * The path a removed worker group changes. KubeRay does not apply a removal under `None` either
 * (`shouldUpdateCluster`: the spec is neither equal nor the cluster's groups plus appended ones).
 * Removing any group shortens `workerGroupSpecs`, so the Kubernetes provider's diff deletes the
 * element just past the new end (`addPatchArrayToDiff` in pulumi-kubernetes' provider.go reports
 * each trailing old element as deleted); an appended group is past the old end and this path
 * does not exist in either spec.
 */
export function workerGroupRemovedPath(groupCount: number): string {
    return `spec.rayClusterConfig.workerGroupSpecs[${groupCount}]`;
}

/**
 * Resource options of the RayService: under `upgradeStrategy: None`, a change KubeRay would leave
 * unapplied (`RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE`, or a removed worker group) replaces the
 * RayService (the preview shows `replace` and the property), deleting it first since its name is
 * fixed; the new RayService gets a new RayCluster (downtime meanwhile). `NewCluster` applies every
 * change through a new cluster itself: no options.
 */
export function rayServiceReplaceOptions(r: RayLlmResolved): { replaceOnChanges?: string[]; deleteBeforeReplace?: boolean } {
    if (r.args.upgradeStrategy !== "None") return {};
    return { replaceOnChanges: [...RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE, workerGroupRemovedPath(r.groups.length)], deleteBeforeReplace: true };
}

/** Roles of RayLLMApp's children (the KubeRay operator it may install is a component of its own); `networkpolicy` unless turned off. */
export type RayLlmRoles = Roles<"serviceaccount" | "rayservice", NetworkPolicyRole>;

/**
 * The NetworkPolicy of every pod of the app's RayClusters (head and workers carry the app's
 * selector labels, which KubeRay keeps on the pods it creates; during a NewCluster upgrade both
 * clusters): Serve from clients, the dashboard from the operator, every port among the pods.
 */
export function renderRayNetworkPolicy(r: RayLlmResolved): RenderedObject<NetworkPolicyRole>[] {
    const a = r.args;
    const target = {
        name: r.name,
        namespace: a.namespace,
        labels: labels(r),
        podSelector: selectorLabels(r.name, "ray-llm"),
        servingPorts: [SERVE_PORT],
        platform: { peers: namespacePeers(a.operator.namespace), ports: [DASHBOARD_PORT] },
        intraService: true,
    };
    return renderNetworkPolicy(target, { ...a.networkPolicy, metricsFrom: undefined });
}

export function renderRayLlm(r: RayLlmResolved): RenderedObject<RoleOf<RayLlmRoles>>[] {
    return [
        { role: "serviceaccount", object: renderServiceAccount(r.name, r.args.namespace, labels(r)) },
        { role: "rayservice", object: renderRayService(r), dependsOn: ["serviceaccount"] },
        ...renderRayNetworkPolicy(r),
    ];
}

/** KubeRay's Services for a RayService: `<name>-serve-svc` (Serve) and `<name>-head-svc` (dashboard). */
export function rayLlmUrls(r: RayLlmResolved): { openAiBaseUrl: Deferrable<string>; dashboardUrl: Deferrable<string> } {
    const ns = r.args.namespace;
    return {
        openAiBaseUrl: text`http://${r.name}-serve-svc.${ns}.svc.cluster.local:${SERVE_PORT}/v1`,
        dashboardUrl: text`http://${r.name}-head-svc.${ns}.svc.cluster.local:${DASHBOARD_PORT}`,
    };
}
