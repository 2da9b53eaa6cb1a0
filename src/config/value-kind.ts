import { innermostSchema, type AnySchema } from "../core/validation";

const STRING_KINDS = new Set(["string", "picklist", "enum", "literal"]);

type Node = AnySchema & { readonly type: string; readonly literal?: unknown; readonly options?: readonly AnySchema[] };

/**
 * Whether a field's stack-file value is text as written (`string`, picklists) or JSON (`number`,
 * `boolean`, objects, arrays): Pulumi hands every config value to the program as a string and
 * stores structured values as JSON.
 */
export function readsAsText(schema: AnySchema): boolean {
    const inner = innermostSchema(schema) as Node;
    if (inner.type === "literal") return typeof inner.literal === "string";
    if (inner.type === "union") return (inner.options ?? []).every((o) => readsAsText(o));
    return STRING_KINDS.has(inner.type);
}
