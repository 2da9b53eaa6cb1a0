import * as v from "valibot";
import { gpuScheduling, type GpuScheduling } from "../../core/gpu";
import { contentName, standardLabels, type KubeObject } from "../../core/kube";
import type { ModelVolumeRef } from "../../core/model-volume";
import {
    dns1123Label,
    labelMap,
    nonEmptyString,
    nonNegativeInt,
    pinnedImage,
    positiveInt,
    resources,
    toleration,
    type Toleration,
} from "../../core/schemas";
import type { ProblemList } from "../../core/validation";
import { modelVolumeRefSchema } from "../common/args";
import { CONTAINER_SECURITY, MODEL_VOLUME, modelClaimVolume } from "../common/pod";

/** A path inside the model volume: relative, no `..`. */
export const volumePath = v.pipe(
    nonEmptyString,
    v.regex(/^[\w.-]+(\/[\w.-]+)*$/, "must be a relative path inside the volume such as 'bloom-7b1' (letters, digits, '.', '_', '-', '/')"),
    v.check((p) => !p.split("/").includes(".."), "must not contain '..'"),
);

/** Arguments both model jobs take. */
export const jobCommon = v.strictObject({
    namespace: v.optional(dns1123Label, "default"),
    volume: modelVolumeRefSchema,
    image: v.optional(pinnedImage),
    resources: v.optional(resources),
    nodeSelector: v.optional(labelMap, {}),
    tolerations: v.optional(v.array(toleration), []),
    gpuPool: v.optional(gpuScheduling),
    backoffLimit: v.optional(nonNegativeInt, 2),
    timeoutMinutes: v.optional(positiveInt, 180),
    labels: v.optional(labelMap, {}),
    annotations: v.optional(labelMap, {}),
});

export type JobCommonParsed = v.InferOutput<typeof jobCommon>;

/** Arguments both model jobs take. */
export interface JobCommonArgs {
    /** Namespace of the Job; must be the volume's. @default "default" */
    readonly namespace?: string;
    /** The writable model volume (`ModelBucketVolume` with `accessMode: "ReadWriteMany"`, `.ref`). */
    readonly volume: ModelVolumeRef;
    /** Container image override, pinned to a tag or digest. @default the pinned image in `core/versions` */
    readonly image?: string;
    /** CPU/memory requests and limits of the job container. @default per job, always with a memory limit */
    readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
    /** Extra node selector, merged over the GPU pool's. @default {} */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Extra tolerations, added to the GPU pool's. @default [] */
    readonly tolerations?: readonly Toleration[];
    /** GPU pool to run on (`GpuCluster.gpuPool(name)`). @default none */
    readonly gpuPool?: GpuScheduling;
    /** Retries of a failed pod before the Job fails. @default 2 */
    readonly backoffLimit?: number;
    /**
     * How long the Job may run: its `activeDeadlineSeconds`, and how long `pulumi up` waits for it
     * to complete (the provider's Job await times out after 10 minutes otherwise). @default 180
     */
    readonly timeoutMinutes?: number;
    /** Extra labels on the Job and its pod. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /** Extra annotations on the Job. @default {} */
    readonly annotations?: Readonly<Record<string, string>>;
}

/** Jobs write into the volume: it must be writable and in the Job's namespace. */
export function checkWritableVolume(a: JobCommonParsed, problems: ProblemList): void {
    if (a.volume.readOnly) {
        problems.add("volume", "the job writes into the volume, but it is read-only: use a ReadWriteMany volume (ModelBucketVolume accessMode 'ReadWriteMany')");
    }
    if (a.volume.namespace !== a.namespace) {
        problems.add("volume", `the claim is in namespace '${a.volume.namespace}', the job in '${a.namespace}'; pods can only mount claims of their own namespace`);
    }
}

/** What a model job's pod runs. */
export interface JobPod {
    readonly name: string;
    readonly component: string;
    readonly args: JobCommonParsed;
    readonly container: Record<string, unknown>;
    readonly extraVolumes?: readonly Record<string, unknown>[];
    readonly placement: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] };
}

/**
 * A Job running one container once to completion. Its name ends in a hash of its spec: a Job's pod
 * template is immutable, so a changed Job is a new object created beside the old one before the
 * old one is deleted (replacing a Job under the same name fails, pulumi-kubernetes#2575).
 */
export function renderJob(p: JobPod): KubeObject {
    const a = p.args;
    const labels = standardLabels(p.name, p.component, a.labels);
    const spec = {
        backoffLimit: a.backoffLimit,
        activeDeadlineSeconds: a.timeoutMinutes * 60,
        template: {
            metadata: { labels },
            spec: {
                restartPolicy: "Never",
                ...p.placement,
                securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                containers: [{ ...p.container, securityContext: CONTAINER_SECURITY }],
                volumes: [modelClaimVolume(a.volume), ...(p.extraVolumes ?? [])],
            },
        },
    };
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            name: contentName(p.name, spec),
            namespace: a.namespace,
            labels,
            ...(Object.keys(a.annotations).length > 0 ? { annotations: a.annotations } : {}),
        },
        spec,
    };
}

/** The volume mounted writable at its mount path. */
export function writableModelMount(volume: ModelVolumeRef) {
    return { name: MODEL_VOLUME, mountPath: volume.mountPath };
}

/** Pulumi waits this long for the Job to complete (create and replace). */
export function jobTimeouts(a: JobCommonParsed): { create: string; update: string } {
    return { create: `${a.timeoutMinutes}m`, update: `${a.timeoutMinutes}m` };
}

/** Shell-quotes one word for `sh -c` (single quotes, embedded ones escaped). */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}
