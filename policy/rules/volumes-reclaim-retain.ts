import type { StackValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";

/** Reclaim policies that lose the volume's data once its claim goes. */
const LOSING = ["Delete", "Recycle"];

/**
 * Model volumes keep their data when their claim is deleted: a PersistentVolume's
 * `persistentVolumeReclaimPolicy` is not Delete (or Recycle), and neither is the `reclaimPolicy`
 * of a StorageClass that a claim or volume of the stack uses (a StorageClass's default is
 * Delete, so it must say Retain). Re-downloading a 70B model takes long and costs egress;
 * stateful-retained covers the Pulumi side (retainOnDelete). A StorageClass that no volume of
 * the stack uses is not checked: it may serve other workloads.
 */
export const volumesReclaimRetain: StackValidationPolicy = {
    name: "volumes-reclaim-retain",
    description: "PersistentVolumes, and StorageClasses used by the stack's volumes, do not reclaim with Delete: model weights are retained.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const used = new Map<string, string[]>();
        for (const r of args.resources.filter((r) => r.type === T.persistentVolume || r.type === T.persistentVolumeClaim)) {
            const sc = r.props.spec?.storageClassName;
            if (typeof sc === "string" && sc !== "") used.set(sc, [...(used.get(sc) ?? []), r.name]);
            if (r.type !== T.persistentVolume) continue;
            const policy = r.props.spec?.persistentVolumeReclaimPolicy;
            if (LOSING.includes(policy)) {
                reportViolation(
                    `PersistentVolume ${r.name}: spec.persistentVolumeReclaimPolicy is ${policy}, which deletes the model data with its claim: set Retain`,
                    r.urn,
                );
            }
        }
        for (const sc of args.resources.filter((r) => r.type === T.storageClass)) {
            const users = used.get(sc.props.metadata?.name);
            if (!users) continue;
            const policy = sc.props.reclaimPolicy;
            if (policy === undefined || LOSING.includes(policy)) {
                reportViolation(
                    `StorageClass ${sc.name}: reclaimPolicy is ${policy ?? "not set (Delete)"} and ${users.join(", ")} use${users.length === 1 ? "s" : ""} it: set Retain so model volumes outlive their claims`,
                    sc.urn,
                );
            }
        }
    },
};
