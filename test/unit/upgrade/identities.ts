/**
 * Resource identities of a plan: `<qualified type>::<name>`, the tail of the URN the engine gives
 * each resource (the parent chain's types joined by `$`, then the resource's own type). A
 * change of name, type or parent changes it, and the engine then replaces the resource.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanFiles } from "../../../src/plan/write";
import { REPO_ROOT } from "../../support/kube-schema";

export interface Baseline {
    readonly example: string;
    readonly stack: string;
    /** Sorted identities of every resource (components included). */
    readonly resources: string[];
}

export const BASELINE_STACK = "dev";
export const baselineFile = (example: string) => path.join(REPO_ROOT, "test/unit/upgrade/baselines", `${example}.json`);

interface Entry {
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly aliases?: string[];
}

function entries(plan: PlanFiles): Entry[] {
    return [...plan.components, ...plan.kubernetes, ...plan.helmReleases, ...plan.cloud];
}

function qualifier(plan: PlanFiles) {
    const components = new Map(plan.components.map((c) => [c.name, c]));
    return (e: Entry): string => {
        const chain: string[] = [];
        for (let p = components.get(e.parent); p; p = components.get(p.parent)) chain.unshift(p.type);
        return `${[...chain, e.type].join("$")}::${e.name}`;
    };
}

export function identities(plan: PlanFiles): string[] {
    return entries(plan).map(qualifier(plan)).sort();
}

/** Old identities some resource of the plan declares as its alias. */
export function aliasedIdentities(plan: PlanFiles): Set<string> {
    return new Set(entries(plan).flatMap((e) => e.aliases ?? []));
}

export interface BaselineDiff {
    /** In the baseline, gone from the plan, and no alias points at them: the engine would delete (replace) them. */
    readonly replaced: string[];
    /** In the plan but not in the baseline. */
    readonly added: string[];
}

export function compareToBaseline(baseline: Baseline, plan: PlanFiles): BaselineDiff {
    const current = new Set(identities(plan));
    const aliased = aliasedIdentities(plan);
    const recorded = new Set(baseline.resources);
    return {
        replaced: baseline.resources.filter((id) => !current.has(id) && !aliased.has(id)),
        added: [...current].filter((id) => !recorded.has(id)),
    };
}

export function readBaseline(example: string): Baseline | undefined {
    const file = baselineFile(example);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Baseline) : undefined;
}

export function baselineText(example: string, plan: PlanFiles): string {
    const baseline: Baseline = { example, stack: BASELINE_STACK, resources: identities(plan) };
    return JSON.stringify(baseline, null, 2) + "\n";
}
