/** Issue 17, bad input by class: model volume mount paths: clear of the paths serving pods use, normal and absolute ({@link COMPONENTS}' `mountPaths`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("model volume mount paths: clear of the paths serving pods use, normal and absolute; refused at the field, before anything is registered", () => {
    refuseEveryCase(mocks, "mountPaths");
});
