/**
 * Issue 17, bad input by class: pass-through engine arguments (test/support/pass-through-cases.ts)
 * may neither set what the component generates nor carry a secret, and served model names carry
 * no `$` (Kubernetes would expand `$(VAR)` in container args).
 */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("pass-through flags: no generated flag in any spelling, no secret", () => refuseEveryCase(mocks, "passThroughFlags"));
describe("pass-through engine arguments: no generated key, no secret", () => refuseEveryCase(mocks, "engineKwargs"));
describe("served model names: no '$', not empty", () => refuseEveryCase(mocks, "servedModelNames"));
