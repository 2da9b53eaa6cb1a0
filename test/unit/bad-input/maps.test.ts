/**
 * Issue 17, bad input by class: label, node-label, annotation and node-selector maps, by
 * Kubernetes' own rules (the tables of test/support/label-cases.ts), in every map a component
 * takes; each error names `<field>.<key>` (or the map, for the annotation size limit).
 */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { BAD_ANNOTATIONS, BAD_LABELS, RESERVED_LABELS, type MapCase } from "../../support/label-cases";
import type { ValueCase } from "../../support/bad-input-cases";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

const asValueCases = (cases: readonly MapCase[]): ValueCase[] => cases.map((c) => ({ title: c.title, value: c.map, at: c.at === undefined ? "" : `.${c.at}` }));

describe("labels: Kubernetes' label rules, and the library's own keys reserved", () => refuseEveryCase(mocks, "labels", () => asValueCases([...BAD_LABELS, ...RESERVED_LABELS])));
describe("node labels: Kubernetes' label rules", () => refuseEveryCase(mocks, "nodeLabels", () => asValueCases(BAD_LABELS)));
describe("annotations: qualified-name keys, 256 KiB in all", () => refuseEveryCase(mocks, "annotations", () => asValueCases(BAD_ANNOTATIONS)));
describe("node selectors: Kubernetes' label rules", () => refuseEveryCase(mocks, "nodeSelectors", () => asValueCases(BAD_LABELS)));
