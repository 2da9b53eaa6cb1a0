import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecs } from "../lib/pods";
import { HELM_RELEASE, T } from "../lib/types";

/** Names under which AWS and Alibaba Cloud static credentials are passed (variables, ConfigMap keys, chart values). */
export const CLOUD_KEY_NAME =
    /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|ALIBABA_CLOUD_ACCESS_KEY_ID|ALIBABA_CLOUD_ACCESS_KEY_SECRET|ALICLOUD_ACCESS_KEY|ALICLOUD_SECRET_KEY|OSS_ACCESS_KEY_ID|OSS_ACCESS_KEY_SECRET|akId|akSecret|accessKeyId|accessKeySecret|secretAccessKey)$/;

/** Paths of non-empty string values stored under a cloud-key name anywhere in `value`. */
function keyPaths(value: unknown, at: string): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${at}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) =>
        CLOUD_KEY_NAME.test(k) && typeof v === "string" && v !== "" ? [`${at}.${k}`] : keyPaths(v, `${at}.${k}`),
    );
}

/**
 * Workloads reach the cloud through pod identity (ACK RRSA, EKS Pod Identity), never long-lived
 * keys kept where the state and the cluster show them in plain text: literal environment
 * variables, ConfigMaps, Helm values (rendered into plain state), provider arguments, or keys
 * minted by the stack itself. A Kubernetes Secret may hold keys (the library's explicit OSS
 * AccessKey opt-in): the Kubernetes provider always encrypts a Secret's data in the state.
 */
export const noStaticCloudKeys: ResourceValidationPolicy = {
    name: "no-static-cloud-keys",
    description: "No static cloud access keys in plain state: use pod identity (RRSA, EKS Pod Identity) or a Kubernetes Secret.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === T.awsAccessKey || args.type === T.ramAccessKey) {
            reportViolation(
                "this stack mints a long-lived access key, and its secret lands in the state: grant the workload a role through pod identity instead",
            );
            return;
        }
        if (args.type === T.awsProvider || args.type === T.alicloudProvider) {
            for (const field of ["accessKey", "secretKey"]) {
                if (typeof args.props[field] === "string" && args.props[field] !== "") {
                    reportViolation(`the provider is given a static ${field}: use a profile, an assumed role or the environment of the deploying job`);
                }
            }
            return;
        }
        if (args.type === T.configMap) {
            for (const k of Object.keys(args.props.data ?? {})) {
                if (CLOUD_KEY_NAME.test(k)) reportViolation(`ConfigMap key '${k}' holds a cloud credential in plain text: use pod identity or a Secret`);
            }
            return;
        }
        if (HELM_RELEASE.test(args.type)) {
            for (const p of keyPaths(args.props.values ?? {}, "values")) {
                reportViolation(`Helm value ${p} holds a cloud credential; Helm values are stored in plain text: reference an existing Secret instead`);
            }
            return;
        }
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                for (const e of c.env ?? []) {
                    if (CLOUD_KEY_NAME.test(e.name) && typeof e.value === "string" && e.value !== "") {
                        reportViolation(`container '${c.name ?? "?"}' (${pod.at}) sets ${e.name} literally: use pod identity, or valueFrom.secretKeyRef`);
                    }
                }
            }
        }
    },
};
