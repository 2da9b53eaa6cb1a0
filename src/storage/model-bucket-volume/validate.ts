import { isKnown, text, whenKnown, type Deferrable } from "../../core/deferrable";
import { regionProblem } from "../../core/region";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, failArgs } from "../../core/validation";
import { modelBucketVolumeSchema, type ModelBucketVolumeArgs, type ModelBucketVolumeParsed } from "./args";

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
    /** Cluster-scoped PersistentVolume name (unique per namespace and volume); an Output when the namespace is one. */
    readonly pvName: Deferrable<string>;
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
    }
    if (args.cloud === "aws" && args.s3.extraMountOptions.some((o) => o.startsWith("-"))) {
        problems.add(
            "s3.extraMountOptions",
            "Mountpoint options are written without leading dashes (e.g. 'uid=1000'); '-o' style options are rejected by the driver",
        );
    }
    problems.throwIfAny(MODEL_BUCKET_VOLUME);
    return { name, args, pvName: text`${args.namespace}-${name}` };
}
