import { parseQuantity } from "./quantity";
import type { Resources } from "./schemas";

/** A component's default requests and limits, merged under the user's own ({@link mergeResources}). */
export interface ResourceDefaults {
    readonly requests: Readonly<Record<string, string>>;
    readonly limits: Readonly<Record<string, string>>;
}

/**
 * A container's requests and limits: the component's defaults under the user's own. What the user
 * writes takes effect as written, and a default never contradicts it:
 * - a default request is left out for a resource the user limits (the API server then requests
 *   the limit), so a user who sets only limits gets exactly those;
 * - a default limit below the user's request for the same resource is raised to that request.
 */
export function mergeResources(defaults: ResourceDefaults, user: Resources | undefined): { requests: Record<string, string>; limits: Record<string, string> } {
    const own = { requests: user?.requests ?? {}, limits: user?.limits ?? {} };
    const requests: Record<string, string> = {};
    for (const [k, v] of Object.entries(defaults.requests)) if (!(k in own.limits)) requests[k] = v;
    const limits: Record<string, string> = {};
    for (const [k, v] of Object.entries(defaults.limits)) {
        const asked = own.requests[k];
        limits[k] = asked !== undefined && parseQuantity(asked) > parseQuantity(v) ? asked : v;
    }
    return { requests: { ...requests, ...own.requests }, limits: { ...limits, ...own.limits } };
}

/**
 * Requests and limits with both bounds set for `names`: a missing limit is the request, a missing
 * request the limit. For objects whose operator fills in its own defaults for whichever bound is
 * absent (KServe's InferenceService defaulter sets `cpuLimit`/`memoryLimit` from
 * `inferenceservice-config`, 1 CPU and 2Gi in its chart), so they never contradict the user's bound.
 */
export function withBothBounds(
    r: { requests: Record<string, string>; limits: Record<string, string> },
    names: readonly string[],
): { requests: Record<string, string>; limits: Record<string, string> } {
    const requests = { ...r.requests };
    const limits = { ...r.limits };
    for (const k of names) {
        if (requests[k] !== undefined && limits[k] === undefined) limits[k] = requests[k];
        else if (limits[k] !== undefined && requests[k] === undefined) requests[k] = limits[k];
    }
    return { requests, limits };
}

/** Resources whose request exceeds its limit, as the API server refuses them. */
export function requestsAboveLimits(r: Resources): string[] {
    const over: string[] = [];
    for (const [k, limit] of Object.entries(r.limits ?? {})) {
        const request = r.requests?.[k];
        if (request !== undefined && parseQuantity(request) > parseQuantity(limit)) over.push(k);
    }
    return over;
}
