import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecs } from "../lib/pods";
import { HELM_RELEASE } from "../lib/types";

/** Why an image reference floats, or undefined when it is pinned to a tag (not `latest`) or a digest. */
export function imageProblem(image: string): string | undefined {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    const lastPart = image.split("/").pop() ?? "";
    const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
    if (tag === undefined) return "has no tag, so it means 'latest'";
    if (tag === "latest") return "uses the floating 'latest' tag";
    return undefined;
}

/**
 * Images are pinned to a tag or digest and Helm charts to a version: a floating reference
 * changes what runs without any diff in review.
 */
export const imagesPinned: ResourceValidationPolicy = {
    name: "images-pinned",
    description: "Container images are pinned to a tag (not 'latest') or a digest; Helm releases name a chart version.",
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
