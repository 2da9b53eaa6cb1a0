import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadProject } from "./project";
import { aliasIdentities } from "./aliases";
import { settle } from "./settle";
import { showValue } from "./values";

/** One resource the program registered, as the engine would receive it at preview. */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    /** Name of the parent resource ("" at the top). */
    readonly parent: string;
    readonly custom: boolean;
    /** Inputs with secrets redacted and values known only after deploy marked. */
    readonly inputs: Record<string, unknown>;
    /** Paths inside `inputs` whose values are known only after deploy. */
    readonly unknowns: string[];
    readonly retainOnDelete: boolean;
    /** Identities (`<qualified type>::<name>`) this resource was known by before, when it has aliases. */
    readonly aliases?: string[];
}

function aliasesOf(request: unknown, type: string, name: string): { aliases?: string[] } {
    const aliases = aliasIdentities(request, type, name);
    return aliases.length > 0 ? { aliases } : {};
}

/** A Pulumi program run offline: every registered resource with its inputs, and the outputs. */
export interface EvaluatedProgram {
    readonly project: string;
    readonly stack: string;
    readonly resources: PlannedResource[];
    readonly outputs: Record<string, unknown>;
}

/**
 * Invokes the plan can answer without a cloud account: every field is "known after deploy".
 * Anything else (e.g. zone look-ups) must be given as configuration instead.
 */
const UNKNOWN_INVOKE_RESULTS: Record<string, string[]> = {
    "alicloud:cs/getClusterCredential:getClusterCredential": ["id", "kubeConfig", "expiration", "certificateAuthority", "clusterName", "clusterId"],
    "aws:eks/getClusterAuth:getClusterAuth": ["id", "name", "token"],
    "aws:index/getCallerIdentity:getCallerIdentity": ["id", "accountId", "arn", "userId"],
    "aws:index/getPartition:getPartition": ["id", "partition", "dnsSuffix", "reverseDnsPrefix"],
    "alicloud:index/getAccount:getAccount": ["id"],
};

/** Options of the offline evaluation: project, stack, config and the program to run. */
export interface EvaluateOptions {
    readonly programDir: string;
    readonly stack?: string;
    readonly config?: Record<string, string>;
}

/**
 * Runs a Pulumi program under the SDK's mock runtime in preview mode and records every
 * registration. One program per process: the Pulumi runtime is global.
 */
export async function evaluateProgram(options: EvaluateOptions): Promise<EvaluatedProgram> {
    const stack = options.stack ?? "dev";
    const programDir = path.resolve(options.programDir);
    const project = loadProject(programDir, stack, options.config);
    const resources: PlannedResource[] = [];
    let request: any;
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                const shown = showValue(args.inputs);
                resources.push({
                    type: args.type,
                    name: args.name,
                    parent: (request?.getParent() ?? "").split("::").pop() ?? "",
                    custom: args.custom ?? true,
                    inputs: shown.value as Record<string, unknown>,
                    unknowns: shown.unknowns,
                    retainOnDelete: request?.getRetainondelete() ?? false,
                    ...aliasesOf(request, args.type, args.name),
                });
                // Preview: no ids, outputs are what was asked for; everything else stays unknown.
                return { id: undefined as unknown as string, state: args.inputs };
            },
            call(args) {
                const fields = UNKNOWN_INVOKE_RESULTS[args.token];
                if (!fields) {
                    throw new Error(
                        `the offline plan cannot answer the cloud look-up ${args.token} without a cloud account; give its result as configuration (for example explicit zones)`,
                    );
                }
                return Object.fromEntries(fields.map((f) => [f, pulumi.runtime.unknownValue]));
            },
        },
        project.name,
        stack,
        true,
    );
    pulumi.runtime.setAllConfig(project.config, project.secretKeys);
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        request = req;
        try {
            return register(req, callback);
        } finally {
            request = undefined;
        }
    };

    let exported = require(project.main);
    if (typeof exported === "function") exported = await exported();
    else if (typeof exported?.default === "function") exported = await exported.default();
    await settle(() => resources.length);
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries<any>(exported ?? {})) {
        outputs[key] = showValue(await plainValue(value)).value;
    }
    await settle(() => resources.length);
    return { project: project.name, stack, resources, outputs };
}

/**
 * An exported stack output as a plain value, with unknowns and secrets left for showValue to mark:
 * in the SDK's own wire form (`runtime.unknownValue`, and a secret as `{[specialSigKey]: specialSecretSig, value}`).
 */
async function plainValue(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const output = value as pulumi.Output<unknown>;
        const known = await (output as any).isKnown;
        if (!known) return pulumi.runtime.unknownValue;
        const secret = await (output as any).isSecret;
        const resolved = await new Promise((resolve) => output.apply((v) => resolve(v)));
        return secret ? { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: resolved } : plainValue(resolved);
    }
    if (pulumi.Resource.isInstance(value)) return `<resource ${(value as any).__name ?? ""}>`;
    if (Array.isArray(value)) return Promise.all(value.map(plainValue));
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = await plainValue(v);
        return out;
    }
    return value;
}
