import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { configSecret, loadConfig, z, type StandardSchema } from "../../../src/config";
import { modelBucketVolumeSchema } from "../../../src/kubernetes";
import { expectArgError, installMocks, valueOf } from "../../support/mocks";

installMocks();

/** Sets the stack's configuration as the engine hands it to a program: every value a string. */
function stack(values: Record<string, string>, secretKeys: string[] = []): void {
    pulumi.runtime.setAllConfig(values, secretKeys);
}

const nonEmpty = z.string().min(1);
const volume = modelBucketVolumeSchema().shape;
const schema = z.strictObject({
    namespace: volume.namespace,
    region: volume.region,
    gpuNodes: z.number().int().min(1).default(1),
    spot: z.boolean().default(false),
    zones: z.array(nonEmpty).min(2),
    pool: z.strictObject({ instanceType: nonEmpty, count: z.number().int().min(1) }).optional(),
});
const load = () => loadConfig(schema, { namespace: "demo" });

describe("loadConfig", () => {
    test("reads text as written, numbers, booleans and JSON values, and applies defaults", () => {
        stack({
            "demo:region": "us-east-1",
            "demo:spot": "true",
            "demo:zones": '["us-east-1a","us-east-1b"]',
            "demo:pool": '{"instanceType":"g5.2xlarge","count":2}',
            "aws:region": "us-east-1",
        });
        assert.deepEqual(load(), {
            namespace: "default",
            region: "us-east-1",
            gpuNodes: 1,
            spot: true,
            zones: ["us-east-1a", "us-east-1b"],
            pool: { instanceType: "g5.2xlarge", count: 2 },
        });
    });

    test("the namespace defaults to the project name, as new pulumi.Config() reads it", () => {
        stack({ "llm-serving-test:zones": '["a","b"]', "llm-serving-test:region": "cn-hangzhou" });
        assert.equal(loadConfig(schema).region, "cn-hangzhou");
    });

    test("a missing key is named with the command that sets it", () => {
        stack({ "demo:zones": '["a","b"]' });
        const err = expectArgError(load, "demo:region");
        assert.match(err.message, /demo:region: is required: pulumi config set demo:region <value>/);
    });

    test("a value the component schema refuses names the config key and gives the schema's reason", () => {
        stack({ "demo:region": "Hangzhou", "demo:zones": '["a","b"]' });
        const err = expectArgError(load, "demo:region");
        assert.match(err.message, /must be a region id such as 'cn-hangzhou' or 'us-east-1'/);
    });

    test("a number given as text names the key", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a","b"]', "demo:gpuNodes": "two" });
        expectArgError(load, "demo:gpuNodes");
    });

    test("problems inside a JSON value are named by the key and the path inside it", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a",""]', "demo:pool": '{"instanceType":"g5.2xlarge","count":0,"extra":1}' });
        const err = expectArgError(load, "demo:zones[1]");
        expectArgError(load, "demo:pool.count");
        expectArgError(load, "demo:pool.extra");
        assert.equal(err.errors.length, 3, "every problem is reported at once");
    });

    test("a key of the namespace the program does not read is refused (a typo would otherwise be ignored)", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a","b"]', "demo:gpuNode": "2", "aws:profile": "prod" });
        const err = expectArgError(load, "demo:gpuNode");
        assert.equal(err.errors.length, 1, "other namespaces (providers) are not this program's business");
        assert.match(err.message, /is not a configuration key of this program \(known: namespace, region, gpuNodes, spot, zones, pool\)/);
    });

    test("a secret read as plain text is refused; configSecret validates it and keeps it secret", async () => {
        const withToken = (token: z.ZodType) => z.strictObject({ hfToken: token });
        stack({ "demo:hfToken": "hf_abcdefghij" }, ["demo:hfToken"]);
        const err = expectArgError(() => loadConfig(withToken(z.string()), { namespace: "demo" }), "demo:hfToken");
        assert.match(err.message, /is a secret, but this program reads it as plain text: declare it with configSecret\(\)/);
        assert.equal(err.errors.length, 1, "the key is not also reported missing");

        const loaded = loadConfig(z.strictObject({ hfToken: configSecret(z.string().startsWith("hf_")).optional() }), { namespace: "demo" });
        assert.ok(pulumi.Output.isInstance(loaded.hfToken));
        assert.equal(await (loaded.hfToken as any).isSecret, true);
        assert.equal(await valueOf(loaded.hfToken!), "hf_abcdefghij");

        stack({ "demo:hfToken": "not-a-token" }, ["demo:hfToken"]);
        const bad = expectArgError(() => loadConfig(withToken(configSecret(z.string().startsWith("hf_"))), { namespace: "demo" }), "demo:hfToken");
        assert.ok(!bad.message.includes("not-a-token"), "the secret's value is not echoed");
    });

    test("a check across keys names the key it puts the problem on, or the namespace", () => {
        stack({ "demo:a": "x" });
        const crossKey = z.strictObject({ a: z.string(), b: z.string().default("") }).refine((c) => c.b !== "", { path: ["b"], message: "is required with a" });
        expectArgError(() => loadConfig(crossKey, { namespace: "demo" }), "demo:b");
        const whole = z.strictObject({ a: z.string() }).refine(() => false, { message: "never" });
        expectArgError(() => loadConfig(whole, { namespace: "demo" }), "demo");
    });
});

