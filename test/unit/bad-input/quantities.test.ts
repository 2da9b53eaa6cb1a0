/** Issue 17, bad input by class: Kubernetes quantities (`resource.ParseQuantity`; sizes and requests are not negative), in every component's `quantities` fields. */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("quantities: refused at the field, before anything is registered", () => refuseEveryCase(mocks, "quantities"));
