import type { ResourceValidationPolicy } from "@pulumi/policy";
import { effectiveSecurity, podSpecs, takesRuntimeContainer } from "../lib/pods";
import { RUN_AS_ROOT_ANNOTATION, runAsRootReason } from "./pod-security";

/**
 * A container declares a non-root user (`runAsNonRoot: true` or `runAsUser` above 0, on the pod
 * or the container) and a read-only root filesystem. Without them the image decides, and serving
 * images such as vllm/vllm-openai run as root. The library renders both on every pod (the
 * restricted profile of `serving/common/pod-security`: the image's numeric user from
 * `core/image-users`, emptyDirs where the servers write), so this is mandatory. A workload
 * annotated `llm-serving/run-as-root` with a reason (a component's `podSecurity.runAsRoot`) is
 * not reported for the user. Explicitly root containers are pod-security's. KServe model
 * containers without an image take the ServingRuntime's container and are not reported.
 */
export const podHardening: ResourceValidationPolicy = {
    name: "pod-hardening",
    description: "Containers declare a non-root user (runAsNonRoot or runAsUser > 0) and a read-only root filesystem.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const rootReason = runAsRootReason(args.props);
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                if (takesRuntimeContainer(args.type, c)) continue;
                const where = `container '${c.name ?? "?"}' (${pod.at})`;
                const { runAsUser, runAsNonRoot } = effectiveSecurity(pod, c);
                const declaredNonRoot = runAsNonRoot === true || (typeof runAsUser === "number" && runAsUser > 0);
                const explicitRoot = runAsUser === 0 || runAsNonRoot === false; // pod-security's
                if (!declaredNonRoot && !explicitRoot && !rootReason) {
                    reportViolation(
                        `${where} does not declare a non-root user (securityContext.runAsNonRoot or runAsUser), so the image decides and may run as root: set one, or annotate the workload ${RUN_AS_ROOT_ANNOTATION} with the reason`,
                    );
                }
                if (c.securityContext?.readOnlyRootFilesystem !== true) {
                    reportViolation(
                        `${where} has a writable root filesystem (securityContext.readOnlyRootFilesystem is ${c.securityContext?.readOnlyRootFilesystem ?? "not set"}): mount emptyDirs where it writes and set it to true`,
                    );
                }
            }
        }
    },
};
