import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { gvk, type RenderedObject, type RoleOf, type Roles } from "./kube";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed classes for built-in kinds, so state and diffs carry the real type token. */
const BUILT_IN: Record<string, () => Ctor> = {
    "v1/ConfigMap": () => k8s.core.v1.ConfigMap,
    "v1/Namespace": () => k8s.core.v1.Namespace,
    "v1/PersistentVolume": () => k8s.core.v1.PersistentVolume,
    "v1/PersistentVolumeClaim": () => k8s.core.v1.PersistentVolumeClaim,
    "v1/Secret": () => k8s.core.v1.Secret,
    "v1/Service": () => k8s.core.v1.Service,
    "v1/ServiceAccount": () => k8s.core.v1.ServiceAccount,
    "apps/v1/Deployment": () => k8s.apps.v1.Deployment,
    "apps/v1/DaemonSet": () => k8s.apps.v1.DaemonSet,
    "apps/v1/StatefulSet": () => k8s.apps.v1.StatefulSet,
    "batch/v1/Job": () => k8s.batch.v1.Job,
    "networking.k8s.io/v1/Ingress": () => k8s.networking.v1.Ingress,
    "policy/v1/PodDisruptionBudget": () => k8s.policy.v1.PodDisruptionBudget,
    "autoscaling/v2/HorizontalPodAutoscaler": () => k8s.autoscaling.v2.HorizontalPodAutoscaler,
    "rbac.authorization.k8s.io/v1/Role": () => k8s.rbac.v1.Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": () => k8s.rbac.v1.RoleBinding,
    "rbac.authorization.k8s.io/v1/ClusterRole": () => k8s.rbac.v1.ClusterRole,
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": () => k8s.rbac.v1.ClusterRoleBinding,
    "apiextensions.k8s.io/v1/CustomResourceDefinition": () => k8s.apiextensions.v1.CustomResourceDefinition,
};

/**
 * A component's children by role (its `resources`): a key for each role its {@link Roles} names,
 * optional for those rendered only in some modes. Any other key is a compile error.
 */
export type ChildrenByRole<R extends Roles<string, string>, T = pulumi.CustomResource> = {
    readonly [K in R["always"]]: T;
} & {
    readonly [K in R["sometimes"]]?: T;
};

/** How rendered objects are registered as children: providers, per-role resource options. */
export interface RegisterOptions<Role extends string = string> {
    /** Resources every object waits for (a platform's readiness handle, a conversion Job). */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
    /** Per-role extra options (e.g. `retainOnDelete` for volumes). */
    readonly perRole?: { readonly [K in Role]?: Partial<pulumi.CustomResourceOptions> };
}

/**
 * Registers rendered objects as children of `parent`, named `${name}-${role}`.
 * Built-in kinds get their typed class; custom resources use `apiextensions.CustomResource`.
 * Give the component's {@link Roles} as the type argument (`registerKubeObjects<VllmRoles>(...)`):
 * the objects must carry those roles, and the result is keyed by them.
 */
export function registerKubeObjects<R extends Roles<string, string> = Roles<string>>(
    parent: pulumi.ComponentResource,
    name: string,
    rendered: readonly RenderedObject<RoleOf<R>>[],
    options: RegisterOptions<RoleOf<R>> = {},
): ChildrenByRole<R> {
    const byRole: Record<string, pulumi.CustomResource> = {};
    for (const item of rendered) {
        if (byRole[item.role]) throw new Error(`duplicate role '${item.role}' rendered for ${name}`);
        const ctor = BUILT_IN[gvk(item.object)]?.() ?? (k8s.apiextensions.CustomResource as unknown as Ctor);
        const dependsOn: pulumi.Input<pulumi.Resource>[] = [...(options.dependsOn ?? [])];
        for (const role of item.dependsOn ?? []) {
            const dep = byRole[role];
            if (!dep) throw new Error(`role '${item.role}' depends on '${role}', which is not rendered before it`);
            dependsOn.push(dep);
        }
        byRole[item.role] = new ctor(`${name}-${item.role}`, item.object, {
            parent,
            dependsOn,
            ...(options.perRole?.[item.role] ?? {}),
        });
    }
    // Keyed by the rendered roles, all of which R names; those R marks as always rendered are the caller's promise.
    return byRole as ChildrenByRole<R>;
}
