import * as pulumi from "@pulumi/pulumi";
import * as v from "valibot";

/** One problem with one argument, named by its path (`model.tensorParallelSize`). */
export interface ArgProblem {
    readonly propertyPath: string;
    readonly reason: string;
}

/** Any valibot schema (what `parseArgs` and `loadConfig` accept). */
export type AnySchema = v.GenericSchema<unknown, unknown>;

/** Turns an issue path into the dotted path users see (`gpuPools[1].minSize`). */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "<args>" : out;
}

/** The keys of a valibot issue's path (`["gpuPools", 1, "minSize"]`). */
export function issueKeys(issue: v.BaseIssue<unknown>): PropertyKey[] {
    return (issue.path ?? []).map((item) => item.key as PropertyKey);
}

/** An issue for a key the schema does not declare (valibot's strict objects report it at the key). */
export function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
    return issue.type === "strict_object" && issue.expected === "never";
}

/** Wrappers that only make a value optional or nullable; the schema they wrap checks it. */
const WRAPPERS = new Set(["optional", "exact_optional", "nullable", "nullish", "undefinedable", "non_optional", "non_nullable", "non_nullish"]);

type SchemaNode = AnySchema & {
    readonly type: string;
    readonly wrapped?: AnySchema;
    readonly pipe?: readonly { readonly kind: string }[];
    readonly entries?: Readonly<Record<string, AnySchema>>;
    readonly item?: AnySchema;
    readonly value?: AnySchema;
};

/** A schema and every schema it wraps (defaults, optionality, pipes), outermost first. */
export function wrapperChain(schema: AnySchema): AnySchema[] {
    const chain: AnySchema[] = [schema];
    for (;;) {
        const node = chain[chain.length - 1] as SchemaNode;
        if (WRAPPERS.has(node.type) && node.wrapped) chain.push(node.wrapped);
        // A piped schema starts with the schema the value is checked against (its actions follow).
        else if (node.pipe && node.pipe[0] !== node && node.pipe[0]?.kind === "schema") chain.push(node.pipe[0] as unknown as AnySchema);
        else return chain;
    }
}

/** The schema that checks a value, below defaults, optionality and pipes. */
export function innermostSchema(schema: AnySchema): AnySchema {
    const chain = wrapperChain(schema);
    return chain[chain.length - 1];
}

/** The object schema at `keys` below `root`, through optionals, pipes, arrays and records (not unions). */
function objectSchemaAt(root: AnySchema, keys: readonly PropertyKey[]): SchemaNode | undefined {
    let node: SchemaNode | undefined = innermostSchema(root) as SchemaNode;
    for (const key of keys) {
        let next: AnySchema | undefined;
        if (node.entries) next = typeof key === "string" ? node.entries[key] : undefined;
        else if (node.type === "array") next = node.item;
        else if (node.type === "record") next = node.value;
        if (next === undefined) return undefined;
        node = innermostSchema(next) as SchemaNode;
    }
    return node.entries ? node : undefined;
}

/**
 * The paths of every unknown key of the object an unknown-key issue is about. valibot reports the
 * first one only; a user with two typos should see both at once.
 */
export function unknownKeyPaths(root: AnySchema, issue: v.BaseIssue<unknown>): PropertyKey[][] {
    const keys = issueKeys(issue);
    const at = keys.slice(0, -1);
    const object = issue.path?.[issue.path.length - 1]?.input;
    const schema = objectSchemaAt(root, at);
    if (!schema?.entries || typeof object !== "object" || object === null) return [keys];
    return Object.keys(object)
        .filter((key) => !Object.prototype.hasOwnProperty.call(schema.entries, key))
        .map((key) => [...at, key]);
}

/** Throws one InputPropertiesError that lists every problem, each with its path. */
export function failArgs(component: string, problems: readonly ArgProblem[]): never {
    const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
    throw new pulumi.InputPropertiesError({
        message: `invalid arguments for ${component}:\n${lines}`,
        errors: problems.map((p) => ({ propertyPath: p.propertyPath, reason: p.reason })),
    });
}

/**
 * Validates plain arguments with a valibot schema and returns the parsed value (defaults applied).
 * Every issue becomes an entry of one `pulumi.InputPropertiesError`, thrown before any
 * resource is registered.
 */
export function parseArgs<S extends AnySchema>(component: string, schema: S, args: unknown): v.InferOutput<S> {
    const result = v.safeParse(schema, args ?? {});
    if (result.success) return result.output;
    failArgs(
        component,
        result.issues.flatMap((issue) =>
            // An unknown argument (often a typo) is reported at its own path.
            isUnknownKey(issue)
                ? unknownKeyPaths(schema, issue).map((path) => ({ propertyPath: formatPath(path), reason: "is not a known argument" }))
                : [{ propertyPath: formatPath(issueKeys(issue)), reason: issue.message }],
        ),
    );
}

/**
 * A check across several fields of an object, run after its fields are valid: `report(message)`
 * names the object itself, `report(message, key)` one of its fields.
 */
export function crossCheck<T extends object>(check: (value: T, report: (message: string, key?: keyof T & string) => void) => void) {
    return v.rawCheck<T>(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const value = dataset.value;
        check(value, (message, key) =>
            addIssue(
                key === undefined
                    ? { message }
                    : { message, path: [{ type: "object", origin: "value", input: value as Record<string, unknown>, key, value: (value as Record<string, unknown>)[key] }] },
            ),
        );
    });
}

/**
 * A strict object of which exactly one of `keys` must be given: otherwise "give exactly one of a, b
 * or c" at the object's own path. `also` adds further checks across its fields.
 */
export function exactlyOneOf<const E extends v.ObjectEntries>(
    entries: E,
    keys: readonly (keyof E & string)[],
    also?: (value: v.InferOutput<v.StrictObjectSchema<E, undefined>>, report: (message: string, key?: keyof E & string) => void) => void,
) {
    const fields = v.strictObject(entries);
    const message = `give exactly one of ${keys.slice(0, -1).join(", ")} or ${keys[keys.length - 1]}`;
    return v.pipe(
        fields,
        crossCheck<v.InferOutput<typeof fields>>((value, report) => {
            const given = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined).length;
            if (given !== 1) report(message);
            also?.(value, report as (message: string, key?: keyof E & string) => void);
        }),
    );
}

/** Collects cross-field problems found after parsing, then throws them together. */
export class ProblemList {
    private readonly problems: ArgProblem[] = [];
    add(propertyPath: string, reason: string): void {
        this.problems.push({ propertyPath, reason });
    }
    throwIfAny(component: string): void {
        if (this.problems.length > 0) failArgs(component, this.problems);
    }
    get size(): number {
        return this.problems.length;
    }
}
