import * as pulumi from "@pulumi/pulumi";
import type { Deferrable } from "../../core/deferrable";
import { gpuScheduling, type GpuSchedulingArgs } from "../../core/gpu";
import { contentName, standardLabels, type KubeObject } from "../../core/kube";
import type { ModelVolumeRef } from "../../core/model-volume";
import {
    inputImage,
    inputLabel,
    labelsSchema,
    nodeSelectorSchema,
    nonEmptyString,
    nonNegativeInt32,
    positiveInt,
    resources,
    toleration,
    type Toleration,
} from "../../core/schemas";
import type { ProblemList } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";
import { claimNamespaceChecked, modelVolumeRefSchema } from "../common/args";
import { MODEL_VOLUME, modelClaimVolume } from "../common/pod";
import {
    podSecuritySchema,
    renderServiceAccount,
    resolvePodProfile,
    restrictedContainer,
    restrictedPodFields,
    runAsRootAnnotation,
    writableVolumes,
    type PodSecurityArgs,
} from "../common/pod-security";
import { workloadAnnotationsSchema } from "../common/generated-annotations";

/** A path inside the model volume: relative, no `..`. */
export const volumePath = lazySchema(() =>
    nonEmptyString()
        .regex(/^[\w.-]+(\/[\w.-]+)*$/, "must be a relative path inside the volume such as 'bloom-7b1' (letters, digits, '.', '_', '-', '/')")
        .refine((p) => !p.split("/").includes(".."), { message: "must not contain '..'" }),
);

/** Arguments both model jobs take. */
export const jobCommon = lazySchema((z) =>
    z.strictObject({
        namespace: inputLabel().default("default"),
        volume: modelVolumeRefSchema(),
        image: inputImage().optional(),
        resources: resources().optional(),
        nodeSelector: nodeSelectorSchema().default({}),
        tolerations: z.array(toleration()).default([]),
        gpuPool: gpuScheduling().optional(),
        backoffLimit: nonNegativeInt32().default(2),
        timeoutMinutes: positiveInt().default(180),
        labels: labelsSchema().default({}),
        annotations: workloadAnnotationsSchema().default({}),
        podSecurity: podSecuritySchema(),
    }),
);

export type JobCommonParsed = Infer<typeof jobCommon>;

/** Arguments both model jobs take. */
export interface JobCommonArgs {
    /** Namespace of the Job; must be the volume's. May be an Output (e.g. `ns.metadata.name`), checked when known. @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /** The writable model volume (`ModelBucketVolume` with `accessMode: "ReadWriteMany"`, `.ref`). */
    readonly volume: ModelVolumeRef;
    /** Container image override, pinned to a tag or digest. May be an Output (checked when known). @default the pinned image in `core/versions` */
    readonly image?: pulumi.Input<string>;
    /** CPU/memory requests and limits of the job container. @default per job, always with a memory limit */
    readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
    /**
     * Extra node selector, merged over the GPU pool's. Keys are label keys and values label values, by Kubernetes' rules ({@link nodeSelectorSchema}).
     * @default {}
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Extra tolerations, added to the GPU pool's. @default [] */
    readonly tolerations?: readonly Toleration[];
    /** GPU pool to run on (`GpuCluster.gpuPool(name)`). @default none */
    readonly gpuPool?: GpuSchedulingArgs;
    /** Retries of a failed pod before the Job fails. @default 2 */
    readonly backoffLimit?: number;
    /**
     * How long the Job may run: its `activeDeadlineSeconds`, and how long `pulumi up` waits for it
     * to complete (the provider's Job await times out after 10 minutes otherwise). @default 180
     */
    readonly timeoutMinutes?: number;
    /**
     * Extra labels on the Job and its pod. Kubernetes' label rules apply; the library's own keys (`app.kubernetes.io/name`, `app.kubernetes.io/component`, `app.kubernetes.io/managed-by`, `llm-serving/role`) are refused, since selectors rely on them ({@link labelsSchema}).
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Extra annotations on the Job. Keys are qualified names and keys and values together at most 256 KiB, by Kubernetes' rules ({@link workloadAnnotationsSchema}). Keys the library writes itself are refused, naming the argument to set instead (`llm-serving/run-as-root`: `podSecurity.runAsRoot`; see `generated-annotations`).
     * @default {}
     */
    readonly annotations?: Readonly<Record<string, string>>;
    /**
     * Relaxations of the restricted profile the job's pod runs under (the image's non-root user,
     * 1000:1000 for the pinned job images; read-only root filesystem with emptyDirs at /tmp and HOME;
     * no service account token). The job writes into the volume as that user. A `ModelBucketVolume`
     * with `accessMode: "ReadWriteMany"` lets it: on OSS its mount belongs to `oss.writer` (default
     * 1000:1000), and a job running as another non-root uid is refused, naming `podSecurity.runAsUser`
     * (or `volume`); on S3 the Mountpoint CSI driver (v2) mounts with the pod's `fsGroup` as group,
     * with group write. Another claim (a PVC described by hand) must let the user write itself.
     * @default {readOnlyRootFilesystem: true}
     */
    readonly podSecurity?: PodSecurityArgs;
}

