import type * as pulumi from "@pulumi/pulumi";
import { text, type Deferrable } from "./deferrable";

/**
 * What a serving component needs to know about a model volume: plain data, known at
 * construction, so serving code never depends on how (or on which cloud) the volume was made.
 * `ModelBucketVolume.ref` returns one; any existing PVC can be described by hand.
 */
export interface ModelVolumeRef {
    /** Name of the PersistentVolumeClaim. May be an Output. */
    readonly claimName: pulumi.Input<string>;
    /** Namespace of the claim; pods that mount it must run there. May be an Output (checked when known). */
    readonly namespace: pulumi.Input<string>;
    /**
     * Where serving pods mount the claim: an absolute, normalized path clear of the paths serving pods
     * use themselves ({@link SERVING_POD_PATHS}: `/dev/shm`, `/models`, ...), refused naming
     * `...volume.mountPath` otherwise. `ModelBucketVolume` sets it. @default "/mnt/models"
     */
    readonly mountPath: string;
    /** Path inside the volume where the model files start ("" for the volume root). */
    readonly subPath: string;
    /** Whether the claim is read-only (ReadOnlyMany). */
    readonly readOnly: boolean;
    /**
     * The only non-root user that may write into the volume, when its mount allows no other: a
     * `ReadWriteMany` OSS `ModelBucketVolume` (ossfs lets root and its `-o uid=` user write,
     * `oss.writer`). The model jobs refuse to run as another non-root uid. Serving pods only read.
     * @default undefined (the volume does not name one: S3 volumes take the pod's `fsGroup`)
     */
    readonly writer?: { readonly uid: number; readonly gid: number };
}

/** KServe storage URI for a path on a claim: `pvc://<claim>/<path>`. */
export function pvcStorageUri(claimName: Deferrable<string>, path: string): Deferrable<string> {
    const clean = path.replace(/^\/+|\/+$/g, "");
    return clean === "" ? text`pvc://${claimName}` : text`pvc://${claimName}/${clean}`;
}

export function joinPath(...parts: string[]): string {
    return parts
        .map((p) => p.replace(/^\/+|\/+$/g, ""))
        .filter((p) => p !== "")
        .join("/");
}

/**
 * Paths serving pods (and the jobs that fill model volumes) use themselves, with what uses them. A
 * model volume mounted at one, above one (hiding it) or below one (inside a volume it does not own)
 * is refused by {@link mountPathProblem}.
 */
export const SERVING_POD_PATHS: Readonly<Record<string, string>> = {
    "/dev/shm": "the memory-backed /dev/shm every serving pod mounts (NCCL, Ray's object store)",
    "/dev": "the GPU device nodes",
    "/proc": "the kernel's process filesystem",
    "/sys": "the kernel's sysfs",
    "/var/run/secrets/kubernetes.io/serviceaccount": "the service account token Kubernetes mounts",
    "/etc/hosts": "a file Kubernetes mounts into every container",
    "/etc/hostname": "a file Kubernetes mounts into every container",
    "/etc/resolv.conf": "a file Kubernetes mounts into every container",
    "/var/cache/openllm": "OpenLLM's cache volume",
    "/etc/triton/model-config": "Triton's generated model configuration",
    "/models": "Triton's generated model repository",
    "/opt/ml/model": "DJL Serving's model store",
    "/scratch": "the download job's scratch volume",
    "/home/llm-serving": "the writable HOME of every pod (caches)",
    "/opt/djl/logs": "DJL Serving's log directory",
};

/** Image directories a mount at the directory itself would hide (below them is fine: `/tmp/models`). */
const IMAGE_DIRECTORIES = ["/bin", "/etc", "/lib", "/lib64", "/sbin", "/tmp", "/usr", "/var"];

/** A path without its trailing '/' (`/` stays `/`). */
function trimSlash(path: string): string {
    return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** How two absolute paths relate: "same", "inside" (`a` below `b`), "contains" (`a` above `b`) or undefined. */
export function pathRelation(a: string, b: string): "same" | "inside" | "contains" | undefined {
    const [x, y] = [trimSlash(a), trimSlash(b)];
    if (x === y) return "same";
    if (y === "/" || x.startsWith(`${y}/`)) return "inside";
    if (x === "/" || y.startsWith(`${x}/`)) return "contains";
    return undefined;
}

/**
 * Why a model volume must not be mounted at `mountPath`, or undefined: it must be absolute and
 * normalized (no `.`, `..` or empty segments), and keep clear of {@link SERVING_POD_PATHS} and the
 * image's system directories. `/mnt/models`, the default, is KServe's model directory: in KServe
 * mode the claim is handed to KServe (`pvc://`), which mounts it there itself.
 */
export function mountPathProblem(mountPath: string): string | undefined {
    if (!mountPath.startsWith("/")) return "must be an absolute path";
    const segments = trimSlash(mountPath).split("/").slice(1);
    if (mountPath !== "/" && segments.some((s) => s === "" || s === "." || s === ".."))
        return "must be a normalized absolute path (no '.', '..' or empty segments)";
    for (const [path, use] of Object.entries(SERVING_POD_PATHS)) {
        const relation = pathRelation(mountPath, path);
        if (relation === "same") return `'${path}' is ${use}`;
        if (relation === "contains") return `would hide ${path}, ${use}`;
        if (relation === "inside") return `is inside ${path}, ${use}`;
    }
    const hidden = IMAGE_DIRECTORIES.find((dir) => pathRelation(mountPath, dir) === "same");
    if (hidden) return `would hide the image's ${hidden} directory; mount below it (e.g. '${hidden}/models') or under /mnt`;
    return undefined;
}
