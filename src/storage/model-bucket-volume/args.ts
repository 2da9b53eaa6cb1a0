import type * as pulumi from "@pulumi/pulumi";
import * as v from "valibot";
import type { PodIdentity } from "../../core/pod-identity";
import { dns1123Label, inputString, nonEmptyString, quantity } from "../../core/schemas";

const cloudRegion = v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+(-\d+)?$/, "must be a region id such as 'cn-hangzhou' or 'us-east-1'"));

const podIdentity = v.custom<PodIdentity>(
    (x) => typeof x === "object" && x !== null && ((x as PodIdentity).cloud === "alicloud" || (x as PodIdentity).cloud === "aws"),
    "must be a PodIdentity from GpuCluster.podIdentity",
);

export const modelBucketVolumeSchema = v.strictObject({
    cloud: v.picklist(["alicloud", "aws"]),
    region: cloudRegion,
    namespace: v.optional(dns1123Label, "default"),
    bucket: v.strictObject({
        name: nonEmptyString,
        create: v.optional(v.boolean(), true),
        versioning: v.optional(v.boolean(), false),
        retainOnDelete: v.optional(v.boolean(), true),
        kmsKeyId: v.optional(nonEmptyString),
        tags: v.optional(v.record(v.string(), v.string()), {}),
    }),
    prefix: v.optional(
        v.pipe(
            v.string(),
            v.check((p) => !p.startsWith("/"), "must not start with '/' (a key prefix inside the bucket)"),
        ),
        "",
    ),
    accessMode: v.optional(v.picklist(["ReadOnlyMany", "ReadWriteMany"]), "ReadOnlyMany"),
    capacity: v.optional(quantity, "100Gi"),
    mountPath: v.optional(v.pipe(v.string(), v.startsWith("/", "must be an absolute path")), "/mnt/models"),
    retainOnDelete: v.optional(v.boolean(), true),
    podIdentity: v.optional(podIdentity),
    oss: v.optional(
        v.strictObject({
            auth: v.optional(v.picklist(["rrsa", "accessKey"]), "rrsa"),
            roleName: v.optional(nonEmptyString),
            accessKey: v.optional(v.strictObject({ id: inputString, secret: inputString })),
            fuseType: v.optional(v.picklist(["ossfs", "ossfs2"]), "ossfs"),
            otherOpts: v.optional(v.string(), "-o umask=022 -o max_stat_cache_size=100000 -o allow_other"),
            internalEndpoint: v.optional(v.boolean(), true),
        }),
        { auth: "rrsa", fuseType: "ossfs", otherOpts: "-o umask=022 -o max_stat_cache_size=100000 -o allow_other", internalEndpoint: true },
    ),
    s3: v.optional(
        v.strictObject({
            authenticationSource: v.optional(v.picklist(["driver", "pod"]), "driver"),
            extraMountOptions: v.optional(v.array(nonEmptyString), []),
        }),
        { authenticationSource: "driver", extraMountOptions: [] },
    ),
});

export type ModelBucketVolumeParsed = v.InferOutput<typeof modelBucketVolumeSchema>;

/** Arguments of {@link ModelBucketVolume}. */
export interface ModelBucketVolumeArgs {
    /** `alicloud`: an OSS bucket mounted by the ACK OSS CSI driver; `aws`: an S3 bucket mounted by Mountpoint for S3. */
    readonly cloud: "alicloud" | "aws";
    /** Region of the bucket, e.g. `cn-hangzhou` or `us-east-1`. */
    readonly region: string;
    /** Namespace of the PersistentVolumeClaim (serving pods must run there). @default "default" */
    readonly namespace?: string;
    /** The bucket: created by this component (private, encrypted, public access blocked) or adopted by name. */
    readonly bucket: {
        /** Bucket name (OSS/S3 naming rules: 3-63 lower-case letters, digits, '-' (S3 also '.')). */
        readonly name: string;
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
        /** AccessKey pair for `auth: "accessKey"`. @default undefined */
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