/**
 * Jobs write into the volume: it must be writable and in the Job's namespace. Returns the namespace
 * the Job goes to: when either namespace is an Output, an Output that fails naming `volume` once
 * both are known and differ.
 */
export function checkWritableVolume(component: string, a: JobCommonParsed, image: Deferrable<string>, problems: ProblemList): Deferrable<string> {
    if (a.volume.readOnly) {
        problems.add(
            "volume",
            "the job writes into the volume, but it is read-only: use a ReadWriteMany volume (ModelBucketVolume accessMode 'ReadWriteMany')",
        );
    } else {
        checkVolumeWriter(a, image, problems);
    }
    return claimNamespaceChecked({ component, workload: "job", namespace: a.namespace, volumes: [["volume", a.volume]], problems });
}

/**
 * A volume mounted for one writer (`ModelVolumeRef.writer`: an OSS volume's `oss.writer`) refuses
 * every other non-root user (ossfs), so the job must run as that uid, or as root.
 */
function checkVolumeWriter(a: JobCommonParsed, image: Deferrable<string>, problems: ProblemList): void {
    const writer = a.volume.writer;
    if (!writer) return;
    const profile = resolvePodProfile(a.podSecurity, image, "");
    if (profile.runAsRoot !== undefined || profile.uid === writer.uid) return;
    problems.add(
        a.podSecurity.runAsUser !== undefined ? "podSecurity.runAsUser" : "volume",
        `the job runs as uid ${profile.uid}, but the volume is mounted for uid ${writer.uid} (ModelBucketVolume oss.writer), the only non-root user ossfs lets write: set oss.writer to {uid: ${profile.uid}, gid: ${profile.gid}} or podSecurity.runAsUser to ${writer.uid}`,
    );
}

/** Whether a rendered value holds an Output anywhere. */
function holdsOutput(value: unknown): boolean {
    if (pulumi.Output.isInstance(value)) return true;
    if (Array.isArray(value)) return value.some(holdsOutput);
    if (typeof value === "object" && value !== null) return Object.values(value).some(holdsOutput);
    return false;
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
    const profile = resolvePodProfile(a.podSecurity, p.container.image as Deferrable<string>, p.name);
    const annotations = { ...a.annotations, ...runAsRootAnnotation(profile) };
    const spec = {
        backoffLimit: a.backoffLimit,
        activeDeadlineSeconds: a.timeoutMinutes * 60,
        template: {
            metadata: { labels },
            spec: {
                restartPolicy: "Never",
                ...p.placement,
                ...restrictedPodFields(profile),
                containers: [restrictedContainer(p.container, profile)],
                volumes: [modelClaimVolume(a.volume), ...(p.extraVolumes ?? []), ...writableVolumes()],
            },
        },
    };
    // The hash covers the values the spec holds, never an Output: with a claim, Secret or image
    // given as an Output, the name is known (and hashed) when they are.
    const name = holdsOutput(spec) ? pulumi.output(spec).apply((known) => contentName(p.name, known)) : contentName(p.name, spec);
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            name,
            namespace: a.namespace,
            labels,
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        },
        spec,
    };
}

/** The job's own ServiceAccount (no token), named like the job without its content hash. */
export function renderJobServiceAccount(name: string, component: string, a: JobCommonParsed): KubeObject {
    return renderServiceAccount(name, a.namespace, standardLabels(name, component, a.labels));
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
