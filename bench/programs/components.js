// BENCH_COMPONENTS=1 makes the hand-written baseline also register the library's component
// resources (same type tokens, names, parents, options and registered outputs), with nothing else:
// the difference between the two baselines is what component resources cost the Pulumi SDK, and
// the difference to the library is what the library's own code costs (validation, rendering, loading).
"use strict";
const pulumi = require("@pulumi/pulumi");

const enabled = process.env.BENCH_COMPONENTS === "1";

class Group extends pulumi.ComponentResource {
    constructor(type, name, opts) {
        super(type, name, {}, opts);
    }
}

/** A component resource when enabled, else undefined. */
function group(type, name, opts = {}) {
    return enabled ? new Group(type, name, opts) : undefined;
}

/** Options for a child of `component` (unchanged when components are off). */
function inside(component, opts = {}) {
    return component ? { ...opts, parent: component } : opts;
}

/** registerOutputs, as the library's components do it (each value an Output). */
function finish(component, outputs) {
    if (!component) return;
    const registered = {};
    for (const [k, v] of Object.entries(outputs)) registered[k] = pulumi.output(v);
    component.registerOutputs(registered);
}

module.exports = { group, inside, finish, enabled };
