import type { Deferrable } from "../../core/deferrable";
import { imageUser } from "../../core/image-users";
import type { KubeObject } from "../../core/kube";
import { nonEmptyString, nonNegativeInt32, positiveInt32 } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";

/**
 * The restricted pod profile every pod the library renders runs under: a numeric non-root user
 * (the image's, from `core/image-users`), a read-only root filesystem with emptyDirs where servers
 * write, no service account token, seccomp RuntimeDefault, no capabilities, no privilege
 * escalation. `podSecurity` relaxes it for an image that needs root or a writable root filesystem.
 */

/** The workload annotation naming why it runs as root (the policy pack's `pod-security` exception). */
export const RUN_AS_ROOT_ANNOTATION = "llm-serving/run-as-root";

/** Where every container may write: `/tmp`, and HOME (which the caches below live under). */
export const WRITABLE_TMP = "/tmp";
export const WRITABLE_HOME = "/home/llm-serving";
const TMP_VOLUME = "writable-tmp";
const HOME_VOLUME = "writable-home";

/**
 * Environment moving the caches servers write onto the writable HOME: `~/.cache` (XDG, which holds
 * vLLM's `VLLM_CACHE_ROOT` default `~/.cache/vllm` with its torch.compile cache, and
 * `~/.cache/huggingface`), `~/.config` (vLLM's `VLLM_CONFIG_ROOT` default), `~/.triton` (Triton
 * kernel cache) and Hugging Face's `HF_HOME`. torch's inductor cache defaults to `/tmp`. An engine's
 * own value for one of these names wins ({@link withWritableEnv}).
 */
export const WRITABLE_ENV: readonly { readonly name: string; readonly value: string }[] = [
    { name: "HOME", value: WRITABLE_HOME },
    { name: "XDG_CACHE_HOME", value: `${WRITABLE_HOME}/.cache` },
    { name: "XDG_CONFIG_HOME", value: `${WRITABLE_HOME}/.config` },
    { name: "HF_HOME", value: `${WRITABLE_HOME}/.cache/huggingface` },
];

export const podSecuritySchema = lazySchema((z) =>
    z
        .strictObject({
            runAsRoot: nonEmptyString().optional(),
            runAsUser: positiveInt32().optional(),
            runAsGroup: nonNegativeInt32().optional(),
            fsGroup: nonNegativeInt32().optional(),
            readOnlyRootFilesystem: z.boolean().default(true),
        })
        .superRefine((p, ctx) => {
            for (const field of ["runAsUser", "runAsGroup"] as const) {
                if (p.runAsRoot !== undefined && p[field] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [field], message: `runAsRoot runs the containers as root (0:0); ${field} excludes it` });
                }
            }
        })
        .default({ readOnlyRootFilesystem: true }),
);
export type PodSecurityParsed = Infer<typeof podSecuritySchema>;

/** Relaxations of the restricted pod profile (`podSecurity`), for an image that needs them. */
export interface PodSecurityArgs {
    /**
     * Run the containers as root (uid and gid 0), for an image that truly needs it: the reason,
     * written to the workload's `llm-serving/run-as-root` annotation (the policy pack's documented
     * exception). Excludes `runAsUser` and `runAsGroup`.
     * @default none: a numeric non-root user (`runAsNonRoot: true`)
     */
    readonly runAsRoot?: string;
    /**
     * Numeric user the containers run as (a kubelet refuses `runAsNonRoot` for an image whose user
     * is root or a name unless one is given). @default the image's user for the pinned images
     * (`core/image-users`: 1000 for all of them), 1000 for any other image
     */
    readonly runAsUser?: number;
    /** Numeric primary group of the containers. @default the image's group (`core/image-users`: 100 for Ray, else 1000) */
    readonly runAsGroup?: number;
    /**
     * Group owning the pod's volumes that support ownership management (emptyDirs, most block
     * volumes, and Mountpoint for S3 volumes, whose driver mounts them group-writable for it).
     * @default `runAsGroup`; none with `runAsRoot` (Mountpoint refuses group 0)
     */
    readonly fsGroup?: number;
    /**
     * Whether the containers' root filesystem is read-only. The library mounts emptyDirs at `/tmp`
     * and `/home/llm-serving` (HOME, with XDG, Hugging Face, vLLM and Triton caches under it) either
     * way; set false for an image that writes elsewhere.
     * @default true
     */
    readonly readOnlyRootFilesystem?: boolean;
}

