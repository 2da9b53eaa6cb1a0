import type * as pulumi from "@pulumi/pulumi";
import { podIdentitySchema, type PodIdentity } from "../../core/pod-identity";
import { regionId } from "../../core/region";
import { inputLabel, inputString, modelMountPath, nonEmptyString, positiveInt32, quantity } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";

/**
 * Why `prefix` is not a key prefix the volume can expose as is, or undefined. The prefix lands in
 * the IAM (S3) or RAM (OSS) policy's resources and `s3:prefix` condition, in Mountpoint's mount
 * options and in ossfs' path: characters those read specially would widen the grant or change the mount.
 */
export function bucketPrefixProblem(prefix: string): string | undefined {
    if (prefix.startsWith("/")) return "must not start with '/' (a key prefix inside the bucket, e.g. 'models/llama-3-8b')";
    if (/[*?]/.test(prefix))
        return "must not contain '*' or '?': IAM (S3) and RAM (OSS) policies read them as wildcards, which would grant keys outside the prefix";
    if (/[${}]/.test(prefix)) return "must not contain '$', '{' or '}': IAM reads '${...}' as a policy variable";
    const segments = prefix.replace(/\/$/, "").split("/");
    if (prefix !== "" && segments.some((s) => s === "")) return "must not contain empty segments ('//')";
    if (segments.some((s) => s === "." || s === ".."))
        return "must not contain '.' or '..' segments: the mount would resolve them, the access policy would not";
    const bad = prefix.match(/[^A-Za-z0-9._/-]/);
    if (bad)
        return `may use only letters, digits, '-', '_' and '.' in '/'-separated segments (found '${bad[0]}'); spaces and other characters would change Mountpoint's mount options or the policy`;
    return undefined;
}

