import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { formatPath } from "../core/validation";
import { readsAsText, wrapperChain } from "./value-kind";

/** Marks a field as a secret: validated like `inner`, returned as a secret Output. */
export function configSecret<T extends z.ZodType<string>>(inner: T) {
    return inner.transform((value) => pulumi.secret(value)).meta({ llmServingSecret: true });
}

export interface LoadConfigOptions {
    /** Config namespace. @default the project name (what `new pulumi.Config()` reads) */
    readonly namespace?: string;
}

type ConfigProblem = { propertyPath: string; reason: string };

// The SDK keeps which keys are secrets (`pulumi config set --secret`); it exports no public check.
const runtimeConfig: { isConfigSecret(key: string): boolean } = require("@pulumi/pulumi/runtime/config");

function isSecretField(schema: z.ZodType): boolean {
    return wrapperChain(schema).some((s) => (z.globalRegistry.get(s) as { llmServingSecret?: boolean } | undefined)?.llmServingSecret === true);
}

/** A stack-file value as the field expects it: text as written, or parsed JSON. */
function decode(schema: z.ZodType, raw: string): unknown {
    if (readsAsText(schema)) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // zod then says what it expected instead of this text
    }
}

/**
 * Reads the stack's configuration for the keys of `schema` and validates it with zod (defaults
 * applied). Every problem names its config key (`kserve-vllm:modelBucket`, or
 * `kserve-vllm:gpu.count` inside a JSON object), all thrown together as one
 * `pulumi.InputPropertiesError`. A key of the namespace that the schema does not declare is an
 * error too (a typo in `Pulumi.<stack>.yaml` would otherwise be ignored), and so is a secret
 * read by a field not declared with {@link configSecret} (its value would reach the state in plain text).
 */
export function loadConfig<S extends z.ZodObject>(schema: S, options: LoadConfigOptions = {}): z.output<S> {
    const namespace = options.namespace ?? new pulumi.Config().name;
    const keyOf = (field: string) => `${namespace}:${field}`;
    const shape = schema.shape as Record<string, z.ZodType>;
    const problems: ConfigProblem[] = [];
    const input: Record<string, unknown> = {};
    for (const [field, fieldSchema] of Object.entries(shape)) {
        const raw = pulumi.runtime.getConfig(keyOf(field));
        if (raw === undefined) continue;
        if (runtimeConfig.isConfigSecret(keyOf(field)) && !isSecretField(fieldSchema)) {
            problems.push({ propertyPath: keyOf(field), reason: "is a secret, but this program reads it as plain text: declare it with configSecret()" });
            continue;
        }
        input[field] = decode(fieldSchema, raw);
    }
    for (const key of Object.keys(pulumi.runtime.allConfig()).sort()) {
        const field = key.slice(namespace.length + 1);
        if (key.startsWith(`${namespace}:`) && !(field in shape)) {
            problems.push({ propertyPath: key, reason: `is not a configuration key of this program (known: ${Object.keys(shape).join(", ")})` });
        }
    }
    const result = schema.safeParse(input);
    if (!result.success) {
        for (const issue of result.error.issues) problems.push(...describe(issue, input, namespace));
    }
    if (problems.length > 0) {
        const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
        throw new pulumi.InputPropertiesError({ message: `invalid stack configuration:\n${lines}`, errors: problems });
    }
    return (result as { data: z.output<S> }).data;
}

function describe(issue: z.core.$ZodIssue, input: Record<string, unknown>, namespace: string): ConfigProblem[] {
    // A check across several keys (a refinement of the whole object) names the namespace.
    if (issue.path.length === 0) return [{ propertyPath: namespace, reason: issue.message }];
    const [field, ...rest] = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const key = `${namespace}:${String(field)}`;
    const at = rest.length > 0 ? `${key}${formatPath(rest).replace(/^(?!\[)/, ".")}` : key;
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((k) => ({ propertyPath: `${at}.${k}`, reason: "is not a known field" }));
    }
    if (rest.length === 0 && input[String(field)] === undefined) {
        return [{ propertyPath: key, reason: `is required: pulumi config set ${key} <value>` }];
    }
    return [{ propertyPath: at, reason: issue.message }];
}
