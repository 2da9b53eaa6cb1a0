import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecs } from "../lib/pods";
import { HELM_RELEASE } from "../lib/types";

/** Tags that registries move to each new build (a branch, a channel), not to one release. */
const FLOATING_TAGS = ["latest", "main", "master", "nightly", "stable", "edge", "dev"];
/** A floating tag, alone or with a variant suffix without any digit (`latest-gpu`, `stable-slim`). */
const FLOATING = new RegExp(`^(${FLOATING_TAGS.join("|")})([-_.][^0-9]*)?$`, "i");

/**
 * Why an image reference floats, or undefined when it is pinned to a digest or to a tag that
 * names a release (`v0.28.0`, `22.03-main-2edb257e`: a tag with a version or commit in it).
 */
export function imageProblem(image: string): string | undefined {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    const lastPart = image.split("/").pop() ?? "";
    const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
    if (tag === undefined) return "has no tag, so it means 'latest'";
    if (FLOATING.test(tag)) return `uses the floating '${tag}' tag`;
    return undefined;
}

/**
 * Images are pinned to a tag or digest and Helm charts to a version: a floating reference
 * changes what runs without any diff in review.
 */
export const imagesPinned: ResourceValidationPolicy = {
    name: "images-pinned",
    description:
        "Container images are pinned to a release tag or a digest (not latest, main, master, nightly, stable, edge or dev); Helm releases name a chart version.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (HELM_RELEASE.test(args.type)) {
            const version = args.props.version;
            if (typeof version !== "string" || version.trim() === "") {
                reportViolation(`Helm chart '${args.props.chart}' has no version: pin one so an upstream release never changes the cluster unreviewed`);
            }
            return;
        }
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                if (typeof c.image !== "string") continue; // KServe model containers take the runtime's image
                const problem = imageProblem(c.image);
                if (problem) reportViolation(`image '${c.image}' of container '${c.name ?? "?"}' (${pod.at}) ${problem}: pin a version or digest`);
            }
        }
    },
};
