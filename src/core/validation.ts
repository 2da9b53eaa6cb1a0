import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** One problem with one argument, named by its path (`model.tensorParallelSize`). */
export interface ArgProblem {
    readonly propertyPath: string;
    readonly reason: string;
}

/** Turns a zod issue path into the dotted path users see (`gpuPools[1].minSize`). */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "<args>" : out;
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
 * Validates plain arguments with a zod schema and returns the parsed value (defaults applied).
 * Every issue becomes an entry of one `pulumi.InputPropertiesError`, thrown before any
 * resource is registered.
 */
export function parseArgs<S extends z.ZodType>(component: string, schema: S, args: unknown): z.output<S> {
    const result = schema.safeParse(args ?? {});
    if (result.success) return result.data;
    failArgs(
        component,
        result.error.issues.flatMap((issue) =>
            // An unknown argument (often a typo) is reported at its own path.
            issue.code === "unrecognized_keys"
                ? issue.keys.map((key) => ({ propertyPath: formatPath([...issue.path, key]), reason: "is not a known argument" }))
                : [{ propertyPath: formatPath(issue.path), reason: issue.message }],
        ),
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
