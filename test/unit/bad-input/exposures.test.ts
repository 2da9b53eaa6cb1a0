/** Issue 17, bad input by class: exposures (Ingress, Istio VirtualService, Gateway API HTTPRoute), in every component's `exposures` fields. */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("exposures: paths, timeouts and hosts the route objects refuse are refused at the field, before anything is registered", () =>
    refuseEveryCase(mocks, "exposures"));
