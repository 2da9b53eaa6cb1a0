import * as pulumi from "@pulumi/pulumi";
import * as v from "valibot";
import { formatPath, isUnknownKey, issueKeys, unknownKeyPaths, wrapperChain, type AnySchema } from "../core/validation";
import { readsAsText } from "./value-kind";

/** Marks a field as a secret: validated like `inner`, returned as a secret Output. */
export function configSecret<T extends v.GenericSchema<string, string>>(inner: T) {
    return v.pipe(
        inner,
        v.transform((value: string) => pulumi.secret(value)),
        v.metadata({ llmServingSecret: true }),
    );
}

export interface LoadConfigOptions {
    /** Config namespace. @default the project name (what `new pulumi.Config()` reads) */
    readonly namespace?: string;
}

type ConfigProblem = { propertyPath: string; reason: string };

/** A stack's configuration schema: an object of one schema per config key. */
type ObjectSchema = AnySchema & { readonly entries: Readonly<Record<string, AnySchema>> };

// The SDK keeps which keys are secrets (`pulumi config set --secret`); it exports no public check.
const runtimeConfig: { isConfigSecret(key: string): boolean } = require("@pulumi/pulumi/runtime/config");

function isSecretField(schema: AnySchema): boolean {
    return wrapperChain(schema).some((s) =>
        ((s as { pipe?: readonly { type: string; metadata?: { llmServingSecret?: boolean } }[] }).pipe ?? []).some(
            (action) => action.type === "metadata" && action.metadata?.llmServingSecret === true,
        ),
    );
}

/** A stack-file value as the field expects it: text as written, or parsed JSON. */
function decode(schema: AnySchema, raw: string): unknown {
    if (readsAsText(schema)) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // the schema then says what it expected instead of this text
    }
}

/**
 * Reads the stack's configuration for the keys of `schema` and validates it (defaults
 * applied). Every problem names its config key (`kserve-vllm:modelBucket`, or
 * `kserve-vllm:gpu.count` inside a JSON object), all thrown together as one
 * `pulumi.InputPropertiesError`. A key of the namespace that the schema does not declare is an
 * error too (a typo in `Pulumi.<stack>.yaml` would otherwise be ignored), and so is a secret
 * read by a field not declared with {@link configSecret} (its value would reach the state in plain text).
 */
export function loadConfig<S extends ObjectSchema>(schema: S, options: LoadConfigOptions = {}): v.InferOutput<S> {
    const namespace = options.namespace ?? new pulumi.Config().name;
    const keyOf = (field: string) => `${namespace}:${field}`;
    const shape = schema.entries;
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
    const result = v.safeParse(schema, input);
    if (!result.success) {
        for (const issue of result.issues) problems.push(...describe(schema, issue, input, namespace));
    }
    if (problems.length > 0) {
        const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
        throw new pulumi.InputPropertiesError({ message: `invalid stack configuration:\n${lines}`, errors: problems });
    }
    return (result as { output: v.InferOutput<S> }).output;
}

function describe(schema: AnySchema, issue: v.BaseIssue<unknown>, input: Record<string, unknown>, namespace: string): ConfigProblem[] {
    if (isUnknownKey(issue)) {
        return unknownKeyPaths(schema, issue).map((keys) => ({ propertyPath: configPath(namespace, keys), reason: "is not a known field" }));
    }
    const path = issueKeys(issue);
    // A check across several keys (a refinement of the whole object) names the namespace.
    if (path.length === 0) return [{ propertyPath: namespace, reason: issue.message }];
    const field = path[0];
    const key = `${namespace}:${String(field)}`;
    const at = configPath(namespace, path);
    if (path.length === 1 && input[String(field)] === undefined) {
        return [{ propertyPath: key, reason: `is required: pulumi config set ${key} <value>` }];
    }
    return [{ propertyPath: at, reason: issue.message }];
}

/** `app:pool.count`: the config key, then the path inside its JSON value. */
function configPath(namespace: string, path: readonly PropertyKey[]): string {
    const [field, ...rest] = path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const key = `${namespace}:${String(field)}`;
    return rest.length > 0 ? `${key}${formatPath(rest).replace(/^(?!\[)/, ".")}` : key;
}
