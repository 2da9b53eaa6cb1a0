/** Issue 17, bad input by class: DNS-1123 names, the components' own names and their namespace fields ({@link COMPONENTS}' `namespaces`). */
import { before, describe, test } from "node:test";
import { installMocks } from "../../support/mocks";
import { BAD_DNS1123_LABELS } from "../../support/bad-input-cases";
import { COMPONENTS, caseTitle, expectRefused, loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("the component's own name (it names the objects) must be a DNS-1123 label: refused at 'name'", () => {
    for (const entry of COMPONENTS) {
        for (const c of BAD_DNS1123_LABELS) test(caseTitle(entry, "name", c.title), () => expectRefused(mocks, entry, entry.args(), "name", c.value as string));
    }
});

describe("namespaces must be DNS-1123 labels: refused at the field", () => refuseEveryCase(mocks, "namespaces"));
describe("DNS-1123 subdomains (IngressClass, GatewayClass and Secret names, domains): refused at the field", () => refuseEveryCase(mocks, "subdomains"));
