/** Issue 17, bad input by class: secret refs: a DNS-1123 subdomain name and a config-map key, as ValidateSecretKeySelector requires ({@link COMPONENTS}' `secretRefs`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("secret refs: a DNS-1123 subdomain name and a config-map key, as ValidateSecretKeySelector requires; refused at the field, before anything is registered", () => {
    refuseEveryCase(mocks, "secretRefs");
});
