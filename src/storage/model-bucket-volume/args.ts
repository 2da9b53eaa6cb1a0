import type * as pulumi from "@pulumi/pulumi";
import type { PodIdentity } from "../../core/pod-identity";
import { inputLabel, inputString, nonEmptyString, quantity } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";

const cloudRegion = lazySchema((z) => z.string().regex(/^[a-z]{2}(-[a-z]+)+(-\d+)?$/, "must be a region id such as 'cn-hangzhou' or 'us-east-1'"));

const podIdentity = lazySchema((z) =>
    z.custom<PodIdentity>(
        (x) => typeof x === "object" && x !== null && ((x as PodIdentity).cloud === "alicloud" || (x as PodIdentity).cloud === "aws"),
        "must be a PodIdentity from GpuCluster.podIdentity",
    ),
);

/**
 * `namespace`, `bucket.name` and `oss.accessKey` may be Outputs (or Promises): they are checked when
 * known, and the bucket name against the cloud's naming rules in `resolveModelBucketVolumeArgs`.
 */
export const modelBucketVolumeSchema = lazySchema((z) =>
    z.strictObject({
        cloud: z.enum(["alicloud", "aws"]),
        region: cloudRegion(),
        namespace: inputLabel().default("default"),
        bucket: z.strictObject({
            name: inputString(),
            create: z.boolean().default(true),
            versioning: z.boolean().default(false),
            retainOnDelete: z.boolean().default(true),
            kmsKeyId: nonEmptyString().optional(),
            tags: z.record(z.string(), z.string()).default({}),
        }),
        prefix: z
            .string()
            .refine((p) => !p.startsWith("/"), { message: "must not start with '/' (a key prefix inside the bucket)" })
            .default(""),
        accessMode: z.enum(["ReadOnlyMany", "ReadWriteMany"]).default("ReadOnlyMany"),
        capacity: quantity().default("100Gi"),
        mountPath: z.string().startsWith("/", "must be an absolute path").default("/mnt/models"),
        retainOnDelete: z.boolean().default(true),
        podIdentity: podIdentity().optional(),
        oss: z
            .strictObject({
                auth: z.enum(["rrsa", "accessKey"]).default("rrsa"),
                roleName: nonEmptyString().optional(),
                accessKey: z.strictObject({ id: inputString(), secret: inputString() }).optional(),
                fuseType: z.enum(["ossfs", "ossfs2"]).default("ossfs"),
                otherOpts: z.string().default("-o umask=022 -o max_stat_cache_size=100000 -o allow_other"),
                internalEndpoint: z.boolean().default(true),
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
    /** `alicloud`: an OSS bucket mounted by the ACK OSS CSI driver; `aws`: an S3 bucket mounted by Mountpoint for S3. */
    readonly cloud: "alicloud" | "aws";
    /** Region of the bucket, e.g. `cn-hangzhou` or `us-east-1`. */
    readonly region: string;
    /** Namespace of the PersistentVolumeClaim (serving pods must run there). May be an Output (e.g. `ns.metadata.name`), checked when known. @default "default" */
    readonly namespace?: pulumi.Input<string>;
    /** The bucket: created by this component (private, encrypted, public access blocked) or adopted by name. */
    readonly bucket: {
        /**
         * Bucket name (OSS/S3 naming rules: 3-63 lower-case letters, digits, '-' (S3 also '.')).
         * May be an Output (e.g. another stack's output), checked against the naming rules when known.
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
    };
    /** Key prefix inside the bucket that the volume exposes (no leading '/'). @default "" (the whole bucket) */
    readonly prefix?: string;
    /** `ReadOnlyMany` for serving; `ReadWriteMany` when a job must write (download, conversion). @default "ReadOnlyMany" */
    readonly accessMode?: "ReadOnlyMany" | "ReadWriteMany";
    /** Capacity on the PV/PVC; object storage ignores it, Kubernetes uses it to match the claim. @default "100Gi" */
    readonly capacity?: string;
    /** Where serving pods mount the volume. @default "/mnt/models" */
    readonly mountPath?: string;
    /** Keep the PersistentVolume and claim on `pulumi destroy`. @default true */
    readonly retainOnDelete?: boolean;
    /**
     * The cluster's pod identity (`GpuCluster.podIdentity`). With it the component grants the CSI
     * driver access to this bucket: on ACK a RAM role trusted through RRSA, on EKS a policy on the
     * Mountpoint driver's role. @default undefined (access must be granted another way)
     */
    readonly podIdentity?: PodIdentity;
    /** OSS settings (cloud `alicloud`). */
    readonly oss?: {
        /** `rrsa` (default, no static keys) or `accessKey` (an explicit opt-in: keys kept as Pulumi secrets in a Kubernetes Secret). @default "rrsa" */
        readonly auth?: "rrsa" | "accessKey";
        /** Existing RAM role for RRSA; without it, one is created from `podIdentity`. @default undefined */
        readonly roleName?: string;
        /** AccessKey pair for `auth: "accessKey"`; each may be an Output or a Promise (e.g. a config secret). @default undefined */
        readonly accessKey?: { readonly id: pulumi.Input<string>; readonly secret: pulumi.Input<string> };
        /** `ossfs` (1.0) or `ossfs2` (faster for read-only sequential reads; needs a recent CSI plugin). @default "ossfs" */
        readonly fuseType?: "ossfs" | "ossfs2";
        /** ossfs mount options. @default "-o umask=022 -o max_stat_cache_size=100000 -o allow_other" */
        readonly otherOpts?: string;
        /** Mount through the region's internal endpoint (free, in-VPC traffic). @default true */
        readonly internalEndpoint?: boolean;
    };
    /** S3 settings (cloud `aws`). */
    readonly s3?: {
        /** `driver`: the Mountpoint driver's identity; `pod`: the workload pod's own service account. @default "driver" */
        readonly authenticationSource?: "driver" | "pod";
        /** Further Mountpoint mount options, e.g. `uid=1000`. @default [] */
        readonly extraMountOptions?: readonly string[];
    };
}
