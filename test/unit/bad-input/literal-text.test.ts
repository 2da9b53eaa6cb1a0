/**
 * Issue 17, user text in container commands and args (every component's `literalText` fields):
 * Kubernetes expands `$(VAR)` there and reduces `$$` to `$`, so each `$` of the user's text is
 * doubled in the registered objects and the process receives the text as written
 * (test/support/pass-through-cases.ts `VARIABLE_TEXT`).
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installMocks, type MockRecorder } from "../../support/mocks";
import { VARIABLE_TEXT } from "../../support/pass-through-cases";
import { caseTitle, loadComponents, pathsOf, withValueAt } from "./components";

const mocks: MockRecorder = installMocks({ preview: true });
before(loadComponents);

/** Every string in a registered object's inputs. */
function stringsIn(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
    else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
    return out;
}

let n = 0;
function keepsLiteral(recorder: MockRecorder, cls: "literalText"): void {
    for (const { entry, path } of pathsOf(cls)) {
        for (const [given, rendered] of VARIABLE_TEXT) {
            test(caseTitle(entry, path, `${given} reaches the process as written`), async () => {
                const name = `lit${++n}`;
                const before = recorder.registered.length;
                entry.make(name, withValueAt(entry.args(), path, [given]));
                await recorder.settle();
                const strings = recorder.registered.slice(before).flatMap((r) => stringsIn(r.inputs));
                assert.ok(
                    strings.some((s) => s.includes(rendered)),
                    `'${rendered}' in a registered object`,
                );
                assert.ok(!strings.some((s) => s.replaceAll(rendered, "").includes(given)), `'${given}' never unescaped`);
            });
        }
    }
}

describe("user text in container commands and args reaches the process literally", () => keepsLiteral(mocks, "literalText"));
