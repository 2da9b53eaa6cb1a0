import { chartSourceOverride, dns1123Label, imageRegistry, resources, type Resources } from "../../core/schemas";
import type { RegistryMirrorsArgs } from "../../core/args";
import { lazySchema, type Infer } from "../../core/zod";

export const kubeRayOperatorSchema = lazySchema((z) =>
    z.strictObject({
        namespace: dns1123Label().default("kuberay-system"),
        watchNamespaces: z.array(dns1123Label()).min(1, "list at least one namespace, or leave it out to watch all").optional(),
        resources: resources().optional(),
        registries: z
            .strictObject({
                charts: chartSourceOverride().optional(),
                images: imageRegistry().optional(),
            })
            .default({}),
    }),
);

export type KubeRayOperatorParsed = Infer<typeof kubeRayOperatorSchema>;

/** Arguments of {@link KubeRayOperator}. */
export interface KubeRayOperatorArgs {
    /**
     * Namespace of the operator release. Plain value (not an Output): the Helm release is computed
     * with it. @default "kuberay-system"
     */
    readonly namespace?: string;
    /** Namespaces whose Ray resources the operator manages (chart `watchNamespace`; plain values, part of the chart's values). @default all namespaces */
    readonly watchNamespaces?: readonly string[];
    /** Requests and limits of the operator container. @default the chart's (limits 100m CPU, 512Mi) */
    readonly resources?: Resources;
    /**
     * Mirrors for restricted networks: `charts` replaces the chart repository (`oci://` prefix or
     * HTTP repository); `images` is a registry keeping upstream paths (`<images>/kuberay/operator`).
     * @default {} (upstream)
     */
    readonly registries?: RegistryMirrorsArgs;
}