describe("loadConfig with a zod schema reusing the library's Input fields", () => {
    const withBucket = z.strictObject({ namespace: volume.namespace, modelBucket: volume.bucket.shape.name });

    test("a field that may be an Output reads text that parses as JSON as the text written", () => {
        stack({ "demo:modelBucket": "2024", "demo:namespace": "123" });
        assert.deepEqual(loadConfig(withBucket, { namespace: "demo" }), { namespace: "123", modelBucket: "2024" });
    });

    test("its problems name the config key", () => {
        stack({ "demo:modelBucket": "", "demo:namespace": "Bad_Name" });
        const err = expectArgError(() => loadConfig(withBucket, { namespace: "demo" }), "demo:modelBucket");
        expectArgError(() => loadConfig(withBucket, { namespace: "demo" }), "demo:namespace");
        assert.match(err.message, /demo:modelBucket: must not be empty/);
        assert.match(err.message, /demo:namespace: must be a DNS-1123 label/);
    });

    test("a schema with a transform over the object still reads per key and refuses unknown keys", () => {
        const summed = z.strictObject({ a: z.number(), b: z.string() }).transform((c) => `${c.b}${c.a}`);
        stack({ "demo:a": "1", "demo:b": "2" });
        assert.equal(loadConfig(summed, { namespace: "demo" }), "21");
        stack({ "demo:a": "1", "demo:b": "2", "demo:c": "3" });
        expectArgError(() => loadConfig(summed, { namespace: "demo" }), "demo:c");
    });
});

/**
 * A hand-written Standard Schema (https://standardschema.dev), standing for valibot or ArkType:
 * issues carry valibot's `kind` ("schema" for a wrong type, "validation" for a wrong value) and
 * paths of `{key}` segments (valibot) or of raw keys (ArkType, here inside arrays).
 */
namespace standard {
    type Segment = PropertyKey | { readonly key: PropertyKey; readonly origin?: "key" | "value"; readonly input?: unknown };
    interface Issue {
        readonly message: string;
        readonly kind: "schema" | "validation";
        readonly path?: readonly Segment[];
    }
    type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };
    export type Check<T> = (value: unknown) => Result<T>;

    const fail = (kind: Issue["kind"], message: string): Result<never> => ({ ok: false, issues: [{ kind, message }] });
    const within = (segment: Segment, issues: readonly Issue[]) => issues.map((i) => ({ ...i, path: [segment, ...(i.path ?? [])] }));

    export const string =
        (rule?: (s: string) => string | undefined): Check<string> =>
        (value) => {
            if (typeof value !== "string") return fail("schema", `expected a string, got ${typeof value}`);
            const problem = rule?.(value);
            return problem === undefined ? { ok: true, value } : fail("validation", problem);
        };
    export const number =
        (min: number): Check<number> =>
        (value) => {
            if (typeof value !== "number") return fail("schema", `expected a number, got ${typeof value}`);
            return value >= min ? { ok: true, value } : fail("validation", `must be at least ${min}`);
        };
    export const boolean: Check<boolean> = (value) =>
        typeof value === "boolean" ? { ok: true, value } : fail("schema", `expected a boolean, got ${typeof value}`);
    export const array =
        <T>(item: Check<T>): Check<T[]> =>
        (value) => {
            if (!Array.isArray(value)) return fail("schema", "expected an array");
            const results = value.map((v) => item(v));
            const issues = results.flatMap((r, i) => (r.ok ? [] : within(i, r.issues)));
            return issues.length > 0 ? { ok: false, issues } : { ok: true, value: results.map((r) => (r as { value: T }).value) };
        };
    export const optional =
        <T>(inner: Check<T>, fallback?: T): Check<T | undefined> =>
        (value) =>
            value === undefined ? { ok: true, value: fallback } : inner(value);

    /** A strict object: an unknown key is an issue at `{key, origin: "key", input}`, as valibot's strictObject says it. */
    export const object =
        <T extends Record<string, unknown>>(fields: { [K in keyof T]: Check<T[K]> }, check?: (value: T) => string | undefined): Check<T> =>
        (value) => {
            if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("schema", "expected an object");
            const input = value as Record<string, unknown>;
            const issues: Issue[] = [];
            const out: Record<string, unknown> = {};
            for (const [key, field] of Object.entries(fields) as [string, Check<unknown>][]) {
                const result = field(input[key]);
                if (result.ok) {
                    if (result.value !== undefined) out[key] = result.value;
                } else issues.push(...within({ key, origin: "value" }, result.issues));
            }
            for (const key of Object.keys(input)) {
                if (!(key in fields))
                    issues.push({ kind: "schema", message: `Invalid key: Expected never but received "${key}"`, path: [{ key, origin: "key", input }] });
            }
            if (issues.length > 0) return { ok: false, issues };
            const problem = check?.(out as T);
            return problem === undefined ? { ok: true, value: out as T } : fail("validation", problem);
        };

    export function schema<T>(check: Check<T>, vendor = "hand-written"): StandardSchema<unknown, T> {
        return {
            "~standard": {
                version: 1,
                vendor,
                validate: (value) => {
                    const result = check(value);
                    return result.ok ? { value: result.value } : { issues: result.issues };
                },
            },
        };
    }
}

