import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

// src/core/zod-locales.ts: zod's locale index is replaced, before zod loads, by getters that load
// each locale on first use. One process per test file: the entry point below is the first to load zod.

function localeFilesLoaded(): string[] {
    return Object.keys(require.cache).filter((file) => /[\\/]zod[\\/]v4[\\/]locales[\\/]/.test(file) && !file.endsWith("index.cjs"));
}

/** The CommonJS build of zod, which dist/ and the sources under tsx require (`import()` here may give its ES build). */
const zodAsTheLibraryLoadsIt = (): typeof import("zod") => require("zod");

test("the entry point loads zod without its 60-odd locales; z.locales keeps every name and value", async () => {
    await import("../../../src/kubernetes");
    const { z } = zodAsTheLibraryLoadsIt();
    assert.deepEqual(localeFilesLoaded().map((file) => path.basename(file)), ["en.cjs"], "only zod's English default");

    // The real index, in a process of its own.
    const real: string[] = JSON.parse(execFileSync(process.execPath, ["-e", 'console.log(JSON.stringify(Object.keys(require("zod").locales)))'], { encoding: "utf8" }));
    assert.deepEqual(Object.keys(z.locales).sort(), real.sort(), "the same names (the order of the keys may differ)");
    assert.ok(Object.isFrozen(z.locales));
    const dir = path.dirname(require.resolve("zod/v4/locales"));
    // As zod's index exports them (`__importDefault(require("./fr-CA.cjs")).default`).
    const importDefault = (mod: { __esModule?: boolean; default?: unknown }) => (mod.__esModule ? mod.default : mod);
    assert.equal(z.locales.frCA, importDefault(require(path.join(dir, "fr-CA.cjs"))));
    assert.equal(z.locales.en, importDefault(require(path.join(dir, "en.cjs"))));
    assert.equal(typeof z.locales.en, "function");
});

test("zod's messages: English by default, another locale when a program configures one", async () => {
    const { z } = zodAsTheLibraryLoadsIt();
    assert.equal(z.string().safeParse(1).error?.issues[0]?.message, "Invalid input: expected string, received number");
    z.config(z.locales.de());
    try {
        assert.match(z.string().safeParse(1).error?.issues[0]?.message ?? "", /^Ungültige Eingabe/);
    } finally {
        z.config(z.locales.en());
    }
});
