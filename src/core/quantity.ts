// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): the canonical forms the
// API server accepts, and their values as numbers for comparisons.

/** A non-negative quantity: digits with an optional fraction, then an SI or binary suffix or an exponent. */
export const QUANTITY = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const SUFFIX: Readonly<Record<string, number>> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** The value of a quantity (`16Gi` -> 17179869184, `500m` -> 0.5); throws on anything else. */
export function parseQuantity(q: string | number): number {
    if (typeof q === "number") return q;
    const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(q.trim());
    if (!m || !(m[3] in SUFFIX) || Number.isNaN(Number(m[1]))) throw new Error(`not a quantity: '${q}'`);
    return Number(m[1]) * 10 ** Number(m[2] ?? 0) * SUFFIX[m[3]];
}
