import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { formatPath, innermostSchema, wrapperChain } from "../core/validation";
import { loadZod, type ZodSchema } from "../core/zod";
import { valueKind, type ValueKind } from "./value-kind";

/**
 * The part of the Standard Schema interface (https://standardschema.dev) `loadConfig` uses: zod,
 * Most schema libraries, ArkType among them, implement it.
 */
export interface StandardSchema<Input = unknown, Output = Input> {
    readonly "~standard": {
        readonly version: 1;
        readonly vendor: string;
        readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
        readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    };
}

/** What a Standard Schema's `validate` returns. */
type StandardResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly StandardIssue[] };

/** One problem a Standard Schema found; zod and other libraries add their own fields (`code`, `kind`). */
interface StandardIssue {
    readonly message: string;
    readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** What `loadConfig` returns for a schema: its output type. */
export type ConfigOutput<S extends StandardSchema> = NonNullable<S["~standard"]["types"]>["output"];

interface SecretMeta {
    readonly llmServingSecret: true;
}
let secretFields: z.core.$ZodRegistry<SecretMeta> | undefined;
const secretRegistry = () => (secretFields ??= loadZod().registry<SecretMeta>());

/** Marks a field as a secret: validated like `inner` (a zod string schema), returned as a secret Output. */
export function configSecret<T extends z.ZodType<string, string>>(inner: T) {
    const secret = inner.transform((value: string) => pulumi.secret(value));
    secretRegistry().add(secret as z.ZodType, { llmServingSecret: true });
    return secret;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
    /** Config namespace. @default the project name (what `new pulumi.Config()` reads) */
    readonly namespace?: string;
}

type ConfigProblem = { propertyPath: string; reason: string };

// The SDK keeps which keys are secrets (`pulumi config set --secret`); it exports no public check.
const runtimeConfig: { isConfigSecret(key: string): boolean } = require("@pulumi/pulumi/runtime/config");

const isZod = (schema: unknown): schema is ZodSchema => typeof schema === "object" && schema !== null && "_zod" in schema;

function isSecretField(schema: ZodSchema): boolean {
    return wrapperChain(schema).some((s) => secretRegistry().get(s)?.llmServingSecret === true);
}

/** The fields of a zod object schema (below refinements, defaults and transforms), or undefined. */
function zodShape(schema: ZodSchema): Record<string, ZodSchema> | undefined {
    const def = (innermostSchema(schema) as unknown as { _zod: { def: { type: string; shape?: Record<string, ZodSchema> } } })._zod.def;
    return def.type === "object" ? def.shape : undefined;
}

/** A stack-file value as the field expects it: text as written, or parsed JSON (text when it does not parse). */
function decode(kind: ValueKind, raw: string): unknown {
    if (kind === "text") return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // the schema then says what it expected instead of this text
    }
}

/**
 * Reads the stack's configuration and validates it with `schema` (defaults applied). `schema` is a
 * zod object schema (`z.strictObject({...})`, reusing the library's schemas: `vllmArgsSchema().shape.namespace`)
 * or any other [Standard Schema](https://standardschema.dev) (ArkType and others) that validates synchronously.
 *
 * Every problem names its config key (`kserve-vllm:modelBucket`, or `kserve-vllm:gpu.count` inside
 * a JSON object), all thrown together as one `pulumi.InputPropertiesError`.
 *
 * With a zod object schema each key's value is read as its field expects it (text as written for
 * strings and enums, JSON for numbers, booleans, objects and arrays); a key of the namespace that
 * the schema does not declare is an error (a typo in `Pulumi.<stack>.yaml` would otherwise be
 * ignored), and so is a secret read by a field not declared with {@link configSecret} (its value
 * would reach the state in plain text).
 *
 * With another Standard Schema every key of the namespace is passed: as JSON when its value parses,
 * else as text; a key refused with its JSON value (`"123"` read as a number) is retried once as
 * text. A secret key is an error: declare it in a zod schema with {@link configSecret}.
 */
