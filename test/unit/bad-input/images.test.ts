/** Issue 17, bad input by class: images: floating tags and references no runtime can pull ({@link COMPONENTS}' `images`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("images: floating tags and references no runtime can pull; refused at the field, before anything is registered", () => {
    refuseEveryCase(mocks, "images");
});
