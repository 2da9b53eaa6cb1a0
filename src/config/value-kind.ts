import type { z } from "zod";

/** Wrappers that do not change how a config value is written in the stack file. */
const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);
const STRING_KINDS = new Set(["string", "enum", "literal", "template_literal"]);

/** A field's schema and every schema it wraps (defaults, optionality, transforms), outermost first. */
export function wrapperChain(schema: z.ZodType): z.ZodType[] {
    const chain = [schema];
    for (;;) {
        const def = (chain[chain.length - 1] as any)._zod.def;
        if (WRAPPERS.has(def.type) && def.innerType) chain.push(def.innerType);
        else if (def.type === "pipe") chain.push(def.in);
        else return chain;
    }
}

/** The zod type a field checks, below defaults, optionality and transforms. */
function innermost(schema: z.ZodType): z.ZodType {
    const chain = wrapperChain(schema);
    return chain[chain.length - 1];
}

/**
 * Whether a field's stack-file value is text as written (`string`, enums) or JSON (`number`,
 * `boolean`, objects, arrays): Pulumi hands every config value to the program as a string and
 * stores structured values as JSON.
 */
export function readsAsText(schema: z.ZodType): boolean {
    const inner = innermost(schema);
    const def = (inner as any)._zod.def;
    if (def.type === "literal") return def.values.every((v: unknown) => typeof v === "string");
    if (def.type === "union") return def.options.every((o: z.ZodType) => readsAsText(o));
    return STRING_KINDS.has(def.type);
}
