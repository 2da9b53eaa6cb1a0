/** Issue 17, bad input by class: Kubernetes quantities, in every component that takes one ({@link COMPONENTS}' `quantities`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { BAD_QUANTITIES } from "../../support/bad-input-cases";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("quantities: what resource.ParseQuantity refuses, or a negative size, is refused at the field, before anything is registered", () => {
    refuseEveryCase(mocks, "quantities", () => BAD_QUANTITIES);
});
