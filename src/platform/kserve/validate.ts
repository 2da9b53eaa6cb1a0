import { dns1123Label } from "../../core/schemas";
import { beginResolve } from "../../core/validation";
import { kserveStackSchema, type KServeStackArgs, type KServeStackParsed } from "./args";

export const KSERVE_STACK_COMPONENT = "KServeStack";

/** Arguments after validation, with what gets installed decided. */
export interface KServeStackResolved {
    readonly name: string;
    readonly args: KServeStackParsed;
    readonly knativeMode: boolean;
    /** Ingress class KServe is configured with, or undefined when it creates no Ingress. */
    readonly ingressClassName?: string;
}

/** Validates everything before any resource is registered; every problem names its field. */
export function resolveKServeStackArgs(name: string, raw: KServeStackArgs): KServeStackResolved {
    const { parsed: args, problems } = beginResolve(KSERVE_STACK_COMPONENT, name, dns1123Label(), kserveStackSchema(), raw);
    const knativeMode = args.deploymentMode === "Knative";

    if (!knativeMode && raw?.knative !== undefined) {
        problems.add("knative", "Knative settings apply only with deploymentMode 'Knative'");
    }
    if (!knativeMode && raw?.istio !== undefined) {
        problems.add("istio", "Istio is installed only with deploymentMode 'Knative'");
    }
    if (knativeMode && args.registries.images !== undefined && args.knative.imageTemplate === undefined) {
        problems.add(
            "knative.imageTemplate",
            "registries.images mirrors the charts' images, but the Knative operator resolves Knative Serving's own images: " +
                "give their mirror as a template such as 'mirror.example.com/knative/${NAME}:v1.21.1'",
        );
    }
    if (args.ingress.className === undefined && raw?.ingress?.domainTemplate !== undefined && !knativeMode) {
        problems.add("ingress.domainTemplate", "Standard mode creates no Ingress without ingress.className, so a host template has no effect");
    }
    problems.throwIfAny(KSERVE_STACK_COMPONENT);

    return {
        name,
        args,
        knativeMode,
        ingressClassName: args.ingress.className ?? (knativeMode ? "istio" : undefined),
    };
}
