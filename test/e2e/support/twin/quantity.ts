// Kubernetes resource quantities as numbers, and a pod's effective requests, as the scheduler and
// the kubelet count them (k8s.io/apimachinery resource.Quantity; component-helpers resource.PodRequests).
const SUFFIX: Record<string, number> = {
    n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function parseQuantity(q: string | number): number {
    if (typeof q === "number") return q;
    const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(q.trim());
    if (!m || !(m[3] in SUFFIX)) throw new Error(`not a quantity: '${q}'`);
    return Number(m[1]) * 10 ** Number(m[2] ?? 0) * SUFFIX[m[3]];
}

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
