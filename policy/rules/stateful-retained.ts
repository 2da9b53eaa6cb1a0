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

export const statefulRetained: ResourceValidationPolicy = {
    name: "stateful-retained",
    description: "Model buckets, PersistentVolumes and claims are retained on delete (retainOnDelete) or protected.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!STATEFUL_TYPES.includes(args.type)) return;
        const opts = args.opts as OptionsWithRetain;
        if (opts.protect || opts.retainOnDelete === true) return;
        if (opts.retainOnDelete === undefined) {
            args.notApplicable(
                "pulumi preview does not tell policy packs whether retainOnDelete is set; the offline check of the plan (policy/check-plan.ts) enforces this rule, or set protect",
            );
        }
        reportViolation(`${args.name} holds data but pulumi destroy or a replacement would delete it: set retainOnDelete (or protect)`);
    },
};
