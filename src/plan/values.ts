/**
 * How values the Pulumi runtime hands to resources are shown in a plan: secrets are redacted
 * and values known only after deploy are marked, never filled in.
 */
import * as pulumi from "@pulumi/pulumi";

export const UNKNOWN = "(known after deploy)";
export const SECRET = "[secret]";

/** A secret keeps its shape (a Secret's `stringData` stays a map) with every value replaced. */
function redact(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(redact);
    if (v !== null && typeof v === "object" && !isUnknown(v)) return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, redact(child)]));
    return SECRET;
}

/** The mock monitor hands unknown inputs over as the SDK's sentinel string or as its Unknown object. */
function isUnknown(v: unknown): boolean {
    return v === pulumi.runtime.unknownValue || pulumi.isUnknown(v);
}

/** A value as the plan shows it: secrets masked and unknowns marked. */
export interface Shown {
    readonly value: unknown;
    readonly unknowns: string[];
}

/** Replaces secrets and unknowns, collecting the paths of unknown values. */
export function showValue(value: unknown, at = ""): Shown {
    const unknowns: string[] = [];
    const walk = (v: unknown, p: string): unknown => {
        if (isUnknown(v)) {
            unknowns.push(p || "/");
            return UNKNOWN;
        }
        if (Array.isArray(v)) return v.map((item, i) => walk(item, `${p}[${i}]`));
        if (v !== null && typeof v === "object") {
            const obj = v as Record<string, unknown>;
            if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return redact(obj.value);
            const out: Record<string, unknown> = {};
            for (const [k, child] of Object.entries(obj)) {
                if (child === undefined) continue;
                out[k] = walk(child, p ? `${p}.${k}` : k);
            }
            return out;
        }
        return v;
    };
    return { value: walk(value, at), unknowns };
}
