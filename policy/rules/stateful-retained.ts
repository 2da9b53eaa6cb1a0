import type { PolicyResourceOptions, ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";

/** Resources whose deletion loses data: model buckets and the volumes that expose them. */
export const STATEFUL_TYPES: readonly string[] = [T.s3Bucket, T.s3BucketV2, T.ossBucket, T.persistentVolume, T.persistentVolumeClaim];

/**
 * Options as this pack reads them: `retainOnDelete` is set by the offline check (the plan
 * records it). `pulumi preview` does not send it to policy packs (@pulumi/policy 1.21.0's
 * PolicyResourceOptions has no such field), so there only `protect` can be checked.
 */
export type OptionsWithRetain = PolicyResourceOptions & { retainOnDelete?: boolean };

/** Why a rule on `retainOnDelete` cannot run under `pulumi preview`. */
export const RETAIN_UNKNOWN_IN_PREVIEW =
    "pulumi preview does not tell policy packs whether retainOnDelete is set; the offline check of the plan (policy/check-plan.ts) enforces this rule, or set protect";

/** Whether `destroy` keeps the resource: `true`/`false`, or `undefined` where the options do not say (`pulumi preview`). */
export function keptOnDelete(opts: PolicyResourceOptions): boolean | undefined {
    if (opts.protect) return true;
    return (opts as OptionsWithRetain).retainOnDelete;
}

export const statefulRetained: ResourceValidationPolicy = {
    name: "stateful-retained",
    description: "Model buckets, PersistentVolumes and claims are retained on delete (retainOnDelete) or protected.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!STATEFUL_TYPES.includes(args.type)) return;
        const kept = keptOnDelete(args.opts);
        if (kept === true) return;
        if (kept === undefined) {
            args.notApplicable(RETAIN_UNKNOWN_IN_PREVIEW);
        }
        reportViolation(`${args.name} holds data but pulumi destroy or a replacement would delete it: set retainOnDelete (or protect)`);
    },
};
