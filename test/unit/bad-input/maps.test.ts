/**
 * Issue 17, bad input by class: label, node-label, annotation and node-selector maps, by
 * Kubernetes' own rules (the tables of test/support/label-cases.ts), in every map a component
 * takes; each error names `<field>.<key>` (or the map, for the annotation size limit).
 */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("labels: Kubernetes' label rules, and the library's own keys reserved", () => refuseEveryCase(mocks, "labels"));
describe("node labels: Kubernetes' label rules", () => refuseEveryCase(mocks, "nodeLabels"));
describe("annotations: qualified-name keys, 256 KiB in all", () => refuseEveryCase(mocks, "annotations"));
describe("node selectors: Kubernetes' label rules", () => refuseEveryCase(mocks, "nodeSelectors"));