export function loadConfig<S extends StandardSchema>(schema: S, options: LoadConfigOptions = {}): ConfigOutput<S> {
    const namespace = options.namespace ?? new pulumi.Config().name;
    const keyOf = (field: string) => `${namespace}:${field}`;
    const problems: ConfigProblem[] = [];
    const raws: Record<string, string> = {};
    const kinds: Record<string, ValueKind> = {};
    // Secret keys refused above: the schema's "missing" issue for them would only repeat the problem.
    const withheld = new Set<string>();
    const shape = isZod(schema) ? zodShape(schema) : undefined;

    if (shape !== undefined) {
        for (const [field, fieldSchema] of Object.entries(shape)) {
            const raw = pulumi.runtime.getConfig(keyOf(field));
            if (raw === undefined) continue;
            if (runtimeConfig.isConfigSecret(keyOf(field)) && !isSecretField(fieldSchema)) {
                problems.push({ propertyPath: keyOf(field), reason: "is a secret, but this program reads it as plain text: declare it with configSecret()" });
                withheld.add(field);
                continue;
            }
            raws[field] = raw;
            kinds[field] = valueKind(fieldSchema);
        }
        for (const key of Object.keys(pulumi.runtime.allConfig()).sort()) {
            const field = key.slice(namespace.length + 1);
            if (key.startsWith(`${namespace}:`) && !Object.hasOwn(shape, field)) {
                problems.push({ propertyPath: key, reason: `is not a configuration key of this program (known: ${Object.keys(shape).join(", ")})` });
            }
        }
    } else {
        for (const [key, raw] of Object.entries(pulumi.runtime.allConfig()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
            if (!key.startsWith(`${namespace}:`)) continue;
            const field = key.slice(namespace.length + 1);
            if (runtimeConfig.isConfigSecret(key)) {
                withheld.add(field);
                problems.push({
                    propertyPath: key,
                    reason: "is a secret, but this program reads it as plain text: declare it in a zod schema with configSecret()",
                });
                continue;
            }
            raws[field] = raw;
            kinds[field] = "either";
        }
    }

    const { input, result } = validateWithRetry(schema, raws, kinds);
    if (result.issues !== undefined) {
        for (const issue of result.issues) {
            const field = topLevelField(issue);
            if (field === undefined || !withheld.has(field)) problems.push(...describe(issue, input, namespace));
        }
    }
    if (problems.length > 0) {
        const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
        throw new pulumi.InputPropertiesError({ message: `invalid stack configuration:\n${lines}`, errors: problems });
    }
    return (result as { value: ConfigOutput<S> }).value;
}

function validate(schema: StandardSchema, input: Record<string, unknown>): StandardResult<unknown> {
    const result = schema["~standard"].validate(input);
    if (typeof (result as { then?: unknown }).then === "function") {
        throw new TypeError(
            `loadConfig needs a schema that validates synchronously; this ${schema["~standard"].vendor} schema validates asynchronously (an async refinement or transform?)`,
        );
    }
    return result as StandardResult<unknown>;
}

/**
 * Validates the decoded values; a key whose JSON value is refused with a type problem (`"123"`
 * read as a number where text goes) and whose JSON value differs from its text is retried once as
 * text. The text is kept when the schema then accepts the key, or refuses it for another reason
 * than its type (a pattern, a length: that reason is the one to show).
 */
function validateWithRetry(
    schema: StandardSchema,
    raws: Record<string, string>,
    kinds: Record<string, ValueKind>,
): { input: Record<string, unknown>; result: StandardResult<unknown> } {
    const input: Record<string, unknown> = {};
    for (const [field, raw] of Object.entries(raws)) input[field] = decode(kinds[field], raw);
    const first = validate(schema, input);
    if (first.issues === undefined) return { input, result: first };

    const retry = new Set<string>();
    for (const issue of first.issues) {
        const field = topLevelField(issue);
        if (field === undefined || kinds[field] !== "either" || input[field] === raws[field] || !isTypeIssue(issue)) continue;
        retry.add(field);
    }
    if (retry.size === 0) return { input, result: first };

    const asText = { ...input };
    for (const field of retry) asText[field] = raws[field];
    const second = validate(schema, asText);
    const issuesAt = (issues: readonly StandardIssue[] | undefined, field: string) => (issues ?? []).filter((i) => topLevelField(i) === field);
    const keep = [...retry].filter((field) => issuesAt(second.issues, field).every((issue) => !isTypeIssue(issue)));
    if (keep.length === retry.size) return { input: asText, result: second };
    if (keep.length === 0) return { input, result: first };
    const mixed = { ...input };
    for (const field of keep) mixed[field] = raws[field];
    return { input: mixed, result: validate(schema, mixed) };
}

/** The keys of an issue's path: Standard Schema segments are keys or `{key}` objects. */
function pathKeys(issue: StandardIssue): PropertyKey[] {
    return (issue.path ?? []).map((segment) => (typeof segment === "object" && segment !== null ? segment.key : segment));
}

/** The config key an issue is about, when its path names one. */
function topLevelField(issue: StandardIssue): string | undefined {
    const keys = pathKeys(issue);
    return keys.length > 0 ? String(keys[0]) : undefined;
}

/**
 * Whether an issue says the value has the wrong type (rather than a wrong value of the right type):
 * zod's `invalid_type`, `invalid_value` and `invalid_union`, issues of kind "schema", ArkType's
 * `domain`, `unit`, `proto` and `required`. An issue that says neither way counts as one.
 */
function isTypeIssue(issue: StandardIssue): boolean {
    const { code, kind } = issue as { code?: unknown; kind?: unknown };
    if (typeof code === "string") return ["invalid_type", "invalid_value", "invalid_union", "domain", "unit", "proto", "required"].includes(code);
    if (typeof kind === "string") return kind === "schema";
    return true;
}

/**
 * Whether an issue is about a key its object does not declare (strict objects of some libraries: a segment
 * of origin `key` whose object has the key; a missing key has that origin too).
 */
function isUnknownKeyIssue(issue: StandardIssue): boolean {
    const last = issue.path?.[issue.path.length - 1] as { key?: PropertyKey; origin?: unknown; input?: unknown } | undefined;
    if (typeof last !== "object" || last === null || last.origin !== "key") return false;
    const object = last.input;
    return typeof object === "object" && object !== null && last.key !== undefined && Object.hasOwn(object, last.key);
}

function describe(issue: StandardIssue, input: Record<string, unknown>, namespace: string): ConfigProblem[] {
    const path = pathKeys(issue);
    const { code, keys } = issue as { code?: unknown; keys?: readonly PropertyKey[] };
    if (code === "unrecognized_keys" && keys !== undefined) {
        // zod: one issue for the object, listing its unknown keys.
        return keys.map((k) =>
            path.length === 0
                ? { propertyPath: `${namespace}:${String(k)}`, reason: "is not a configuration key of this program" }
                : { propertyPath: configPath(namespace, [...path, k]), reason: "is not a known field" },
        );
    }
    if (isUnknownKeyIssue(issue)) {
        const reason = path.length === 1 ? "is not a configuration key of this program" : "is not a known field";
        return [{ propertyPath: configPath(namespace, path), reason }];
    }
    // A check across several keys (a refinement of the whole object) names the namespace.
    if (path.length === 0) return [{ propertyPath: namespace, reason: issue.message }];
    const key = `${namespace}:${String(path[0])}`;
    if (path.length === 1 && input[String(path[0])] === undefined) {
        return [{ propertyPath: key, reason: `is required: pulumi config set ${key} <value>` }];
    }
    return [{ propertyPath: configPath(namespace, path), reason: issue.message }];
}

/** `app:pool.count`: the config key, then the path inside its JSON value. */
function configPath(namespace: string, path: readonly PropertyKey[]): string {
    const [field, ...rest] = path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const key = `${namespace}:${String(field)}`;
    return rest.length > 0 ? `${key}${formatPath(rest).replace(/^(?!\[)/, ".")}` : key;
}
