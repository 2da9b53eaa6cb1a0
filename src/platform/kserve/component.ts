import * as pulumi from "@pulumi/pulumi";
import { checkLocalCharts, registerHelmRelease } from "../../core/helm";
import type { PlatformReadiness } from "../../core/platform";
import type { RoleOf, Roles } from "../../core/kube";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { KServeStackArgs } from "./args";
import { isRelease, readinessRoles, renderKServeStack, type KServeStackRoles, type PlatformStep } from "./render";
import { KSERVE_STACK_COMPONENT, resolveKServeStackArgs } from "./validate";

/** Registers install steps in order; a step's `dependsOn` roles become resource dependencies. */
export function registerPlatformSteps<R extends Roles<string, string>>(
    parent: pulumi.ComponentResource,
    name: string,
    steps: readonly PlatformStep<RoleOf<R>>[],
): ChildrenByRole<R> {
    const byRole: Record<string, pulumi.CustomResource> = {};
    for (const step of steps) {
        if (byRole[step.role]) throw new Error(`duplicate role '${step.role}' rendered for ${name}`);
        const dependsOn = (step.dependsOn ?? []).map((role) => {
            const dep = byRole[role];
            if (!dep) throw new Error(`role '${step.role}' depends on '${role}', which is not rendered before it`);
            return dep;
        });
        byRole[step.role] = isRelease(step)
            ? registerHelmRelease(parent, name, step, dependsOn)
            : registerKubeObjects(parent, name, [{ role: step.role, object: step.object }], { dependsOn })[step.role];
    }
    return byRole as ChildrenByRole<R>;
}

/**
 * KServe v0.20 with what it needs: cert-manager, the KServe CRDs, controller and serving runtimes,
 * and in Knative mode Istio and Knative Serving; optionally KEDA and the local model cache.
 * It is a {@link PlatformReadiness}: pass it as `platform` to serving components so one program
 * creates cluster, platform and services.
 */
export class KServeStack extends pulumi.ComponentResource implements PlatformReadiness {
    /** Resources that, once ready, mean InferenceServices can be created. */
    public readonly ready: pulumi.Resource[];
    /** Namespace of the KServe controller. */
    public readonly namespace: pulumi.Output<string>;
    /** KServe's default deployment mode. */
    public readonly deploymentMode: pulumi.Output<"Standard" | "Knative">;
    /** `registries.images`: the mirror KServe's images, and the predictors of `VllmInferenceService`, are pulled from. */
    public readonly imageRegistry?: string;
    /** The Helm releases and objects installed, by role (escape hatch). */
    public readonly resources: ChildrenByRole<KServeStackRoles>;

    constructor(name: string, args: KServeStackArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        const resolved = resolveKServeStackArgs(name, args);
        const steps = renderKServeStack(resolved);
        checkLocalCharts(
            KSERVE_STACK_COMPONENT,
            steps.filter(isRelease).map((s) => s.release),
        );
        super("llm-serving:platform:KServeStack", name, {}, opts);
        this.resources = registerPlatformSteps<KServeStackRoles>(this, name, steps);
        // readinessRoles names only rendered roles (localmodel with the cache).
        this.ready = readinessRoles(resolved).map((role) => this.resources[role] as pulumi.CustomResource);
        this.imageRegistry = resolved.args.registries.images;
        this.namespace = pulumi.output(resolved.args.namespace);
        this.deploymentMode = pulumi.output(resolved.args.deploymentMode);
        this.registerOutputs({ namespace: this.namespace, deploymentMode: this.deploymentMode });
    }
}
