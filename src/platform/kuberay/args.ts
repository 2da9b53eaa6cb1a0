import * as v from "valibot";
import { dns1123Label, resources, type Resources } from "../../core/schemas";

export const kubeRayOperatorSchema = v.strictObject({
    namespace: v.optional(dns1123Label, "kuberay-system"),
    watchNamespaces: v.optional(v.pipe(v.array(dns1123Label), v.minLength(1, "list at least one namespace, or leave it out to watch all"))),
    resources: v.optional(resources),
    registries: v.optional(
        v.strictObject({
            charts: v.optional(
                v.pipe(v.string(), v.regex(/^(oci|https?):\/\/[^\s]+$/, "must be an oci:// prefix or an http(s):// Helm repository URL")),
            ),
            images: v.optional(
                v.pipe(
                    v.string(),
                    v.regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "must be a registry host with an optional path, without scheme (e.g. 'registry.example.com/mirror')"),
                ),
            ),
        }),
        {},
    ),
});

export type KubeRayOperatorParsed = v.InferOutput<typeof kubeRayOperatorSchema>;

/** Arguments of {@link KubeRayOperator}. */
export interface KubeRayOperatorArgs {
    /** Namespace of the operator release. @default "kuberay-system" */
    readonly namespace?: string;
    /** Namespaces whose Ray resources the operator manages (chart `watchNamespace`). @default all namespaces */
    readonly watchNamespaces?: readonly string[];
    /** Requests and limits of the operator container. @default the chart's (limits 100m CPU, 512Mi) */
    readonly resources?: Resources;
    /**
     * Mirrors for restricted networks: `charts` replaces the chart repository (`oci://` prefix or
     * HTTP repository); `images` is a registry keeping upstream paths (`<images>/kuberay/operator`).
     * @default {} (upstream)
     */
    readonly registries?: {
        /** Repository replacing the chart's (`oci://...` or `https://...`). @default the KubeRay Helm repository */
        readonly charts?: string;
        /** Registry replacing the operator image's, keeping its path. @default quay.io */
        readonly images?: string;
    };
}
