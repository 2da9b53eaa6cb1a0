// The entry points are generated from scripts/entry-points.table.ts (scripts/gen-entry-points.ts).
// These tests fail when a committed entry point differs from what the table generates, when a module
// exports a value no entry point lists, and when an ES module program cannot `import { X }` a name
// the table lists (the lazily exported names reach ES modules only through the generated
// `0 && (exports.X = ...)` block that Node's cjs-module-lexer reads).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { ENTRY_POINTS } from "../../../scripts/entry-points.table";
import { entryValues, generateEntryPoints, REPO_ROOT, rowValues } from "../../../scripts/gen-entry-points";

const SRC = path.join(REPO_ROOT, "src");

test("the committed entry points are the ones scripts/entry-points.table.ts generates", () => {
    const stale: string[] = [];
    for (const { file, text } of generateEntryPoints()) {
        const full = path.join(REPO_ROOT, file);
        if (!fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text) stale.push(file);
    }
    assert.deepEqual(
        stale,
        [],
        `${stale.join(", ")} differ from what scripts/entry-points.table.ts generates: edit the table (not the file), then run \`npm run gen:entry-points\` and commit the result`,
    );
});

test("every value a module of the table exports is listed by an entry point, once, and exists", () => {
    const listed = new Map<string, Map<string, string[]>>(); // module -> name -> entry points
    for (const entry of ENTRY_POINTS) {
        for (const row of entry.modules) {
            const names = listed.get(row.module) ?? new Map<string, string[]>();
            listed.set(row.module, names);
            for (const name of rowValues(row)) names.set(name, [...(names.get(name) ?? []), entry.file]);
        }
    }
    const unlisted: string[] = [];
    const missing: string[] = [];
    for (const [module, names] of listed) {
        const mod = require(path.join(SRC, module));
        for (const name of Object.keys(mod)) if (!names.has(name)) unlisted.push(`${module}: ${name}`);
        for (const name of names.keys()) if (!(name in mod)) missing.push(`${module}: ${name}`);
    }
    assert.deepEqual(
        unlisted,
        [],
        "exported by the module but in no entry point: add each to /kubernetes (public) or /render (internal) in scripts/entry-points.table.ts",
    );
    assert.deepEqual(missing, [], "listed in scripts/entry-points.table.ts but not exported by the module");

    // /kubernetes and /render share no name: a name is public or internal.
    const k8s = new Set(entryValues(ENTRY_POINTS.find((e) => e.file === "kubernetes")!));
    const both = entryValues(ENTRY_POINTS.find((e) => e.file === "render")!).filter((n) => k8s.has(n));
    assert.deepEqual(both, [], "in both /kubernetes and /render");
});

test("every subpath of the table is in package.json exports, with types", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    for (const entry of ENTRY_POINTS) {
        assert.deepEqual(pkg.exports[entry.subpath], { types: `./dist/${entry.file}.d.ts`, default: `./dist/${entry.file}.js` }, entry.subpath);
    }
});

/**
 * The package as the build lays it out, made quickly: every file of src/ (less the stack program
 * the build leaves out) transpiled to CommonJS as tsc emits it, under <dir>/dist, next to a
 * package.json with the real `exports` and a link to node_modules.
 */
function transpiledPackage(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-esm-"));
    const walk = (from: string, to: string) => {
        fs.mkdirSync(to, { recursive: true });
        for (const item of fs.readdirSync(from, { withFileTypes: true })) {
            const src = path.join(from, item.name);
            if (item.isDirectory()) {
                if (src !== path.join(SRC, "stack")) walk(src, path.join(to, item.name));
            } else if (item.name.endsWith(".ts") && !item.name.endsWith(".d.ts")) {
                const out = ts.transpileModule(fs.readFileSync(src, "utf8"), {
                    fileName: src,
                    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
                });
                fs.writeFileSync(path.join(to, item.name.replace(/\.ts$/, ".js")), out.outputText);
            } else {
                fs.copyFileSync(src, path.join(to, item.name));
            }
        }
    };
    walk(SRC, path.join(dir, "dist"));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: pkg.name, type: pkg.type, exports: pkg.exports }));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

test("an ES module program can `import { X }` every name of every entry point, and gets a value", () => {
    const dir = transpiledPackage();
    try {
        const lines: string[] = [];
        const checks: string[] = [];
        const byFile = new Map(ENTRY_POINTS.map((e) => [e.file, e]));
        const valuesOf = (file: string): string[] => {
            const e = byFile.get(file)!;
            return [...entryValues(e), ...(e.reexport ?? []).flatMap(valuesOf)];
        };
        ENTRY_POINTS.forEach((entry, i) => {
            const names = [...new Set(valuesOf(entry.file))];
            const specifier = entry.subpath === "." ? "pulumi-llm-serving" : `pulumi-llm-serving/${entry.subpath.slice(2)}`;
            lines.push(`import { ${names.map((n) => `${n} as e${i}_${n}`).join(", ")} } from ${JSON.stringify(specifier)};`);
            for (const n of names) checks.push(`if (e${i}_${n} === undefined) undefinedNames.push(${JSON.stringify(`${specifier}: ${n}`)});`);
        });
        const script = [...lines, "const undefinedNames = [];", ...checks, "console.log(JSON.stringify(undefinedNames));"].join("\n");
        const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8", timeout: 120_000 });
        assert.equal(
            run.status,
            0,
            `the ES module import failed (a name missing from an entry point's \`0 && (exports.X = ...)\` block? run \`npm run gen:entry-points\`):\n${run.stderr}`,
        );
        assert.deepEqual(JSON.parse(run.stdout.trim().split("\n").pop()!), [], "imported as undefined");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
