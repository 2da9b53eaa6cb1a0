/**
 * Pod specs inside the workload kinds LLM serving uses, read from a resource's inputs as
 * `pulumi preview` sends them (plain JSON; KServe and KubeRay as custom resources).
 */
export interface Container {
    readonly name?: string;
    readonly image?: string;
    readonly command?: string[];
    readonly args?: string[];
    readonly env?: { name: string; value?: string; valueFrom?: unknown }[];
    readonly resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    readonly volumeMounts?: { name: string; mountPath: string }[];
    readonly securityContext?: SecurityContext;
}

/** The fields of a pod's or a container's securityContext the rules read. */
export interface SecurityContext {
    readonly runAsUser?: number;
    readonly runAsNonRoot?: boolean;
    readonly privileged?: boolean;
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: { add?: string[]; drop?: string[] };
    readonly seccompProfile?: { type?: string };
}

export interface Volume {
    readonly name: string;
    readonly emptyDir?: { medium?: string; sizeLimit?: string };
    readonly configMap?: { name?: string };
    readonly projected?: { sources?: { configMap?: { name?: string } }[] };
}

export interface PodSpec {
    /** Where the pod spec sits in the resource, for messages (`spec.template.spec`). */
    readonly at: string;
    readonly containers: Container[];
    readonly initContainers: Container[];
    readonly volumes: Volume[];
    /** The pod-level securityContext (its runAsUser, runAsNonRoot and seccompProfile apply to every container). */
    readonly securityContext?: SecurityContext;
    /** KServe multi-node (`workerSpec`): the parallel world spans pods. */
    readonly multiNode: boolean;
}

const TEMPLATE_KINDS = /^kubernetes:(apps\/v1:(Deployment|StatefulSet|DaemonSet|ReplicaSet)|batch\/v1:Job)$/;
const KSERVE_COMPONENTS = ["predictor", "transformer", "explainer"] as const;

function pod(at: string, spec: any, extraContainers: Container[] = [], multiNode = false): PodSpec {
    return {
        at,
        containers: [...(spec?.containers ?? []), ...extraContainers],
        initContainers: [...(spec?.initContainers ?? [])],
        volumes: [...(spec?.volumes ?? [])],
        securityContext: spec?.securityContext,
        multiNode,
    };
}

/** Every pod spec a resource declares; none for kinds that run no pods. */
export function podSpecs(type: string, props: any): PodSpec[] {
    if (type === "kubernetes:core/v1:Pod") return [pod("spec", props.spec)];
    if (TEMPLATE_KINDS.test(type)) return [pod("spec.template.spec", props.spec?.template?.spec)];
    if (type === "kubernetes:batch/v1:CronJob") return [pod("spec.jobTemplate.spec.template.spec", props.spec?.jobTemplate?.spec?.template?.spec)];
    if (/^kubernetes:serving\.kserve\.io\/v1beta1:InferenceService$/.test(type)) {
        return KSERVE_COMPONENTS.filter((c) => props.spec?.[c] !== undefined).map((c) => {
            const component = props.spec[c];
            // The model container is given inline (`predictor.model`) and named by KServe.
            const model: Container[] = component.model ? [{ name: "kserve-container", ...component.model }] : [];
            return pod(`spec.${c}`, component, model, component.workerSpec !== undefined);
        });
    }
    if (/^kubernetes:ray\.io\/v1:(RayService|RayCluster|RayJob)$/.test(type)) {
        const base = type.endsWith(":RayService") ? "spec.rayClusterConfig" : type.endsWith(":RayJob") ? "spec.rayClusterSpec" : "spec";
        const cluster = base.split(".").reduce((o: any, k) => o?.[k], props);
        if (!cluster) return [];
        return [
            pod(`${base}.headGroupSpec.template.spec`, cluster.headGroupSpec?.template?.spec),
            ...(cluster.workerGroupSpecs ?? []).map((g: any, i: number) => pod(`${base}.workerGroupSpecs[${i}].template.spec`, g.template?.spec)),
        ];
    }
    if (/^kubernetes:leaderworkerset\.x-k8s\.io\/v1:LeaderWorkerSet$/.test(type)) {
        const t = props.spec?.leaderWorkerTemplate ?? {};
        return [
            ...(t.leaderTemplate ? [pod("spec.leaderWorkerTemplate.leaderTemplate.spec", t.leaderTemplate.spec, [], true)] : []),
            pod("spec.leaderWorkerTemplate.workerTemplate.spec", t.workerTemplate?.spec, [], true),
        ];
    }
    return [];
}

/** Whole-GPU resources: one unit is one device a process can use for tensor parallelism. */
export const WHOLE_GPU_RESOURCES: readonly string[] = ["nvidia.com/gpu", "amd.com/gpu"];
/** Shares of one GPU (ACK GPU memory in GiB, NVIDIA MIG instances, time-sliced replicas). */
export const GPU_SHARE = /^(aliyun\.com\/gpu-mem|aliyun\.com\/gpu-core\.percentage|nvidia\.com\/mig-.+|nvidia\.com\/gpu\.shared)$/;

/** Whole GPUs a container gets (its limit, else its request: Kubernetes requires them equal). */
export function wholeGpus(c: Container): number {
    let total = 0;
    for (const name of WHOLE_GPU_RESOURCES) {
        const amount = c.resources?.limits?.[name] ?? c.resources?.requests?.[name];
        if (amount !== undefined) total += Number(amount);
    }
    return total;
}

/** GPU-share resources a container requests, by name. */
export function gpuShares(c: Container): string[] {
    const names = new Set([...Object.keys(c.resources?.limits ?? {}), ...Object.keys(c.resources?.requests ?? {})]);
    return [...names].filter((n) => GPU_SHARE.test(n));
}

/** Names of the ConfigMaps a pod mounts (directly or through a projected volume). */
export function mountedConfigMaps(p: PodSpec, c: Container): string[] {
    const mounted = new Set((c.volumeMounts ?? []).map((m) => m.name));
    return p.volumes
        .filter((v) => mounted.has(v.name))
        .flatMap((v) => [v.configMap?.name, ...(v.projected?.sources ?? []).map((s) => s.configMap?.name)])
        .filter((n): n is string => typeof n === "string");
}

/** The volume mounted at /dev/shm, if any. */
export function shmVolume(p: PodSpec, c: Container): Volume | undefined {
    const mount = (c.volumeMounts ?? []).find((m) => m.mountPath.replace(/\/+$/, "") === "/dev/shm");
    return mount ? p.volumes.find((v) => v.name === mount.name) : undefined;
}

/** A container's security settings once the pod's are applied (the container's win). */
export function effectiveSecurity(p: PodSpec, c: Container): { runAsUser?: number; runAsNonRoot?: boolean; seccomp?: string } {
    return {
        runAsUser: c.securityContext?.runAsUser ?? p.securityContext?.runAsUser,
        runAsNonRoot: c.securityContext?.runAsNonRoot ?? p.securityContext?.runAsNonRoot,
        seccomp: c.securityContext?.seccompProfile?.type ?? p.securityContext?.seccompProfile?.type,
    };
}

/**
 * KServe's model container (`predictor.model`, with its `modelFormat`): KServe merges it over
 * the ServingRuntime's container, securityContext included, whether or not it sets an image of
 * its own, so a field it leaves unset is the runtime's.
 */
export function takesRuntimeContainer(type: string, c: Container): boolean {
    return /^kubernetes:serving\.kserve\.io\/v1beta1:InferenceService$/.test(type) && (c as { modelFormat?: unknown }).modelFormat !== undefined;
}
