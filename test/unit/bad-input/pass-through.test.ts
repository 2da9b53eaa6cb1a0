/**
 * Issue 17, bad input by class: pass-through engine arguments (test/support/pass-through-cases.ts)
 * may neither set what the component generates nor carry a secret, and served model names carry
 * no `$` (Kubernetes would expand `$(VAR)` in container args).
 */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { CORE_ENGINE_KEYS, CORE_FLAG_CASES, SECRET_ENGINE_KEYS, SECRET_FLAG_CASES } from "../../support/pass-through-cases";
import { BAD_SERVED_MODEL_NAMES, type ValueCase } from "../../support/bad-input-cases";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

const FLAGS: ValueCase[] = [
    ...CORE_FLAG_CASES.map(([flag, sets]): ValueCase => ({ title: `${flag} (sets the generated ${sets})`, value: [flag], at: "[0]" })),
    ...SECRET_FLAG_CASES.map(([flag, pointsTo]): ValueCase => ({ title: `secret ${flag} (use ${pointsTo})`, value: ["--max-num-seqs=8", flag], at: "[1]" })),
    { title: "a value without '--'", value: ["max-num-seqs=8"], at: "[0]" },
];
const KWARGS: ValueCase[] = [
    ...CORE_ENGINE_KEYS.map((key): ValueCase => ({ title: `the generated key ${key}`, value: { [key]: "1" }, at: `.${key}` })),
    ...SECRET_ENGINE_KEYS.map((key): ValueCase => ({ title: `the secret key ${key}`, value: { max_num_seqs: 8, [key]: "s3cr3t" }, at: `.${key}` })),
];

describe("pass-through flags: no generated flag in any spelling, no secret", () => refuseEveryCase(mocks, "passThroughFlags", () => FLAGS));
describe("pass-through engine arguments: no generated key, no secret", () => refuseEveryCase(mocks, "engineKwargs", () => KWARGS));
describe("served model names: no '$', not empty", () => refuseEveryCase(mocks, "servedModelNames", () => BAD_SERVED_MODEL_NAMES));
