/**
 * Issue 17, the bad-input suite's guard: every ComponentResource class the package's entry points
 * export is in the registry (so a new component must join it, and thereby inherits every class's
 * cases), every entry states every class, every class declared applicable has cases and a test
 * file that runs them, and each entry's minimal arguments are valid (else its refusals would prove
 * nothing). Also prints the number of cases per class and per component.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../support/mocks";
import { BAD_DNS1123_LABELS } from "../../support/bad-input-cases";
import { VARIABLE_TEXT } from "../../support/pass-through-cases";
import { CASE_TABLES, CLASS_FILES, COMPONENTS, loadComponents, pathsOf, type FieldClass } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

const ENTRY_POINTS = ["index", "kubernetes", "aws", "alicloud"] as const;
const CLASSES = Object.keys(CLASS_FILES) as FieldClass[];

/** The ComponentResource classes an entry point exports, by exported name. */
async function componentClassesOf(entry: string): Promise<string[]> {
    const mod: Record<string, unknown> = await import(`../../../src/${entry}`);
    return Object.keys(mod).filter((key) => {
        const value = mod[key];
        return typeof value === "function" && value.prototype instanceof pulumi.ComponentResource;
    });
}

describe("the registry covers every exported component", () => {
    for (const entry of ENTRY_POINTS) {
        test(`every ComponentResource class src/${entry}.ts exports is in the registry`, async () => {
            const exported = await componentClassesOf(entry);
            const registered = new Set(COMPONENTS.map((c) => c.className));
            assert.deepEqual(
                exported.filter((name) => !registered.has(name)),
                [],
                "add an entry to test/unit/bad-input/components.ts",
            );
        });
    }
    test("every class in the registry is exported by the package (src/index.ts) and is a ComponentResource", async () => {
        const exported = new Set(await componentClassesOf("index"));
        assert.ok(exported.size >= 13, `${exported.size} component classes exported`);
        assert.deepEqual(
            [...new Set(COMPONENTS.map((c) => c.className))].filter((name) => !exported.has(name)),
            [],
        );
    });
    test("every extends pulumi.ComponentResource in src/ is reachable from src/index.ts", async () => {
        const exported = new Set(await componentClassesOf("index"));
        const declared = sourceComponentClasses();
        assert.ok(declared.length >= 13, `${declared.length} classes found in src/`);
        assert.deepEqual(
            declared.filter((name) => !exported.has(name)),
            [],
        );
    });
    test("entry ids are unique", () => assert.equal(new Set(COMPONENTS.map((c) => c.id)).size, COMPONENTS.length));
});

/** Class names declared with `extends pulumi.ComponentResource` in src/. */
function sourceComponentClasses(): string[] {
    const out = execFileSync("grep", ["-rhoE", "class [A-Za-z0-9_]+ extends pulumi\\.ComponentResource", path.join(__dirname, "../../../src")], {
        encoding: "utf8",
    });
    return out
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ")[1]);
}

describe("every entry states every class, and every applicable class has cases that a test file runs", () => {
    for (const entry of COMPONENTS) {
        test(`${entry.id}: every class is a list of paths or null, never left out`, () => {
            assert.deepEqual(Object.keys(entry.fields).sort(), [...CLASSES].sort());
            for (const cls of CLASSES) {
                const v = entry.fields[cls];
                assert.ok(
                    v === null || (typeof v === "object" && Object.keys(v).length > 0),
                    `${cls}: null or at least one path (an empty list hides a decision)`,
                );
            }
        });
    }
    for (const cls of CLASSES) {
        test(`${cls}: every declared path has cases, run by ${CLASS_FILES[cls]}`, () => {
            const file = path.join(__dirname, CLASS_FILES[cls]);
            assert.ok(existsSync(file), `${CLASS_FILES[cls]} exists`);
            assert.match(readFileSync(file, "utf8"), new RegExp(`\\(mocks, "${cls}"\\)`), `${CLASS_FILES[cls]} runs ${cls}`);
            if (cls === "literalText") assert.ok(VARIABLE_TEXT.length > 0);
            else for (const { entry, path: p } of pathsOf(cls)) assert.ok(CASE_TABLES[cls](entry, p).length > 0, `${entry.id}: ${p}`);
        });
    }
});

describe("each entry's minimal arguments are valid: the component registers", () => {
    for (const entry of COMPONENTS) {
        test(`${entry.id}`, async () => {
            const name = `ok-${COMPONENTS.indexOf(entry)}`;
            entry.make(name, entry.args());
            await mocks.settle();
            assert.ok(
                mocks.registered.some((r) => r.name === name && r.type.startsWith("llm-serving:")),
                "the component registered",
            );
        });
    }
});

describe("the suite's size", () => {
    test("at least 300 cases in all; the count per class and per component", (t) => {
        const perClass: Record<string, number> = {};
        const perComponent: Record<string, number> = {};
        const add = (cls: string, id: string, n: number) => {
            perClass[cls] = (perClass[cls] ?? 0) + n;
            perComponent[id] = (perComponent[id] ?? 0) + n;
        };
        for (const cls of CLASSES)
            for (const { entry, path: p } of pathsOf(cls)) add(cls, entry.id, cls === "literalText" ? VARIABLE_TEXT.length : CASE_TABLES[cls](entry, p).length);
        for (const entry of COMPONENTS) add("componentName", entry.id, BAD_DNS1123_LABELS.length);
        const total = Object.values(perClass).reduce((a, b) => a + b, 0);
        t.diagnostic(`total ${total}`);
        for (const [k, n] of Object.entries(perClass)) t.diagnostic(`class ${k}: ${n}`);
        for (const [k, n] of Object.entries(perComponent)) t.diagnostic(`component ${k}: ${n}`);
        assert.ok(total >= 300, `${total} cases`);
    });
});
