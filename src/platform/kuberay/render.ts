import { chartSource, type RenderedRelease } from "../../core/helm";
import { mirrorImage } from "../../core/mirror";
import { charts } from "../../core/versions";
import type { KubeRayOperatorResolved } from "./validate";

/** Repository of the operator image in the chart (the chart pins the tag to its appVersion). */
const OPERATOR_IMAGE = "quay.io/kuberay/operator";

export function kubeRayOperatorValues(r: KubeRayOperatorResolved): Record<string, unknown> {
    const a = r.args;
    return {
        ...(a.registries.images !== undefined ? { image: { repository: mirrorImage(OPERATOR_IMAGE, a.registries.images) } } : {}),
        ...(a.resources !== undefined ? { resources: a.resources } : {}),
        ...(a.watchNamespaces !== undefined ? { watchNamespace: [...a.watchNamespaces] } : {}),
    };
}

/** The `kuberay-operator` release; its chart installs the RayCluster, RayJob and RayService CRDs. */
export function renderKubeRayOperator(r: KubeRayOperatorResolved): RenderedRelease {
    return {
        role: "operator",
        release: {
            name: "kuberay-operator",
            ...chartSource(charts.kuberayOperator, r.args.registries.charts),
            namespace: r.args.namespace,
            createNamespace: true,
            values: kubeRayOperatorValues(r),
            timeout: 600,
        },
    };
}