const bucketPrefix = lazySchema((z) =>
    z
        .string()
        .superRefine((prefix, ctx) => {
            const problem = bucketPrefixProblem(prefix);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        // One trailing '/' is allowed and dropped: the renders add it where a key prefix needs it.
        .transform((prefix) => prefix.replace(/\/$/, "")),
);

/**
 * `namespace`, `bucket.name` and `oss.accessKey` may be Outputs (or Promises): they are checked when
 * known, and the bucket name against the cloud's naming rules in `resolveModelBucketVolumeArgs`.
 */
export const modelBucketVolumeSchema = lazySchema((z) =>
    z.strictObject({
        cloud: z.enum(["alicloud", "aws"]),
        region: regionId(),
        namespace: inputLabel().default("default"),
        bucket: z.strictObject({
            name: inputString(),
            create: z.boolean().default(true),
            versioning: z.boolean().default(false),
            retainOnDelete: z.boolean().default(true),
            kmsKeyId: nonEmptyString().optional(),
            tags: z.record(z.string(), z.string()).default({}),
        }),
        prefix: bucketPrefix().default(""),
        accessMode: z.enum(["ReadOnlyMany", "ReadWriteMany"]).default("ReadOnlyMany"),
        capacity: quantity().default("100Gi"),
        mountPath: modelMountPath().default("/mnt/models"),
        retainOnDelete: z.boolean().default(true),
        volumeNames: z.enum(["fixed", "content"]).default("content"),
        podIdentity: podIdentitySchema().optional(),
        oss: z
            .strictObject({
                auth: z.enum(["rrsa", "accessKey"]).default("rrsa"),
                roleName: nonEmptyString().optional(),
                accessKey: z.strictObject({ id: inputString(), secret: inputString() }).optional(),
                fuseType: z.enum(["ossfs", "ossfs2"]).default("ossfs"),
                otherOpts: z.string().default("-o umask=022 -o max_stat_cache_size=100000 -o allow_other"),
                internalEndpoint: z.boolean().default(true),
                writer: z.strictObject({ uid: positiveInt32(), gid: positiveInt32() }).optional(),
            })
            .default({ auth: "rrsa", fuseType: "ossfs", otherOpts: "-o umask=022 -o max_stat_cache_size=100000 -o allow_other", internalEndpoint: true }),
        s3: z
            .strictObject({
                authenticationSource: z.enum(["driver", "pod"]).default("driver"),
                extraMountOptions: z.array(nonEmptyString()).default([]),
            })
            .default({ authenticationSource: "driver", extraMountOptions: [] }),
    }),
);

export type ModelBucketVolumeParsed = Infer<typeof modelBucketVolumeSchema>;

/** Arguments of {@link ModelBucketVolume}. */
export interface ModelBucketVolumeArgs {
    /** `alicloud`: an OSS bucket mounted by the ACK OSS CSI driver; `aws`: an S3 bucket mounted by Mountpoint for S3. @default none: required */
    readonly cloud: "alicloud" | "aws";
    /**
     * Region of the bucket, in the form of `cloud`'s region ids: Alibaba Cloud e.g. `cn-hangzhou`,
     * `ap-southeast-1`; AWS e.g. `us-east-1`, `us-gov-west-1`, `cn-north-1`. Refused: another cloud's
     * form (`cn-hangzhou` with `aws`, `cn-north-1` or `us-gov-west-1` with `alicloud`).
     * @default none: required
     */
    readonly region: string;
    /** Namespace of the PersistentVolumeClaim (serving pods must run there). May be an Output (e.g. `ns.metadata.name`), checked when known. @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /** The bucket: created by this component (private, encrypted, public access blocked) or adopted by name. @default none: required */
    readonly bucket: ModelBucketArgs;
    /**
     * Key prefix inside the bucket that the volume exposes and the access grant covers (`<prefix>/*`),
     * e.g. `models/llama-3-8b`; one trailing '/' is dropped. Refused: a leading '/', `*` and `?`
     * (policy wildcards, which would widen the grant), `$`, `{`, `}` (IAM policy variables), `.`, `..`
     * and empty segments, and any character but letters, digits, '-', '_' and '.'.
     * @default "" (the whole bucket)
     */
    readonly prefix?: string;
    /**
     * `ReadOnlyMany` for serving; `ReadWriteMany` when a job must write (download, conversion). A
     * `ReadWriteMany` volume is mounted for the jobs' non-root user: on OSS owned by `oss.writer`
     * (default 1000:1000), on S3 with Mountpoint's `allow-overwrite` (a rerun replaces files; the
     * driver takes the group from the pod's `fsGroup`).
     * @default "ReadOnlyMany"
     */
    readonly accessMode?: "ReadOnlyMany" | "ReadWriteMany";
    /** Capacity on the PV/PVC; object storage ignores it, Kubernetes uses it to match the claim. @default "100Gi" */
    readonly capacity?: string;
    /**
     * Where serving pods mount the volume (an absolute, normalized path). Refused: paths serving pods
     * use themselves, at, above or below them (`/dev/shm`, `/dev`, `/proc`, `/sys`, the service account
     * token, `/models`, `/opt/ml/model`, `/var/cache/openllm`, `/etc/triton/model-config`, `/scratch`;
     * see `SERVING_POD_PATHS`), and image directories themselves (`/`, `/etc`, `/tmp`, `/usr`, `/var`, ...).
     * @default "/mnt/models"
     */
    readonly mountPath?: string;
    /**
     * Keep the PersistentVolume and claim on `pulumi destroy`, and the old ones when `volumeNames:
     * "content"` replaces them (they hold no data: the models stay in the bucket; see
     * docs/operations.md for removing them). @default true
     */
    readonly retainOnDelete?: boolean;
    /**
     * How the PersistentVolume and claim are named. Kubernetes refuses to change a PersistentVolume's
     * source (`spec.csi`: bucket, prefix, endpoint, auth, fuse options) or a bound claim's spec
     * (access mode, size) in place.
     * - `content`: both names end in a hash of those fields (`<name>-<8 hex>`, `<namespace>-<name>-<8 hex>`;
     *   `<name>` at most 54 characters). A change plans a new volume and claim (created before the old
     *   ones are released), `ref.claimName` and `storageUri` follow them, and the serving components
     *   that mount the claim roll onto it. With a bucket name unknown at preview (another stack's
     *   output), the names are unknown at preview too.
     * - `fixed`: the claim is `<name>` and the volume `<namespace>-<name>`, whatever they hold (the
     *   names 0.1.0 created, and its default; set it to keep a volume created by 0.1.0, see
     *   MIGRATION.md). A change to the bucket, `prefix`, `region`, `accessMode`, `capacity` or `oss`
     *   settings is refused by the API server at preview (`spec.persistentvolumesource is immutable
     *   after creation`), and a change to `s3.extraMountOptions` (mutable `spec.mountOptions`)
     *   reaches pods only when they next mount.
     * Other fields (`mountPath`, `retainOnDelete`, `bucket.create`/`versioning`/`tags`/`kmsKeyId`,
     * `podIdentity`) never rename them.
     * @default "content"
     */
    readonly volumeNames?: "fixed" | "content";
    /**
     * The cluster's pod identity (`GpuCluster.podIdentity`). With it the component grants the CSI
     * driver access to this bucket: on ACK a RAM role trusted through RRSA, on EKS a policy on the
     * Mountpoint driver's role. It must be complete: a partial one (a missing or empty
     * `oidcIssuerUrl`, `s3CsiDriverRoleName`, ...) is refused naming the field, before anything is
     * registered. @default undefined (access must be granted another way)
     */
    readonly podIdentity?: PodIdentity;
    /** OSS settings (cloud `alicloud`). @default {auth: "rrsa", fuseType: "ossfs", otherOpts: "-o umask=022 -o max_stat_cache_size=100000 -o allow_other", internalEndpoint: true} */
    readonly oss?: OssVolumeArgs;
    /** S3 settings (cloud `aws`). @default {authenticationSource: "driver", extraMountOptions: []} */
    readonly s3?: S3VolumeArgs;
}

/** The bucket of a {@link ModelBucketVolume}: created by the component or adopted by name (`ModelBucketVolumeArgs.bucket`). */
export interface ModelBucketArgs {
    /**
     * Bucket name (OSS/S3 naming rules: 3-63 lower-case letters, digits, '-' (S3 also '.')).
     * May be an Output (e.g. another stack's output), checked against the naming rules when known.
     * @default none: required
     */
    readonly name: pulumi.Input<string>;
    /** Create the bucket (true) or adopt an existing one (false). @default true */
    readonly create?: boolean;
    /** Enable object versioning. @default false */
    readonly versioning?: boolean;
    /** Keep the bucket on `pulumi destroy` (it holds models). @default true */
    readonly retainOnDelete?: boolean;
    /** KMS key for server-side encryption; without it the cloud-managed key is used (AES256 / SSE-S3). @default undefined */
    readonly kmsKeyId?: string;
    /** Tags on the bucket. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** OSS settings of a {@link ModelBucketVolume} (`ModelBucketVolumeArgs.oss`, cloud `alicloud`). */
export interface OssVolumeArgs {
    /** `rrsa` (default, no static keys) or `accessKey` (an explicit opt-in: keys kept as Pulumi secrets in a Kubernetes Secret). @default "rrsa" */
    readonly auth?: "rrsa" | "accessKey";
    /** Existing RAM role for RRSA; without it, one is created from `podIdentity`. @default undefined */
    readonly roleName?: string;
    /** AccessKey pair for `auth: "accessKey"`; each may be an Output or a Promise (e.g. a config secret). @default undefined */
    readonly accessKey?: OssAccessKeyArgs;
    /** `ossfs` (1.0) or `ossfs2` (faster for read-only sequential reads; needs a recent CSI plugin). @default "ossfs" */
    readonly fuseType?: "ossfs" | "ossfs2";
    /** ossfs mount options. @default "-o umask=022 -o max_stat_cache_size=100000 -o allow_other" */
    readonly otherOpts?: string;
    /** Mount through the region's internal endpoint (free, in-VPC traffic). @default true */
    readonly internalEndpoint?: boolean;
    /**
     * The user that writes into a `ReadWriteMany` volume (the model jobs): its files and directories
     * are mounted as theirs (`-o uid=<uid> -o gid=<gid>` after `otherOpts`). ossfs checks access itself,
     * and lets only root and the `uid` user write with the default `umask=022`; the CSI plugin does
     * not apply the pod's `fsGroup`. Set it to the jobs' `podSecurity.runAsUser`/`runAsGroup` when
     * they override the default. Refused: on a `ReadOnlyMany` volume (no writer), and a `uid=`/`gid=`
     * in `otherOpts` naming another user. Readers keep read access (`umask=022` leaves others `r-x`).
     * @default {uid: 1000, gid: 1000} on a `ReadWriteMany` volume (the jobs' default user, `DEFAULT_IMAGE_USER`); none on a `ReadOnlyMany` one
     */
    readonly writer?: OssVolumeWriterArgs;
}

/** The owner of a `ReadWriteMany` OSS volume's files (`ModelBucketVolumeArgs.oss.writer`). */
export interface OssVolumeWriterArgs {
    /** Numeric user id the files belong to (ossfs `uid`); the user the writing jobs run as. @default none: required */
    readonly uid: number;
    /** Numeric group id the files belong to (ossfs `gid`). @default none: required */
    readonly gid: number;
}

/** An OSS AccessKey pair (`ModelBucketVolumeArgs.oss.accessKey`, with `auth: "accessKey"`), kept as Pulumi secrets in a Kubernetes Secret. */
export interface OssAccessKeyArgs {
    /** AccessKey id. May be an Output or a Promise (e.g. a config secret). @default none: required */
    readonly id: pulumi.Input<string>;
    /** AccessKey secret. May be an Output or a Promise (e.g. a config secret). @default none: required */
    readonly secret: pulumi.Input<string>;
}

/** S3 settings of a {@link ModelBucketVolume} (`ModelBucketVolumeArgs.s3`, cloud `aws`). */
export interface S3VolumeArgs {
    /** `driver`: the Mountpoint driver's identity; `pod`: the workload pod's own service account. @default "driver" */
    readonly authenticationSource?: "driver" | "pod";
    /**
     * Further Mountpoint mount options, e.g. `metadata-ttl 300`, after the library's (`allow-other`,
     * `region`, `prefix`, and `allow-overwrite` on a `ReadWriteMany` volume). Ownership is not needed
     * for the jobs: the CSI driver (v2) mounts with the pod's `fsGroup` as `gid` and modes 770/660
     * unless `gid=`, `dir-mode=` or `file-mode=` are given here, which replace them for every pod.
     * @default []
     */
    readonly extraMountOptions?: readonly string[];
}
