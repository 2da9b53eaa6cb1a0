import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { loadZod, type Zod, type ZodSchema } from "./zod";

/** One problem with one argument, named by its path (`model.tensorParallelSize`). */
export interface ArgProblem {
    readonly propertyPath: string;
    readonly reason: string;
}

/** Turns an issue path into the dotted path users see (`gpuPools[1].minSize`). */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "<args>" : out;
}

/** One zod issue as paths and reasons: an unknown-keys issue becomes one entry per unknown key. */
export interface IssueAt {
    readonly path: readonly PropertyKey[];
    readonly reason: string;
    /** The key is not declared by the schema (often a typo). */
    readonly unknownKey: boolean;
}

export function issuesAt(issues: readonly z.core.$ZodIssue[]): IssueAt[] {
    return issues.flatMap((issue): IssueAt[] => {
        if (issue.code === "unrecognized_keys")
            return issue.keys.map((key) => ({ path: [...issue.path, key], reason: "is not a known argument", unknownKey: true }));
        // A record key that fails its schema: zod says "Invalid key in record" and keeps ours inside.
        if (issue.code === "invalid_key") return issuesAt(issue.issues).map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
        return [{ path: issue.path, reason: issue.message, unknownKey: false }];
    });
}

/** Wrappers that only make a value optional, defaulted or read-only; the schema they wrap checks it. */
const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

type Def = { type: string; innerType?: ZodSchema; in?: ZodSchema };
const defOf = (schema: ZodSchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A schema and every schema it wraps (defaults, optionality, pipes), outermost first. */
export function wrapperChain(schema: ZodSchema): ZodSchema[] {
    const chain = [schema];
    for (;;) {
        const def = defOf(chain[chain.length - 1]);
        if (WRAPPERS.has(def.type) && def.innerType) chain.push(def.innerType);
        else if (def.type === "pipe" && def.in) chain.push(def.in);
        else return chain;
    }
}

/** The schema that checks a value, below defaults, optionality and pipes. */
export function innermostSchema(schema: ZodSchema): ZodSchema {
    const chain = wrapperChain(schema);
    return chain[chain.length - 1];
}

/** Throws one InputPropertiesError that lists every problem, each with its path. */
export function failArgs(component: string, problems: readonly ArgProblem[]): never {
    const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
    throw new pulumi.InputPropertiesError({
        message: `invalid arguments for ${component}:\n${lines}`,
        errors: problems.map((p) => ({ propertyPath: p.propertyPath, reason: p.reason })),
    });
}

/** A pulumi.Output or Promise: its value is checked when it resolves. */
export function isDeferred(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
    return pulumi.Output.isInstance(value) || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");
}

/** An Output or Promise accepted by {@link inputOf}, with the schema its value must pass. */
class DeferredCheck {
    constructor(
        readonly value: pulumi.Output<unknown> | Promise<unknown>,
        readonly schema: ZodSchema,
    ) {}
}

/** What an {@link inputOf} field holds after parsing: the value, or an Output of it. */
export type Deferrable<T> = T | pulumi.Output<T>;

/**
 * A field that passes through into rendered objects and so may be a `pulumi.Input`: a plain value
 * is checked by `schema` now; an Output or Promise is checked by `schema` when it resolves
 * (`parseArgs` wraps it in an apply that names the field), at preview when the value is known
 * then, else at update.
 */
export function inputOf<S extends ZodSchema>(z: Zod, schema: S): z.ZodType<Deferrable<z.output<S>>, pulumi.Input<z.input<S>>> {
    return z.unknown().transform((value, ctx) => {
        if (isDeferred(value)) return new DeferredCheck(value, schema) as unknown as z.output<S>;
        const result = schema.safeParse(value);
        if (result.success) return result.data as z.output<S>;
        for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as never);
        return z.NEVER;
    }) as unknown as z.ZodType<Deferrable<z.output<S>>, pulumi.Input<z.input<S>>>;
}