describe("loadConfig with another Standard Schema (valibot, ArkType, ...)", () => {
    const config = standard.schema(
        standard.object({
            region: standard.string((s) => (/^[a-z]{2}(-[a-z]+)+(-\d+)?$/.test(s) ? undefined : "must be a region id such as 'cn-hangzhou' or 'us-east-1'")),
            bucket: standard.string((s) => (s.length >= 3 ? undefined : "must be at least 3 characters")),
            gpuNodes: standard.optional(standard.number(1), 1),
            spot: standard.optional(standard.boolean, false),
            zones: standard.optional(standard.array(standard.string((s) => (s === "" ? "must not be empty" : undefined)))),
            pool: standard.optional(standard.object({ count: standard.number(1) })),
        }),
    );
    const load = () => loadConfig(config, { namespace: "demo" });

    test("values are JSON when they parse, else text; a key refused as JSON for its type is read as text", () => {
        stack({
            "demo:region": "us-east-1",
            "demo:bucket": "2024",
            "demo:gpuNodes": "2",
            "demo:spot": "true",
            "demo:zones": '["a","b"]',
            "aws:region": "us-east-1",
        });
        assert.deepEqual(load(), { region: "us-east-1", bucket: "2024", gpuNodes: 2, spot: true, zones: ["a", "b"] });
    });

    test("every problem names its config key, with paths of {key} segments or raw keys inside a JSON value", () => {
        stack({ "demo:bucket": "models", "demo:zones": '["a",""]', "demo:pool": '{"count":0}', "demo:gpuNode": "2" });
        const err = expectArgError(load, "demo:region");
        expectArgError(load, "demo:zones[1]");
        expectArgError(load, "demo:pool.count");
        expectArgError(load, "demo:gpuNode");
        assert.equal(err.errors.length, 4, "every problem is reported at once");
        assert.match(err.message, /demo:region: is required: pulumi config set demo:region <value>/);
        assert.match(err.message, /demo:pool\.count: must be at least 1/);
        assert.match(err.message, /demo:gpuNode: is not a configuration key of this program/);
    });

    test("a key retried as text reports the text's reason; a wrong value of the right type is not retried", () => {
        stack({ "demo:region": "Hangzhou", "demo:bucket": "12", "demo:gpuNodes": "0" });
        const err = expectArgError(load, "demo:bucket");
        assert.match(err.message, /demo:region: must be a region id/);
        assert.match(err.message, /demo:bucket: must be at least 3 characters/);
        assert.match(err.message, /demo:gpuNodes: must be at least 1/);
        assert.equal(err.errors.length, 3);
    });

    test("a check of the whole object names the namespace", () => {
        const whole = standard.schema(standard.object({ a: standard.string() }, () => "never"));
        stack({ "demo:a": "x" });
        assert.match(expectArgError(() => loadConfig(whole, { namespace: "demo" }), "demo").message, /demo: never/);
    });

    test("a secret key is refused: only a zod field declared with configSecret keeps it secret", () => {
        stack({ "demo:region": "us-east-1", "demo:bucket": "models", "demo:hfToken": "hf_abcdefghij" }, ["demo:hfToken"]);
        const err = expectArgError(load, "demo:hfToken");
        assert.match(err.message, /is a secret, but this program reads it as plain text: declare it in a zod schema with configSecret\(\)/);
        assert.ok(!err.message.includes("hf_abcdefghij"));
    });

    test("a schema that validates asynchronously is refused with a TypeError", () => {
        const asyncSchema: StandardSchema<unknown, { a: string }> = {
            "~standard": { version: 1, vendor: "async-lib", validate: async (value) => ({ value: value as { a: string } }) },
        };
        stack({ "demo:a": "x" });
        assert.throws(() => loadConfig(asyncSchema, { namespace: "demo" }), {
            name: "TypeError",
            message: /validates synchronously; this async-lib schema validates asynchronously/,
        });
    });
});
