import type { ResourceValidationPolicy } from "@pulumi/policy";
import { effectiveSecurity, podSpecs, takesRuntimeContainer } from "../lib/pods";

/**
 * The explicit, documented exception to running as non-root: this annotation on the workload
 * (a serving component's `annotations`), its value saying why the image needs root.
 */
export const RUN_AS_ROOT_ANNOTATION = "llm-serving/run-as-root";

/** The reason given for running as root, or undefined when there is none. */
export function runAsRootReason(props: any): string | undefined {
    const reason = props.metadata?.annotations?.[RUN_AS_ROOT_ANNOTATION];
    return typeof reason === "string" && reason.trim() !== "" ? reason : undefined;
}

/** Seccomp profiles that filter system calls. */
const FILTERING = ["RuntimeDefault", "Localhost"];
/** The only capability the Pod Security "restricted" standard lets a container add. */
const ADDABLE = ["NET_BIND_SERVICE"];

/**
 * Every container (init containers too) runs under a restricted-style security context, as the
 * library renders it: not privileged, `allowPrivilegeEscalation: false`, every capability
 * dropped (`drop: [ALL]`, nothing added but NET_BIND_SERVICE), a RuntimeDefault (or Localhost)
 * seccomp profile on the pod or the container, and not explicitly root (`runAsUser: 0`,
 * `runAsNonRoot: false`) unless the workload carries the `llm-serving/run-as-root` annotation
 * with the reason. Whether a container that does not say is non-root is pod-hardening's
 * (advisory) question. KServe model containers without an image take their securityContext
 * from the ServingRuntime, so only what the InferenceService sets itself is checked there.
 */
export const podSecurity: ResourceValidationPolicy = {
    name: "pod-security",
    description:
        "Containers are not privileged, cannot escalate privileges, drop ALL capabilities, run under a RuntimeDefault seccomp profile, and are not explicitly root without a documented exception.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const rootReason = runAsRootReason(args.props);
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                const report = (m: string) => reportViolation(`container '${c.name ?? "?"}' (${pod.at}): ${m}`);
                const sc = c.securityContext ?? {};
                const runtime = takesRuntimeContainer(args.type, c);
                const effective = effectiveSecurity(pod, c);
                if (sc.privileged === true) report("securityContext.privileged is true: a privileged container is root on the node");
                if (sc.allowPrivilegeEscalation === true || (sc.allowPrivilegeEscalation === undefined && !runtime)) {
                    report(`securityContext.allowPrivilegeEscalation is ${sc.allowPrivilegeEscalation ?? "not set (Kubernetes allows it)"}: set it to false`);
                }
                const drop = (sc.capabilities?.drop ?? []).map((d) => String(d).toUpperCase());
                if (!drop.includes("ALL") && !(runtime && sc.capabilities === undefined))
                    report(`securityContext.capabilities.drop is [${drop.join(", ")}]: drop ALL`);
                for (const cap of (sc.capabilities?.add ?? []).filter((a) => !ADDABLE.includes(String(a).toUpperCase()))) {
                    report(`securityContext.capabilities.add gives ${cap}: only ${ADDABLE.join(", ")} may be added`);
                }
                if (!FILTERING.includes(effective.seccomp ?? "") && !(runtime && effective.seccomp === undefined)) {
                    report(
                        `seccompProfile is ${effective.seccomp ?? "not set on the pod or the container (Unconfined)"}: set securityContext.seccompProfile.type RuntimeDefault`,
                    );
                }
                const root = effective.runAsUser === 0 ? "runAsUser is 0" : effective.runAsNonRoot === false ? "runAsNonRoot is false" : undefined;
                if (root && !rootReason)
                    report(`${root}, so it runs as root: run as a non-root user, or annotate the workload ${RUN_AS_ROOT_ANNOTATION} with the reason`);
            }
        }
    },
};
