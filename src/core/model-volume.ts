/**
 * What a serving component needs to know about a model volume: plain data, known at
 * construction, so serving code never depends on how (or on which cloud) the volume was made.
 * `ModelBucketVolume.ref` returns one; any existing PVC can be described by hand.
 */
export interface ModelVolumeRef {
    /** Name of the PersistentVolumeClaim. */
    readonly claimName: string;
    /** Namespace of the claim; pods that mount it must run there. */
    readonly namespace: string;
    /** Where serving pods mount the claim. @default "/mnt/models" */
    readonly mountPath: string;
    /** Path inside the volume where the model files start ("" for the volume root). */
    readonly subPath: string;
    /** Whether the claim is read-only (ReadOnlyMany). */
    readonly readOnly: boolean;
}

/** KServe storage URI for a path on a claim: `pvc://<claim>/<path>`. */
export function pvcStorageUri(claimName: string, path: string): string {
    const clean = path.replace(/^\/+|\/+$/g, "");
    return clean === "" ? `pvc://${claimName}` : `pvc://${claimName}/${clean}`;
}

export function joinPath(...parts: string[]): string {
    return parts
        .map((p) => p.replace(/^\/+|\/+$/g, ""))
        .filter((p) => p !== "")
        .join("/");
}