/** Replaces every deferred check in a parsed value with an Output that fails naming its field. */
function settleDeferred(component: string, value: unknown, path: PropertyKey[]): unknown {
    if (value instanceof DeferredCheck) {
        const field = formatPath(path);
        const deferred = pulumi.output(value.value) as unknown as pulumi.Output<unknown>;
        return deferred.apply((resolved) => {
            const result = value.schema.safeParse(resolved);
            if (result.success) return result.data;
            failArgs(
                component,
                issuesAt(result.error.issues).map((issue) => ({
                    propertyPath: formatPath([...path, ...issue.path]),
                    reason: `${issue.reason} (the value of ${field}, known only after its Output resolved)`,
                })),
            );
        });
    }
    if (Array.isArray(value)) {
        let changed = false;
        const out = value.map((item, i) => {
            const settled = settleDeferred(component, item, [...path, i]);
            changed ||= settled !== item;
            return settled;
        });
        return changed ? out : value;
    }
    if (isPlainObject(value)) {
        let changed = false;
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            out[key] = settleDeferred(component, item, [...path, key]);
            changed ||= out[key] !== item;
        }
        return changed ? out : value;
    }
    return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * Validates arguments with a zod schema and returns the parsed value (defaults applied).
 * Every issue becomes an entry of one `pulumi.InputPropertiesError`, thrown before any
 * resource is registered. Fields declared with {@link inputOf} that hold an Output come back as an
 * Output checked when its value is known.
 */
export function parseArgs<S extends ZodSchema>(component: string, schema: S, args: unknown): z.output<S> {
    const result = schema.safeParse(args ?? {});
    if (result.success) return settleDeferred(component, result.data, []) as z.output<S>;
    failArgs(
        component,
        issuesAt(result.error.issues).map((issue) => ({ propertyPath: formatPath(issue.path), reason: issue.reason })),
    );
}

/**
 * How a component checks its resource name: a schema, of which the first problem is reported, or
 * a function returning every problem (empty when the name is fine).
 */
export type NameRule = ZodSchema | ((name: string) => readonly string[]);

/** The start of a resolver: the parsed arguments and the list its cross-field checks add to. */
export interface ResolveStart<T> {
    readonly parsed: T;
    readonly problems: ProblemList;
}

/**
 * The opening every `resolveXArgs` shares. The name's problems go first into a new
 * {@link ProblemList}, under `name`; then the arguments are parsed with {@link parseArgs}, which
 * throws at once, with the schema's problems only, when they do not parse. The resolver adds its
 * cross-field checks to `problems` and ends them with `problems.throwIfAny(component)`.
 */
export function beginResolve<S extends ZodSchema>(component: string, name: string, nameRule: NameRule, schema: S, raw: unknown): ResolveStart<z.output<S>> {
    const problems = new ProblemList();
    const nameProblems = typeof nameRule === "function" ? nameRule(name) : [firstProblem(nameRule, name)];
    for (const reason of nameProblems) if (reason !== undefined) problems.add("name", reason);
    const parsed = parseArgs(component, schema, raw);
    return { parsed, problems };
}

/** Validates a value with a schema and returns the first problem's reason, or undefined. */
export function firstProblem(schema: ZodSchema, value: unknown): string | undefined {
    const result = schema.safeParse(value);
    return result.success ? undefined : result.error.issues[0].message;
}

/**
 * A check across several fields of an object, run after its fields are valid: `report(message)`
 * names the object itself, `report(message, key)` one of its fields.
 */
export function crossCheck<T extends object>(check: (value: T, report: (message: string, key?: keyof T & string) => void) => void) {
    return (value: T, ctx: z.RefinementCtx<T>) =>
        check(value, (message, key) => ctx.addIssue({ code: "custom", message, path: key === undefined ? [] : [key] }));
}

/**
 * A strict object of which exactly one of `keys` must be given: otherwise "give exactly one of a, b
 * or c" at the object's own path. `also` adds further checks across its fields.
 */
export function exactlyOneOf<const Shape extends z.core.$ZodLooseShape>(
    shape: Shape,
    keys: readonly (keyof Shape & string)[],
    also?: (value: z.output<z.ZodObject<Shape, z.core.$strict>>, report: (message: string, key?: keyof Shape & string) => void) => void,
) {
    const z = loadZod();
    const message = `give exactly one of ${keys.slice(0, -1).join(", ")} or ${keys[keys.length - 1]}`;
    return z.strictObject(shape).superRefine(
        crossCheck<z.output<z.ZodObject<Shape, z.core.$strict>>>((value, report) => {
            const given = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined).length;
            if (given !== 1) report(message);
            also?.(value, report as (message: string, key?: keyof Shape & string) => void);
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
