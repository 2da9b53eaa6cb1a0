/**
 * Runs the pack's rules on resources the way the policy analyzer does during `pulumi preview`:
 * each rule sees inputs through @pulumi/policy's unknown-checking proxy (reading a value known
 * only after deploy makes the rule advisory for that resource, as in a preview), enforcement
 * levels come from the pack config, and `notApplicable` is recorded.
 */
import type { EnforcementLevel, Policies, PolicyPackConfig, PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { OptionsWithRetain } from "../rules/stateful-retained";
import type { OfflineResource } from "./plan-resources";

const policyProxy: { unknownCheckingProxy<T>(v: T): T; UnknownValueError: new (...a: any[]) => Error } = require("@pulumi/policy/proxy");

export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    /** Name of the resource the finding is about ("" for the stack). */
    readonly resource: string;
    readonly message: string;
}

export interface CheckResult {
    /** Violations at their configured enforcement level (mandatory ones fail a preview). */
    readonly violations: Finding[];
    /** Rules that declared themselves not applicable to a resource, with the reason. */
    readonly notApplicable: Finding[];
    /** Rules that could not run because they read a value known only after deploy (advisory in a preview). */
    readonly unknown: Finding[];
}

class NotApplicable extends Error {}

function levelOf(name: string, fallback: EnforcementLevel | undefined, config: PolicyPackConfig): EnforcementLevel {
    const c = config[name];
    if (typeof c === "string") return c;
    return c?.enforcementLevel ?? fallback ?? "mandatory";
}

function configOf(name: string, config: PolicyPackConfig): Record<string, unknown> {
    const c = config[name];
    if (typeof c !== "object") return {};
    const { enforcementLevel: _level, ...rest } = c;
    return rest;
}

const isTypeOf = (type: string) => (cls: any) => cls?.__pulumiType === type;

export async function checkResources(resources: OfflineResource[], policies: Policies, config: PolicyPackConfig = {}): Promise<CheckResult> {
    const result: CheckResult = { violations: [], notApplicable: [], unknown: [] };
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const options = (r: OfflineResource): OptionsWithRetain => ({
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parentUrn ? { parent: r.parentUrn } : {}),
        retainOnDelete: r.retainOnDelete,
    });
    const policyResources: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: policyProxy.unknownCheckingProxy(r.props),
        opts: options(r),
        dependencies: [],
        propertyDependencies: {},
        isType: isTypeOf(r.type),
        asType: () => undefined,
    }));

    for (const policy of policies) {
        const enforcementLevel = levelOf(policy.name, policy.enforcementLevel, config);
        if (enforcementLevel === "disabled") continue;
        const finding = (resource: string, message: string): Finding => ({ policy: policy.name, enforcementLevel, resource, message });
        const record = async (resource: string, run: () => Promise<void> | void) => {
            try {
                await run();
            } catch (err) {
                if (err instanceof NotApplicable) result.notApplicable.push(finding(resource, err.message));
                else if (err instanceof policyProxy.UnknownValueError) result.unknown.push(finding(resource, err.message));
                else throw err;
            }
        };
        const common = {
            stackTags: new Map<string, string>(),
            getConfig: <T extends object>() => configOf(policy.name, config) as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason ?? "");
            },
        };
        if ("validateResource" in policy && policy.validateResource) {
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            for (const r of policyResources) {
                const args: ResourceValidationArgs = {
                    ...common,
                    type: r.type,
                    props: r.props,
                    urn: r.urn,
                    name: r.name,
                    opts: r.opts,
                    isType: r.isType,
                    asType: () => undefined,
                };
                for (const validate of validations) {
                    await record(r.name, () => validate(args, (message) => result.violations.push(finding(r.name, message))));
                }
            }
        }
        if ("validateStack" in policy && policy.validateStack) {
            const args: StackValidationArgs = { ...common, resources: policyResources };
            const validate = policy.validateStack;
            await record("", () => validate(args, (message, urn) => result.violations.push(finding(urn ? (byUrn.get(urn)?.name ?? urn) : "", message))));
        }
    }
    return result;
}

/** Violations that fail a preview. */
export function mandatory(result: CheckResult): Finding[] {
    return result.violations.filter((v) => v.enforcementLevel === "mandatory");
}
