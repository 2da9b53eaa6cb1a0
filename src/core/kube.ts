import { createHash } from "node:crypto";

/**
 * Plain Kubernetes objects, as render functions return them: no Pulumi types inside, so they
 * can be schema-checked, snapshotted and written as YAML directly. String fields may hold a
 * `pulumi.Input<string>` the render only passes through (a claim name, a Secret name).
 */
export interface KubeObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: {
        readonly name: unknown;
        readonly namespace?: unknown;
        readonly labels?: Readonly<Record<string, string>>;
        readonly annotations?: Readonly<Record<string, unknown>>;
    };
    readonly [field: string]: unknown;
}

/**
 * The roles of a component's children, declared once as a type next to the code that renders
 * them: `Always` are rendered in every mode, `Sometimes` only in some (a mode, an optional
 * feature). The render returns `RenderedObject<RoleOf<XRoles>>[]`, so it cannot render a role the
 * type does not name, and the component's `resources` is `ChildrenByRole<XRoles>` (core/register),
 * so `resources.<misspelt role>` does not compile. Types only: nothing of it exists at runtime.
 */
export interface Roles<Always extends string = never, Sometimes extends string = never> {
    readonly always: Always;
    readonly sometimes: Sometimes;
}

/** Every role of a {@link Roles} declaration. */
export type RoleOf<R extends Roles<string, string>> = R["always"] | R["sometimes"];

/**
 * One object a component registers. `role` is fixed per component version: the Pulumi resource
 * name is `${componentName}-${role}`, and must not change, or `pulumi up` replaces the object.
 */
export interface RenderedObject<Role extends string = string> {
    readonly role: Role;
    readonly object: KubeObject;
    /** Roles (in the same render) that must exist before this one. */
    readonly dependsOn?: readonly string[];
}

export const MANAGED_BY = "pulumi-llm-serving";

/**
 * `${base}-<first 8 hex of sha256(content)>`: the object name of a ConfigMap or Job whose content
 * the API server (or the provider) will not change in place. Another content is another object:
 * the provider creates it before deleting the old one, and the pods that reference it roll over.
 * A fixed name fails instead: the provider replaces a ConfigMap whose data changes by creating the
 * replacement first, which collides with the old object (a server-side apply conflict).
 */
export function contentName(base: string, content: unknown): string {
    return `${base}-${contentHash(content)}`;
}

/** The first 8 hex digits of sha256 of `content` as JSON. */
export function contentHash(content: unknown): string {
    return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 8);
}

/** The recommended `app.kubernetes.io/*` labels. */
export function standardLabels(appName: string, component: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
        "app.kubernetes.io/name": appName,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/managed-by": MANAGED_BY,
        ...extra,
    };
}

/** Labels that select a workload's pods: only stable ones, so selectors never need to change. */
export function selectorLabels(appName: string, component: string): Record<string, string> {
    return { "app.kubernetes.io/name": appName, "app.kubernetes.io/component": component };
}

/** `apiVersion/kind`, the key objects are looked up by. */
export function gvk(obj: Pick<KubeObject, "apiVersion" | "kind">): string {
    return `${obj.apiVersion}/${obj.kind}`;
}
