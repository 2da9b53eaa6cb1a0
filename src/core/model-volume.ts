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
    /** Where serving pods mount the claim. @default "/mnt/models" */
    readonly mountPath: string;
    /** Path inside the volume where the model files start ("" for the volume root). */
    readonly subPath: string;
    /** Whether the claim is read-only (ReadOnlyMany). */
    readonly readOnly: boolean;
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
