/**
 * zod's core requires its locale index (`z.locales`) when it loads, and the index requires every one
 * of the 60-odd locale modules: about half of zod's load time, for messages this library never shows
 * (its schemas give their own messages, and zod's English default is loaded by zod itself, from
 * `locales/en`, not through the index).
 *
 * Imported before anything loads zod, this puts in `require.cache` a stand-in for the index with the
 * same names, each a getter that loads its locale module on first access, as the index's own
 * getters return it: `z.locales.de()` and `z.config(z.locales.fr())` keep working. Nothing is done if
 * zod is already loaded or if its index is not laid out as expected (the names are read from the
 * index's own source). Only start-up time changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";

/** `var ar_js_1 = require("./ar.cjs");` then the getter that exports it as `ar`. */
const ENTRY =
    /var (\w+) = require\("\.\/([\w-]+\.cjs)"\);\r?\nObject\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return __importDefault\(\1\)\.default; \} \}\);/g;

/** Installs the stand-in; returns how many locales it defers (0 when it does nothing). */
export function deferZodLocales(): number {
    let index: string;
    let core: string;
    try {
        index = require.resolve("zod/v4/locales");
        core = require.resolve("zod/v4/core");
    } catch {
        return 0;
    }
    if (require.cache[index] || require.cache[core]) return 0;
    const source = fs.readFileSync(index, "utf8");
    const entries = [...source.matchAll(ENTRY)].map((m) => ({ file: path.join(path.dirname(index), m[2]), name: m[3] }));
    const exported = source.match(/Object\.defineProperty\(exports, "\w+", \{ enumerable: true, get:/g)?.length ?? 0;
    if (entries.length === 0 || entries.length !== exported) return 0;

    const locales: Record<string, unknown> = {};
    Object.defineProperty(locales, "__esModule", { value: true });
    for (const { file, name } of entries) {
        Object.defineProperty(locales, name, {
            enumerable: true,
            get: () => {
                const mod = require(file);
                return mod && mod.__esModule ? mod.default : mod;
            },
        });
    }
    Object.freeze(locales);
    const stand = new Module(index, module);
    stand.filename = index;
    stand.exports = locales;
    stand.loaded = true;
    require.cache[index] = stand;
    return entries.length;
}

deferZodLocales();
