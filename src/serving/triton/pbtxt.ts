/**
 * A writer for protobuf text format (what Triton reads as `config.pbtxt`), from plain values:
 * strings, numbers, booleans, enum identifiers, nested messages and repeated fields.
 */

/** An enum value, written bare (`KIND_CPU`, `TYPE_FP16`). */
export class PbEnum {
    constructor(readonly name: string) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`not an enum identifier: ${name}`);
    }
}

export type PbScalar = string | number | boolean | PbEnum;
/** A protobuf text-format message: fields by name, in order, for config.pbtxt. */
export interface PbMessage {
    readonly [field: string]: PbScalar | PbMessage | readonly PbScalar[] | readonly PbMessage[] | undefined;
}

/** A `map<string, string>`-valued map field as text format writes it: repeated `{key, value}` entries. */
export function pbMap<V extends PbScalar | PbMessage>(entries: Readonly<Record<string, V>>): PbMessage[] {
    return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

function isMessage(v: unknown): v is PbMessage {
    return typeof v === "object" && v !== null && !(v instanceof PbEnum) && !Array.isArray(v);
}

function scalar(v: PbScalar): string {
    if (v instanceof PbEnum) return v.name;
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
        return String(v);
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) throw new Error(`control character in ${JSON.stringify(v)}`);
    return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

function body(m: PbMessage, indent: string): string[] {
    const out: string[] = [];
    for (const [field, value] of Object.entries(m)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) {
            if (value.length === 0) out.push(`${indent}${field}: [ ]`);
            else if (value.every(isMessage)) {
                const items = (value as PbMessage[]).map((item) => [`${indent}  {`, ...body(item, `${indent}    `), `${indent}  }`].join("\n"));
                out.push(`${indent}${field} [`, items.join(",\n"), `${indent}]`);
            } else {
                out.push(`${indent}${field}: [ ${(value as PbScalar[]).map(scalar).join(", ")} ]`);
            }
        } else if (isMessage(value)) {
            out.push(`${indent}${field} {`, ...body(value, `${indent}  `), `${indent}}`);
        } else {
            out.push(`${indent}${field}: ${scalar(value as PbScalar)}`);
        }
    }
    return out;
}

/** The message as text format, one field per line. */
export function toPbtxt(m: PbMessage): string {
    return body(m, "").join("\n") + "\n";
}
