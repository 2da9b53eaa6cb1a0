/** Issue 17, bad input by class: tolerations: what validation.ValidateTolerations refuses ({@link COMPONENTS}' `tolerations`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("tolerations: what validation.ValidateTolerations refuses; refused at the field, before anything is registered", () => {
    refuseEveryCase(mocks, "tolerations");
});
