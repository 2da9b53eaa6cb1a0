/** Issue 17, bad input by class: fields that land in a Kubernetes int32 ({@link COMPONENTS}' `int32`), with each field's minimum. */
import { before, describe, test } from "node:test";
import { installMocks } from "../../support/mocks";
import { BAD_INT32 } from "../../support/bad-input-cases";
import { COMPONENTS, caseTitle, expectRefused, loadComponents, withValueAt } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("int32 fields: beyond 2^31-1, below the minimum, fractions, NaN, Infinity and strings are refused at the field", () => {
    for (const entry of COMPONENTS) {
        for (const [path, min] of Object.entries(entry.fields.int32 ?? {})) {
            for (const c of BAD_INT32) {
                test(caseTitle(entry, path, `${c.title} (minimum ${min})`), () => expectRefused(mocks, entry, withValueAt(entry.args(), path, c.value(min)), path));
            }
        }
    }
});
