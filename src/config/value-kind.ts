import type { ZodSchema } from "../core/zod";
import { innermostSchema } from "../core/validation";

/**
 * How a field's stack-file value is written: `text` as written (strings, enums of strings), `json`
 * (numbers, booleans, objects, arrays: Pulumi hands every config value to the program as a string
 * and stores structured values as JSON), or `either` when the schema does not say (`unknown`, a
 * `pulumi.Input` field, a union of both kinds): then JSON when the value parses, else text.
 */
export type ValueKind = "text" | "json" | "either";

const TEXT_KINDS = new Set(["string", "enum", "template_literal"]);
const JSON_KINDS = new Set(["number", "boolean", "object", "array", "record", "tuple", "null", "int", "bigint"]);

type Def = { type: string; values?: readonly unknown[]; options?: readonly ZodSchema[] };

export function valueKind(schema: ZodSchema): ValueKind {
    const def = (innermostSchema(schema) as unknown as { _zod: { def: Def } })._zod.def;
    if (def.type === "literal") {
        const values = def.values ?? [];
        if (values.every((v) => typeof v === "string")) return "text";
        return values.some((v) => typeof v === "string") ? "either" : "json";
    }
    if (def.type === "union") {
        const kinds = new Set((def.options ?? []).map((o) => valueKind(o)));
        return kinds.size === 1 ? [...kinds][0] : "either";
    }
    if (TEXT_KINDS.has(def.type)) return "text";
    if (JSON_KINDS.has(def.type)) return "json";
    return "either";
}
