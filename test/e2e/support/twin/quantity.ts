// A pod's effective requests, as the scheduler and
// the kubelet count them (k8s.io/apimachinery resource.Quantity; component-helpers resource.PodRequests).
import { parseQuantity } from "../../../../src/core/quantity";

export { parseQuantity };

function add(into: Record<string, number>, list: Record<string, string> | undefined): void {
    for (const [k, v] of Object.entries(list ?? {})) into[k] = (into[k] ?? 0) + parseQuantity(v);
}

/**
 * A pod's requests: the sum over its containers (and restartable init containers, which run
 * beside them), or the largest single init container where that is more, plus the pod overhead.
 */
export function podRequests(pod: any): Record<string, number> {
    const sum: Record<string, number> = {};
    for (const c of pod.spec.containers ?? []) add(sum, c.resources?.requests);
    for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === "Always") add(sum, c.resources?.requests);
    for (const c of pod.spec.initContainers ?? []) {
        if (c.restartPolicy === "Always") continue;
        const one: Record<string, number> = {};
        add(one, c.resources?.requests);
        for (const [k, v] of Object.entries(one)) sum[k] = Math.max(sum[k] ?? 0, v);
    }
    add(sum, pod.spec.overhead);
    return sum;
}

/** The first resource `want` does not fit in `allocatable - used`, or undefined when it fits. */
export function fitsIn(want: Record<string, number>, used: Record<string, number>, allocatable: Record<string, number>): string | undefined {
    for (const [k, v] of Object.entries(want)) {
        if (v <= 0) continue;
        if ((used[k] ?? 0) + v > (allocatable[k] ?? 0) + 1e-9) return k;
    }
    return undefined;
}