/** The resolved profile of one pod. */
export interface PodProfile {
    /** Why the pod runs as root, when it does. */
    readonly runAsRoot?: string;
    readonly uid: number;
    readonly gid: number;
    /** `undefined` for a root pod unless given: root needs no group ownership, and Mountpoint for S3 refuses gid 0 (`--gid` must be at least 1). */
    readonly fsGroup: number | undefined;
    readonly readOnlyRootFilesystem: boolean;
    /** The ServiceAccount (named like the workload) the pod runs as. */
    readonly serviceAccountName: Deferrable<string>;
    /** Mount the service account token (only a pod that calls the API server: the Ray head's autoscaler). @default false */
    readonly keepToken?: boolean;
}

/** The profile of a pod running `image` as `serviceAccountName`, with the user's relaxations. */
export function resolvePodProfile(p: PodSecurityParsed, image: Deferrable<string>, serviceAccountName: Deferrable<string>): PodProfile {
    if (p.runAsRoot !== undefined) {
        return { runAsRoot: p.runAsRoot, uid: 0, gid: 0, fsGroup: p.fsGroup, readOnlyRootFilesystem: p.readOnlyRootFilesystem, serviceAccountName };
    }
    const user = imageUser(image);
    const gid = p.runAsGroup ?? user.gid;
    return { uid: p.runAsUser ?? user.uid, gid, fsGroup: p.fsGroup ?? gid, readOnlyRootFilesystem: p.readOnlyRootFilesystem, serviceAccountName };
}

/** The pod-level security context: the numeric user, fsGroup and the RuntimeDefault seccomp profile. */
export function podSecurityContext(p: PodProfile) {
    return {
        ...(p.runAsRoot === undefined ? { runAsNonRoot: true } : {}),
        runAsUser: p.uid,
        runAsGroup: p.gid,
        ...(p.fsGroup === undefined ? {} : { fsGroup: p.fsGroup }),
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** The container-level security context: no escalation, no capabilities, the root filesystem read-only unless relaxed. */
export function containerSecurityContext(p: PodProfile) {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        ...(p.runAsRoot === undefined ? { runAsNonRoot: true } : {}),
        readOnlyRootFilesystem: p.readOnlyRootFilesystem,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** The pod's identity: its own ServiceAccount, and no token unless it calls the API server. */
export function podIdentity(p: PodProfile) {
    return { serviceAccountName: p.serviceAccountName, automountServiceAccountToken: p.keepToken === true };
}

/** The writable emptyDirs every pod gets (names clear of `devshm`, `model*` and the engines' own). */
export function writableVolumes() {
    return [
        { name: TMP_VOLUME, emptyDir: {} },
        { name: HOME_VOLUME, emptyDir: {} },
    ];
}

export function writableMounts() {
    return [
        { name: TMP_VOLUME, mountPath: WRITABLE_TMP },
        { name: HOME_VOLUME, mountPath: WRITABLE_HOME },
    ];
}

/** {@link WRITABLE_ENV} but the names `env` sets itself, then `env`. */
export function withWritableEnv(env: readonly Record<string, unknown>[] = []): Record<string, unknown>[] {
    const own = new Set(env.map((e) => e.name));
    return [...WRITABLE_ENV.filter((e) => !own.has(e.name)), ...env];
}

/**
 * A container under the profile: its security context, the writable mounts after its own, the
 * cache environment before its own.
 */
export function restrictedContainer<C extends Record<string, unknown>>(c: C, p: PodProfile): C {
    return {
        ...c,
        env: withWritableEnv(c.env as Record<string, unknown>[] | undefined),
        securityContext: containerSecurityContext(p),
        volumeMounts: [...((c.volumeMounts as unknown[] | undefined) ?? []), ...writableMounts()],
    };
}

/** Pod-spec fields of the profile: the identity ({@link podIdentity}) and the pod security context. */
export function restrictedPodFields(p: PodProfile) {
    return { ...podIdentity(p), securityContext: podSecurityContext(p) };
}

/** The run-as-root annotation for a workload that runs as root, else nothing. */
export function runAsRootAnnotation(p: PodProfile): Record<string, string> {
    return p.runAsRoot === undefined ? {} : { [RUN_AS_ROOT_ANNOTATION]: p.runAsRoot };
}

/** A ServiceAccount of the workload's own, without an automounted token. */
export function renderServiceAccount(name: Deferrable<string>, namespace: Deferrable<string>, labels: Record<string, string>): KubeObject {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace, labels },
        automountServiceAccountToken: false,
    };
}
