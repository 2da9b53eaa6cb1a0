import { chartSource, type HelmReleaseSpec, type RenderedRelease } from "../../core/helm";
import type { KubeObject, RenderedObject, RoleOf, Roles } from "../../core/kube";
import { charts, type PinnedChart } from "../../core/versions";
import { certManagerValues, istioBaseValues, istioGatewayValues, istiodValues, kedaValues, knativeOperatorValues } from "./dependencies";
import { renderIstioIngressClass, renderKnativeNamespace, renderKnativeServing } from "./knative";
import type { KServeStackResolved } from "./validate";
import { kserveResourcesValues, localModelValues, runtimeConfigsValues } from "./values";

/**
 * Roles of KServeStack's install steps: `kserve-crd`, `kserve` and `runtimes` always; the others
 * with cert-manager, Knative mode (Istio, Knative Serving), KEDA or the local model cache.
 */
export type KServeStackRoles = Roles<
    "kserve-crd" | "kserve" | "runtimes",
    | "cert-manager"
    | "istio-base"
    | "istiod"
    | "istio-gateway"
    | "istio-ingressclass"
    | "knative-operator"
    | "knative-namespace"
    | "knative-serving"
    | "keda"
    | "localmodel-crd"
    | "localmodel"
>;
export type KServeStackRole = RoleOf<KServeStackRoles>;

/** One install step: a Helm release or a Kubernetes object, in dependency order. */
export type PlatformStep<Role extends string = KServeStackRole> = RenderedRelease<Role> | RenderedObject<Role>;

export function isRelease<Role extends string>(step: PlatformStep<Role>): step is RenderedRelease<Role> {
    return "release" in step;
}

/** Helm waits up to this long per release (KServe's webhooks wait for cert-manager certificates). */
const RELEASE_TIMEOUT_SECONDS = 600;

function release(r: KServeStackResolved, pinned: PinnedChart, name: string, namespace: string, values: Record<string, unknown>): HelmReleaseSpec {
    return {
        name,
        ...chartSource(pinned, r.args.registries.charts),
        namespace,
        createNamespace: true,
        values,
        timeout: RELEASE_TIMEOUT_SECONDS,
    };
}

function object(role: KServeStackRole, obj: KubeObject, dependsOn: KServeStackRole[] = []): RenderedObject<KServeStackRole> {
    return { role, object: obj, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
}

function step(role: KServeStackRole, spec: HelmReleaseSpec, dependsOn: KServeStackRole[] = []): RenderedRelease<KServeStackRole> {
    return { role, release: spec, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
}

/** Istio (base, istiod, ingress gateway) and Knative Serving through its operator. */
function knativeSteps(r: KServeStackResolved): PlatformStep[] {
    const steps: PlatformStep[] = [
        step("istio-base", release(r, charts.istioBase, "istio-base", "istio-system", istioBaseValues())),
        step("istiod", release(r, charts.istiod, "istiod", "istio-system", istiodValues(r)), ["istio-base"]),
        // Named istio-ingressgateway so the gateway pods carry `istio: ingressgateway`, which Knative's gateways select.
        step("istio-gateway", release(r, charts.istioGateway, "istio-ingressgateway", "istio-system", istioGatewayValues(r)), ["istiod"]),
    ];
    if (r.ingressClassName === "istio") steps.push(object("istio-ingressclass", renderIstioIngressClass(r), ["istiod"]));
    steps.push(
        step("knative-operator", release(r, charts.knativeOperator, "knative-operator", "knative-operator", knativeOperatorValues(r))),
        object("knative-namespace", renderKnativeNamespace(r)),
        object("knative-serving", renderKnativeServing(r), ["knative-operator", "knative-namespace", "istio-gateway"]),
    );
    return steps;
}

/**
 * Everything KServeStack installs, in order. `kserve-crd` comes first and every release that
 * creates KServe custom resources depends on it; KServe's controller starts after cert-manager,
 * Knative and KEDA so it finds their APIs; the runtimes wait for KServe's validating webhook.
 */
export function renderKServeStack(r: KServeStackResolved): PlatformStep[] {
    const a = r.args;
    const ns = a.namespace;
    const steps: PlatformStep[] = [];
    const beforeKServe: KServeStackRole[] = ["kserve-crd"];
    if (a.certManager.install) {
        steps.push(step("cert-manager", release(r, charts.certManager, "cert-manager", "cert-manager", certManagerValues(r))));
        beforeKServe.push("cert-manager");
    }
    if (r.knativeMode) {
        steps.push(...knativeSteps(r));
        beforeKServe.push("knative-serving");
    }
    steps.push(step("kserve-crd", release(r, charts.kserveCrd, "kserve-crd", ns, {})));
    if (a.keda) {
        steps.push(step("keda", release(r, charts.keda, "keda", "keda", kedaValues(r))));
        beforeKServe.push("keda");
    }
    steps.push(step("kserve", release(r, charts.kserveResources, "kserve", ns, kserveResourcesValues(r)), beforeKServe));
    if (a.localModelCache) {
        steps.push(
            step("localmodel-crd", release(r, charts.kserveLocalModelCrd, "kserve-localmodel-crd", ns, {}), ["kserve-crd"]),
            step("localmodel", release(r, charts.kserveLocalModelResources, "kserve-localmodel-resources", ns, localModelValues(r)), [
                "localmodel-crd",
                "kserve",
            ]),
        );
    }
    steps.push(step("runtimes", release(r, charts.kserveRuntimeConfigs, "kserve-runtime-configs", ns, runtimeConfigsValues(r)), ["kserve"]));
    return steps;
}

/** Roles whose readiness means KServe (and what it was installed with) can take InferenceServices. */
export function readinessRoles(r: KServeStackResolved): KServeStackRole[] {
    return ["kserve", "runtimes", ...(r.args.localModelCache ? (["localmodel"] as const) : [])];
}
