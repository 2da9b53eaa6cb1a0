import type { StackValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";
import { keptOnDelete, RETAIN_UNKNOWN_IN_PREVIEW } from "./stateful-retained";

/**
 * A Namespace of the stack that holds a retained claim is retained too: deleting a namespace
 * deletes every claim in it, so `pulumi destroy` of the namespace would take the claim that
 * stateful-retained keeps. Claims whose namespace is another stack's, or unknown, are not checked.
 */
export const namespacesRetained: StackValidationPolicy = {
    name: "namespaces-retained",
    description: "A Namespace the stack creates that holds a retained PersistentVolumeClaim is retained on delete (retainOnDelete) or protected.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const claims = args.resources.filter((r) => r.type === T.persistentVolumeClaim);
        for (const ns of args.resources.filter((r) => r.type === T.namespace)) {
            const name = ns.props.metadata?.name;
            const held = claims.filter((c) => typeof name === "string" && c.props.metadata?.namespace === name);
            const retained = held.filter((c) => keptOnDelete(c.opts) === true);
            const kept = keptOnDelete(ns.opts);
            if (retained.length === 0 || kept === true) continue;
            if (kept === undefined) {
                args.notApplicable(RETAIN_UNKNOWN_IN_PREVIEW);
            }
            reportViolation(
                `Namespace ${ns.name} holds the retained claim${retained.length === 1 ? "" : "s"} ${retained.map((c) => c.name).join(", ")}: pulumi destroy would delete the namespace and ${retained.length === 1 ? "it" : "them"} with it: set retainOnDelete (or protect) on the namespace`,
                ns.urn,
            );
        }
    },
};
