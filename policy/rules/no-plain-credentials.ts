import type { ResourceValidationPolicy } from "@pulumi/policy";
import { credentialShape, stringLeaves } from "../lib/credentials";
import { podSpecs } from "../lib/pods";
import { HELM_RELEASE, T } from "../lib/types";
import { CLOUD_KEY_NAME } from "./no-static-cloud-keys";

/**
 * No value that looks like a credential (an AWS access key id, an `sk-` API key, a Hugging
 * Face `hf_` token, a PEM private key, a `password=`/`token=` assignment) in ConfigMap data,
 * annotations, literal environment variables or Helm values, whatever its key: all of these are
 * plain text in the state and in the cluster. Values under the cloud-key names that
 * no-static-cloud-keys reports are left to it. Messages never repeat the value.
 */
export const noPlainCredentials: ResourceValidationPolicy = {
    name: "no-plain-credentials",
    description:
        "No credential-shaped values (AKIA/ASIA keys, sk- keys, hf_ tokens, private keys, password=/token=) in ConfigMaps, annotations, literal env values or Helm values.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const check = (where: string, value: unknown, key: string | undefined, fix: string) => {
            if (typeof value !== "string" || (key !== undefined && CLOUD_KEY_NAME.test(key))) return;
            const shape = credentialShape(value, key);
            if (shape) reportViolation(`${where} holds what looks like ${shape}, in plain text: ${fix}`);
        };
        const props = args.props;
        if (HELM_RELEASE.test(args.type)) {
            for (const leaf of stringLeaves(props.values ?? {}, "values"))
                check(`Helm value ${leaf.path}`, leaf.value, leaf.key, "reference an existing Secret instead");
            return;
        }
        if (!args.type.startsWith("kubernetes:")) return;
        const annotations = [
            ["metadata.annotations", props.metadata?.annotations],
            ["spec.template.metadata.annotations", props.spec?.template?.metadata?.annotations],
        ] as const;
        for (const [at, map] of annotations) {
            for (const [k, v] of Object.entries(map ?? {})) check(`${at}['${k}']`, v, k, "annotations are not secret; keep it in a Secret");
        }
        if (args.type === T.configMap) {
            for (const [k, v] of Object.entries(props.data ?? {})) check(`ConfigMap data key '${k}'`, v, k, "move it to a Secret");
            return;
        }
        for (const pod of podSpecs(args.type, props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                for (const e of c.env ?? []) {
                    if (e.valueFrom === undefined)
                        check(`env ${e.name} of container '${c.name ?? "?"}' (${pod.at})`, e.value, e.name, "use valueFrom.secretKeyRef");
                }
            }
        }
    },
};
