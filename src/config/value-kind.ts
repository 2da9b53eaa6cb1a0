import type { AnySchema } from "../core/validation";

/** Wrappers that do not change how a config value is written in the stack file. */
const WRAPPERS = new Set(["optional", "exact_optional", "nullable", "nullish", "undefinedable", "non_optional", "non_nullable", "non_nullish"]);
const STRING_KINDS = new Set(["string", "picklist", "enum", "literal"]);

type Node = AnySchema & { readonly type: string; readonly wrapped?: AnySchema; readonly pipe?: readonly { readonly kind: string }[] };

/** A field's schema and every schema it wraps (defaults, optionality, pipes), outermost first. */
export function wrapperChain(schema: AnySchema): AnySchema[] {
    const chain: AnySchema[] = [schema];
    for (;;) {
        const node = chain[chain.length - 1] as Node;
        if (WRAPPERS.has(node.type) && node.wrapped) chain.push(node.wrapped);
        // A piped schema starts with the schema the value is checked against (its actions follow).
        else if (node.pipe && node.pipe[0] !== node && node.pipe[0]?.kind === "schema") chain.push(node.pipe[0] as unknown as AnySchema);
        else return chain;
    }
}

/** The schema a field checks, below defaults, optionality and pipes. */
function innermost(schema: AnySchema): Node {
    const chain = wrapperChain(schema);
    return chain[chain.length - 1] as Node;
}

/**
 * Whether a field's stack-file value is text as written (`string`, picklists) or JSON (`number`,
 * `boolean`, objects, arrays): Pulumi hands every config value to the program as a string and
 * stores structured values as JSON.
 */
export function readsAsText(schema: AnySchema): boolean {
    const inner = innermost(schema) as Node & { literal?: unknown; options?: readonly AnySchema[] };
    if (inner.type === "literal") return typeof inner.literal === "string";
    if (inner.type === "union") return (inner.options ?? []).every((o) => readsAsText(o));
    return STRING_KINDS.has(inner.type);
}
