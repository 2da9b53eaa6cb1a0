import { isKnown, text, whenKnown, type Deferrable } from "../../core/deferrable";
import { regionProblem } from "../../core/region";
import { contentName } from "../../core/kube";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, failArgs } from "../../core/validation";
import { modelBucketVolumeSchema, type ModelBucketVolumeArgs, type ModelBucketVolumeParsed } from "./args";
import { ossOtherOpts, ossWriterConflicts, s3ExtraMountOptions } from "./mount-options";

export const MODEL_BUCKET_VOLUME = "ModelBucketVolume";

/** OSS bucket names: 3-63 characters, lower-case letters, digits and '-', starting and ending with a letter or digit. */
export function ossBucketNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name))
        return "OSS bucket names use only lower-case letters, digits and '-', and start and end with a letter or digit";
    return undefined;
}

/** S3 general-purpose bucket naming rules. */
export function s3BucketNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
    if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
        return "S3 bucket names use only lower-case letters, digits, '.' and '-', and start and end with a letter or digit";
    if (name.includes("..")) return "S3 bucket names must not contain two adjacent periods";
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "S3 bucket names must not look like an IP address";
    if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "S3 bucket names must not start with 'xn--', 'sthree-' or 'amzn-s3-demo-'";
    if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return "S3 bucket names must not end with a reserved suffix such as '-s3alias' or '--ol-s3'";
    return undefined;
}

/** A ModelBucketVolume's arguments after validation, ready to render. */
export interface ModelBucketVolumeResolved {
    readonly name: string;
    readonly args: ModelBucketVolumeParsed;
    /**
     * `<namespace>-<name>`: the stable base of names outside the claim (the RRSA role, the S3 access
     * policy), which a new volume source never renames; an Output when the namespace is one.
     */
    readonly baseName: Deferrable<string>;
    /** PersistentVolumeClaim name: `<name>`, or `<name>-<8 hex>` with `volumeNames: "content"`; an Output when the bucket name is one (content names). */
    readonly claimName: Deferrable<string>;
    /** Cluster-scoped PersistentVolume name (unique per namespace and volume): `<namespace>-<claim name>`; an Output when the namespace or the claim name is one. */
    readonly pvName: Deferrable<string>;
}

/** Longest `name` with `volumeNames: "content"`: the claim name `<name>-<8 hex>` must stay a DNS-1123 label (63), as serving components require. */
export const CONTENT_NAMED_MAX = 54;

/**
 * What a PersistentVolume or bound claim cannot change in place, from the parsed arguments: the CSI
 * source (bucket, endpoint, path/prefix, auth and RAM role, fuse type and options, S3 authentication
 * source; Kubernetes' `ValidatePersistentVolumeUpdate`: `spec.persistentvolumesource is immutable
 * after creation`), the S3 mount options (mutable on the PV, but read only when a pod mounts), and the
 * claim's access mode and size (`ValidatePersistentVolumeClaimUpdate`: `spec is immutable after
 * creation except resources.requests`; a smaller request is refused, and a larger one by the
 * PersistentVolumeClaimResize admission plugin: "only dynamically provisioned pvc can be resized"). The namespace is not here: it is in both
 * names already. `bucket` is the bucket name once known.
 */
export function volumeSource(args: ModelBucketVolumeParsed, bucket: string): Record<string, unknown> {
    const common = { cloud: args.cloud, region: args.region, bucket, prefix: args.prefix, accessMode: args.accessMode, capacity: args.capacity };
    if (args.cloud === "alicloud") {
        const o = args.oss;
        return {
            ...common,
            auth: o.auth,
            roleName: o.auth === "rrsa" ? (o.roleName ?? null) : null,
            fuseType: o.fuseType,
            // As rendered: a ReadWriteMany volume's writer (uid/gid) is part of it.
            otherOpts: ossOtherOpts(args),
            internalEndpoint: o.internalEndpoint,
        };
    }
    // As rendered: a ReadWriteMany volume's allow-overwrite is part of it.
    return { ...common, authenticationSource: args.s3.authenticationSource, extraMountOptions: s3ExtraMountOptions(args) };
}

