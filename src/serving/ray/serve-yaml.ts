/**
 * YAML for `serveConfigV2`, written directly when that is certain to be what `yaml`'s `stringify`
 * (default options) writes, else by `yaml` itself. One RayService per service means one document
 * per service: `yaml` builds a full document tree for each (most of a RayLLMApp's own evaluation
 * time at N = 500, see BENCHMARKS.md), while the configs this library renders are small trees of
 * plain maps, lists, numbers, booleans and simple strings, whose block YAML is fixed.
 *
 * The direct writer gives up (returns undefined) on anything whose output would depend on `yaml`'s
 * finer rules: empty maps or lists, null or undefined values, a list directly inside a list, an
 * object seen twice (`yaml` writes anchors and aliases), objects that are not plain (or iterable), non-finite
 * numbers, and strings or keys that are empty, contain whitespace or characters YAML treats
 * specially, start with anything but a letter, `_` or `/`, end with `:`, or would read back as a
 * boolean or null, and string values long enough that `yaml` could move them to the next line
 * (a value longer than 80 columns minus its indentation, after a long key). Such strings are written
 * plain by `yaml` too, never quoted or folded (folding breaks only at spaces).
 * test/unit/serving/ray-serve-yaml.test.ts compares both on generated trees.
 */

/** `yaml` is loaded only when the direct writer gives up (see BENCHMARKS.md). */
const yaml = (): typeof import("yaml") => require("yaml");

/** Plain scalars that read back as themselves (a string) in YAML 1.2's core schema. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:@+=-]*$/;
/** Words the core schema reads as booleans or null. */
const NOT_A_STRING = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;

/** Longest key `yaml` writes as an implicit key (`key: value`, not `? key`). */
const MAX_KEY = 1024;
/** `yaml`'s default line width; a value that fits `LINE_WIDTH - 3 - indentation` is never folded. */
const LINE_WIDTH = 80;

function plainString(s: string, maxLength: number): boolean {
    return s.length <= maxLength && PLAIN.test(s) && !s.endsWith(":") && !NOT_A_STRING.test(s);
}

function isPlainObject(v: object): v is Record<string, unknown> {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/** The scalar as `yaml` writes it at this indentation, or undefined when the writer does not handle it. */
function scalar(v: unknown, indent: string): string | undefined {
    switch (typeof v) {
        case "string":
            return plainString(v, LINE_WIDTH - 3 - indent.length) ? v : undefined;
        case "number":
            if (!Number.isFinite(v)) return undefined;
            return Object.is(v, -0) ? "-0" : JSON.stringify(v);
        case "boolean":
            return v ? "true" : "false";
        default:
            return undefined;
    }
}

/** Thrown (preallocated, no stack captured per use) when the direct writer gives up. */
const GIVE_UP = new Error("not a simple YAML tree");

/** A non-empty plain map or list (not seen before), or undefined for a scalar; throws otherwise. */
function container(v: unknown, seen: Set<object>): "map" | "seq" | undefined {
    if (typeof v !== "object") return undefined;
    if (v === null || seen.has(v)) throw GIVE_UP;
    seen.add(v);
    if (Array.isArray(v)) {
        if (v.length === 0 || Object.getPrototypeOf(v) !== Array.prototype) throw GIVE_UP;
        return "seq";
    }
    // `yaml` writes an iterable object as a list.
    if (!isPlainObject(v) || Symbol.iterator in v || Object.keys(v).length === 0) throw GIVE_UP;
    return "map";
}

function writeScalar(v: unknown, indent: string): string {
    const s = scalar(v, indent);
    if (s === undefined) throw GIVE_UP;
    return s;
}

/** A map's entries; the first line starts with `first` (`- ` of a list item), the others with `indent`. */
function writeMap(map: Record<string, unknown>, indent: string, first: string, out: string[], seen: Set<object>): void {
    let prefix = first;
    for (const key of Object.keys(map)) {
        if (!plainString(key, MAX_KEY)) throw GIVE_UP;
        const value = map[key];
        const kind = container(value, seen);
        if (kind === "map") {
            out.push(`${prefix}${key}:\n`);
            const inner = indent + "  ";
            writeMap(value as Record<string, unknown>, inner, inner, out, seen);
        } else if (kind === "seq") {
            out.push(`${prefix}${key}:\n`);
            writeSeq(value as unknown[], indent + "  ", out, seen);
        } else {
            out.push(`${prefix}${key}: ${writeScalar(value, indent)}\n`);
        }
        prefix = indent;
    }
}

function writeSeq(seq: readonly unknown[], indent: string, out: string[], seen: Set<object>): void {
    for (const item of seq) {
        const kind = container(item, seen);
        if (kind === "map") writeMap(item as Record<string, unknown>, indent + "  ", `${indent}- `, out, seen);
        else if (kind === "seq") throw GIVE_UP;
        else out.push(`${indent}- ${writeScalar(item, indent)}\n`);
    }
}

/** Block YAML of a plain map, exactly as `yaml`'s `stringify(doc)` writes it, or undefined. */
export function writeSimpleYaml(doc: Record<string, unknown>): string | undefined {
    const out: string[] = [];
    const seen = new Set<object>();
    try {
        if (container(doc, seen) !== "map") return undefined;
        writeMap(doc, "", "", out, seen);
    } catch (err) {
        if (err === GIVE_UP) return undefined;
        throw err;
    }
    return out.join("");
}

/** `yaml`'s `stringify(doc)` (default options), written directly when possible. */
export function stringifyServeConfig(doc: Record<string, unknown>): string {
    return writeSimpleYaml(doc) ?? yaml().stringify(doc);
}
