/** Issue 17, bad input by class: fields that land in a Kubernetes int32, each with its minimum (every component's `int32` fields). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("int32 fields: beyond 2^31-1, below the minimum, fractions, NaN, Infinity and strings are refused at the field", () =>
    refuseEveryCase(mocks, "int32"));