/** The claim name: `name`, or with `volumeNames: "content"` `name` plus a hash of {@link volumeSource}. */
export function volumeClaimName(name: string, args: ModelBucketVolumeParsed): Deferrable<string> {
    if (args.volumeNames === "fixed") return name;
    return whenKnown([args.bucket.name], (bucket: string) => contentName(name, volumeSource(args, bucket)));
}

export function resolveModelBucketVolumeArgs(name: string, raw: ModelBucketVolumeArgs): ModelBucketVolumeResolved {
    const { parsed, problems } = beginResolve(MODEL_BUCKET_VOLUME, name, dns1123Label(), modelBucketVolumeSchema(), raw);

    // The bucket name may be an Output: checked now when known, else when it resolves (failing the
    // preview or update that learns it, naming bucket.name).
    const bucketNameProblem = parsed.cloud === "alicloud" ? ossBucketNameProblem : s3BucketNameProblem;
    const bucketName = parsed.bucket.name;
    let args = parsed;
    if (isKnown(bucketName)) {
        const bucketProblem = bucketNameProblem(bucketName);
        if (bucketProblem) problems.add("bucket.name", bucketProblem);
    } else {
        const checked = whenKnown([bucketName], (known: string) => {
            const problem = bucketNameProblem(known);
            if (problem)
                failArgs(MODEL_BUCKET_VOLUME, [
                    { propertyPath: "bucket.name", reason: `${problem} (the value of bucket.name, known only after its Output resolved)` },
                ]);
            return known;
        });
        args = { ...parsed, bucket: { ...parsed.bucket, name: checked } };
    }
    const regionWrong = regionProblem(args.cloud, args.region);
    if (regionWrong) problems.add("region", regionWrong);
    if (args.podIdentity && args.podIdentity.cloud !== args.cloud) {
        problems.add("podIdentity", `is for cloud '${args.podIdentity.cloud}', but the volume is on '${args.cloud}'`);
    }
    const ossGiven = raw.oss !== undefined;
    const s3Given = raw.s3 !== undefined;
    if (args.cloud === "aws" && ossGiven) problems.add("oss", "OSS settings apply to cloud 'alicloud' only");
    if (args.cloud === "alicloud" && s3Given) problems.add("s3", "S3 settings apply to cloud 'aws' only");
    if (args.cloud === "alicloud") {
        const oss = args.oss;
        if (oss.auth === "rrsa") {
            if (oss.accessKey) problems.add("oss.accessKey", "is only used with oss.auth 'accessKey'");
            if (!oss.roleName && !args.podIdentity) {
                problems.add(
                    "oss.roleName",
                    "RRSA needs a RAM role: pass podIdentity (from GpuCluster) to create one, name an existing role, or opt in to oss.auth 'accessKey'",
                );
            }
        } else {
            if (!oss.accessKey) problems.add("oss.accessKey", "oss.auth 'accessKey' needs the AccessKey id and secret");
            if (oss.roleName) problems.add("oss.roleName", "is only used with oss.auth 'rrsa'");
        }
        if (oss.writer && args.accessMode === "ReadOnlyMany") {
            problems.add("oss.writer", "is only used with accessMode 'ReadWriteMany': a read-only volume has no writer");
        }
        for (const conflict of ossWriterConflicts(args)) problems.add("oss.otherOpts", conflict);
    }
    if (args.cloud === "aws" && args.s3.extraMountOptions.some((o) => o.startsWith("-"))) {
        problems.add(
            "s3.extraMountOptions",
            "Mountpoint options are written without leading dashes (e.g. 'uid=1000'); '-o' style options are rejected by the driver",
        );
    }
    if (args.volumeNames === "content" && name.length > CONTENT_NAMED_MAX) {
        problems.add(
            "volumeNames",
            `'content' names the claim '<name>-<8 hex>', which must stay within 63 characters: the component name '${name}' has ${name.length}, at most ${CONTENT_NAMED_MAX} allowed (or set volumeNames 'fixed', which names the claim '<name>')`,
        );
    }
    problems.throwIfAny(MODEL_BUCKET_VOLUME);
    const claimName = volumeClaimName(name, args);
    return { name, args, baseName: text`${args.namespace}-${name}`, claimName, pvName: text`${args.namespace}-${claimName}` };
}
