// Before anything is timed: the library's program and the hand-written one must register the same
// custom resources (type, name), with the same inputs, the same explicit dependencies (by name),
// retainOnDelete, protect and custom timeouts. Component resources are compared (type, name, parent,
// dependencies) only against the baseline that registers them too (BENCH_COMPONENTS=1); the plain
// baseline has none but the Stack, by design.
"use strict";
const { isDeepStrictEqual } = require("node:util");
const { evaluate } = require("./spawn");

const nameOf = (urn) => urn.split("::").pop();

/** The comparable view of one custom registration. */
function view(record, customNames) {
    return {
        inputs: record.inputs,
        dependencies: record.dependencies.map(nameOf).filter((d) => customNames.has(d)).sort(),
        retainOnDelete: record.retainOnDelete,
        protect: record.protect,
        customTimeouts: record.customTimeouts,
    };
}

/** Where two values first differ, as `path: library X, baseline Y`; undefined when equal. */
function firstDifference(a, b, at) {
    if (isDeepStrictEqual(a, b)) return undefined;
    const objects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
    if (objects) {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
            const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
            if (d) return d;
        }
    }
    return `${at}: library ${JSON.stringify(a)}, baseline ${JSON.stringify(b)}`;
}

function customByKey(records) {
    const custom = records.filter((r) => r.custom);
    const names = new Set(custom.map((r) => r.name));
    const out = new Map();
    for (const r of custom) {
        const key = `${r.type} ${r.name}`;
        if (out.has(key)) throw new Error(`registered twice: ${key}`);
        out.set(key, view(r, names));
    }
    return out;
}

/**
 * Throws, naming the first differences, unless both programs register the same custom resources.
 * Returns the counts (custom resources, library components) for the report.
 */
function verifyEquivalent(libraryProgram, baselineProgram, { n, variant, components = false }) {
    const lib = evaluate(libraryProgram, { n, variant, record: true });
    const base = evaluate(baselineProgram, { n, variant, record: true, env: { BENCH_COMPONENTS: components ? "1" : "0" } });
    const a = customByKey(lib.records);
    const b = customByKey(base.records);
    const problems = [];
    if (components) {
        const list = (records) => records.filter((r) => !r.custom).map((r) => `${r.type} ${r.name} in '${nameOf(r.parent)}' after [${r.dependencies.map(nameOf).sort()}]`).sort();
        const diff = firstDifference(list(lib.records), list(base.records), "components");
        if (diff) problems.push(diff);
    }
    for (const key of a.keys()) if (!b.has(key)) problems.push(`only the library registers ${key}`);
    for (const key of b.keys()) if (!a.has(key)) problems.push(`only the baseline registers ${key}`);
    for (const [key, va] of a) {
        const vb = b.get(key);
        if (!vb) continue;
        for (const field of Object.keys(va)) {
            const diff = firstDifference(va[field], vb[field], field);
            if (diff) problems.push(`${key}: ${diff}`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`N=${n} ${variant}: the baseline does not register what the library does:\n  ${problems.slice(0, 10).join("\n  ")}`);
    }
    return { custom: a.size, libraryComponents: lib.components, baselineComponents: base.components };
}

module.exports = { verifyEquivalent };
