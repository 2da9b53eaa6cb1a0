/**
 * Every argument a user writes has hover docs: each property of an exported interface in
 * `src/**\/args.ts` and `src/serving/common/*.ts` that is an argument type (name ending in `Args`,
 * or any exported interface of an `args.ts`) has JSDoc with an `@default` tag (`@default none: ...`
 * where absence means something), and nested object shapes are named interfaces (which are then
 * checked the same way) rather than inline type literals, which have no name to hover or import.
 * Read with the TypeScript compiler API, so the check is on the declarations, not on text.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const root = join(__dirname, "../../..");

function argsFiles(): string[] {
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir).sort()) {
            const p = join(dir, entry);
            if (statSync(p).isDirectory()) walk(p);
            else if (entry === "args.ts") files.push(p);
        }
    };
    walk(join(root, "src"));
    const common = join(root, "src/serving/common");
    for (const entry of readdirSync(common).sort()) {
        const p = join(common, entry);
        if (entry.endsWith(".ts") && statSync(p).isFile() && !files.includes(p)) files.push(p);
    }
    return files;
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Inline object type literals anywhere in a property's type (unions, intersections, arrays, Input<...>). */
function inlineLiterals(type: ts.TypeNode | undefined): ts.TypeLiteralNode[] {
    const found: ts.TypeLiteralNode[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isTypeLiteralNode(node)) {
            // A literal with only an index signature is a record (`{ [key: string]: T }`), not a nested shape.
            if (node.members.some((m) => !ts.isIndexSignatureDeclaration(m))) found.push(node);
            return;
        }
        if (ts.isFunctionTypeNode(node)) return;
        ts.forEachChild(node, visit);
    };
    if (type) visit(type);
    return found;
}

function problems(): string[] {
    const out: string[] = [];
    for (const file of argsFiles()) {
        const rel = relative(root, file);
        const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        const isArgsFile = rel.endsWith("/args.ts");
        for (const statement of source.statements) {
            if (!ts.isInterfaceDeclaration(statement) || !isExported(statement)) continue;
            const name = statement.name.text;
            if (!name.endsWith("Args") && !isArgsFile) continue;
            const checkMembers = (owner: string, members: ts.NodeArray<ts.TypeElement>) => {
                for (const member of members) {
                    if (!ts.isPropertySignature(member)) continue;
                    const prop = `${owner}.${member.name.getText(source)}`;
                    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
                    if (docs.length === 0) out.push(`${prop}: no JSDoc (${rel})`);
                    else if (!docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === "default"))) out.push(`${prop}: no @default (${rel})`);
                    for (const literal of inlineLiterals(member.type)) {
                        out.push(`${prop}: inline object type; declare it as a named, exported interface (${rel})`);
                        checkMembers(`${prop}.{}`, literal.members);
                    }
                }
            };
            checkMembers(name, statement.members);
        }
    }
    return out;
}

test("every property of an exported Args interface has JSDoc with @default, and nested shapes are named", () => {
    const files = argsFiles();
    assert.ok(files.length >= 10, `expected the args files, found ${files.map((f) => relative(root, f)).join(", ")}`);
    const found = problems();
    assert.deepEqual(found, [], `properties without hover docs or @default, or inline nested types:\n  ${found.join("\n  ")}`);
});
