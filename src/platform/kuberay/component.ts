import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { checkLocalCharts, registerHelmRelease } from "../../core/helm";
import type { PlatformReadiness } from "../../core/platform";
import type { KubeRayOperatorArgs } from "./args";
import { renderKubeRayOperator } from "./render";
import { KUBERAY_OPERATOR_COMPONENT, resolveKubeRayOperatorArgs } from "./validate";

/**
 * The KubeRay operator (chart `kuberay-operator` 1.7.0) with its CRDs. A {@link PlatformReadiness}:
 * Ray serving components wait for it. Install it once per cluster.
 */
export class KubeRayOperator extends pulumi.ComponentResource implements PlatformReadiness {
    /** The operator release; ready once the operator Deployment is available. */
    public readonly ready: pulumi.Resource[];
    /** Namespace of the operator. */
    public readonly namespace: pulumi.Output<string>;
    /** `registries.images`: the mirror the operator's image, and the pinned Ray image of `RayLLMApp`s on this platform, are pulled from. */
    public readonly imageRegistry?: string;
    /** The Helm release (escape hatch). */
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: KubeRayOperatorArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        const resolved = resolveKubeRayOperatorArgs(name, args);
        const rendered = renderKubeRayOperator(resolved);
        checkLocalCharts(KUBERAY_OPERATOR_COMPONENT, [rendered.release]);
        super("llm-serving:platform:KubeRayOperator", name, {}, opts);
        this.release = registerHelmRelease(this, name, rendered);
        this.ready = [this.release];
        this.imageRegistry = resolved.args.registries.images;
        this.namespace = pulumi.output(resolved.args.namespace);
        this.registerOutputs({ namespace: this.namespace });
    }
}
