/**
 * Runs the policy pack's rules on real resource shapes: the offline plan of an example (what
 * `pulumi preview` would send the pack), optionally edited to break one rule.
 */
import type { Policy, PolicyPackConfig } from "@pulumi/policy";
import { planResources, type OfflineResource, type PlanJson } from "../../../policy/offline/plan-resources";
import { checkResources, type CheckResult, type Finding } from "../../../policy/offline/run";
import { planExample } from "../../support/plan";

export function exampleResources(example: string, options: { stack?: string; config?: Record<string, string> } = {}): OfflineResource[] {
    const plan = planExample(`examples/${example}`, options);
    return planResources(JSON.parse(plan.text["plan.json"]) as PlanJson);
}

/** A deep copy of the resource named `name`, its inputs edited by `edit`, in place of the original. */
export function withEdited(
    resources: OfflineResource[],
    name: string,
    edit: (props: any) => unknown,
    options: Partial<OfflineResource> = {},
): OfflineResource[] {
    let found = false;
    const out = resources.map((r) => {
        if (r.name !== name) return r;
        found = true;
        const props = structuredClone(r.props);
        edit(props);
        return { ...r, props, ...options };
    });
    if (!found) throw new Error(`no resource named ${name}: ${resources.map((r) => r.name).join(", ")}`);
    return out;
}

export function withAdded(
    resources: OfflineResource[],
    added: Omit<OfflineResource, "urn" | "parentUrn" | "retainOnDelete"> & Partial<OfflineResource>,
): OfflineResource[] {
    return [...resources, { urn: `urn:pulumi:test::test::${added.type}::${added.name}`, parentUrn: "", retainOnDelete: false, ...added }];
}

export async function run(policy: Policy, resources: OfflineResource[], config: PolicyPackConfig = {}): Promise<CheckResult> {
    return checkResources(resources, [policy as any], config);
}

/** The violation messages, as `resource: message`. */
export async function violations(policy: Policy, resources: OfflineResource[]): Promise<string[]> {
    const result = await run(policy, resources);
    if (result.unknown.length > 0) throw new Error(`rule could not run: ${result.unknown.map((u) => u.message).join("; ")}`);
    return result.violations.map((v) => `${v.resource}: ${v.message}`);
}

/**
 * Advisory rules the library's own stacks are known to trip because it does not render what
 * they ask for yet; their findings must stay advisory. None today: pod-hardening became
 * mandatory once every pod got the restricted profile (issue 17 §7).
 */
export const KNOWN_ADVISORY_GAPS: readonly string[] = [];

/** Findings other than the known advisory gaps and the rules a config relaxes on purpose. */
export function unexpectedFindings(findings: Finding[], relaxed: readonly string[] = []): Finding[] {
    return findings.filter((f) => !(KNOWN_ADVISORY_GAPS.includes(f.policy) && f.enforcementLevel === "advisory") && !relaxed.includes(f.policy));
}
