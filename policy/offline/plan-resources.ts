/**
 * Resources of an offline plan (`llm-serving-plan`'s plan.json) in the shape `pulumi preview`
 * sends a policy pack: type, name, URN, inputs (values known only after deploy become the
 * pack's unknown markers, as in a preview) and options.
 */
const UNKNOWN_TEXT = "(known after deploy)";

interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly retainOnDelete: boolean;
    readonly inputs: Record<string, unknown>;
}

/** The parts of plan.json this check reads. */
export interface PlanJson {
    readonly project: string;
    readonly stack: string;
    readonly kubernetes: { type: string; name: string; parent: string; retainOnDelete: boolean; object: Record<string, unknown> }[];
    readonly helmReleases: PlannedResource[];
    readonly cloud: PlannedResource[];
    readonly components: { type: string; name: string; parent: string }[];
}

export interface OfflineResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** URN of the parent component ("" at the top). */
    readonly parentUrn: string;
    readonly props: Record<string, unknown>;
    readonly retainOnDelete: boolean;
}

// @pulumi/policy's markers for unknown values; its proxy throws when a rule reads one.
const proxy: { unknownStringValue: unknown; unknownObjectValue: unknown } = require("@pulumi/policy/proxy");

function withUnknowns(value: unknown): unknown {
    if (value === UNKNOWN_TEXT) return proxy.unknownStringValue;
    if (Array.isArray(value)) return value.map(withUnknowns);
    if (value !== null && typeof value === "object") {
        if ("__pulumiUnknown" in value) return proxy.unknownObjectValue;
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
    }
    return value;
}

export function planResources(plan: PlanJson): OfflineResource[] {
    const components = new Map(plan.components.map((c) => [c.name, c]));
    // A URN's type part is the parent chain's types, then the resource's own (`Parent$Child`).
    const qualified = (type: string, parent: string): string => {
        const chain: string[] = [];
        for (let p = components.get(parent); p; p = components.get(p.parent)) chain.unshift(p.type);
        return [...chain, type].join("$");
    };
    const urn = (type: string, name: string, parent: string) => `urn:pulumi:${plan.stack}::${plan.project}::${qualified(type, parent)}::${name}`;
    const parentUrn = (parent: string) => {
        const p = components.get(parent);
        return p ? urn(p.type, p.name, p.parent) : "";
    };
    const custom = [
        ...plan.kubernetes.map((k) => ({ type: k.type, name: k.name, parent: k.parent, retainOnDelete: k.retainOnDelete, inputs: k.object })),
        ...plan.helmReleases,
        ...plan.cloud,
    ];
    return custom.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urn(r.type, r.name, r.parent),
        parentUrn: parentUrn(r.parent),
        props: withUnknowns(r.inputs) as Record<string, unknown>,
        retainOnDelete: r.retainOnDelete,
    }));
}
