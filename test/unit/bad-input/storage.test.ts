/** Issue 17, bad input by class: bucket prefixes, regions per cloud and pod identities per cloud ({@link COMPONENTS}' `bucketPrefixes`, `regions`, `podIdentities`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { BAD_BUCKET_PREFIXES, BAD_POD_IDENTITIES, BAD_REGIONS } from "../../support/bad-input-cases";
import { loadComponents, refuseEveryCase, type ComponentEntry } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

const cloudOf = (entry: ComponentEntry) => {
    if (!entry.cloud) throw new Error(`${entry.id} declares a per-cloud class but no cloud`);
    return entry.cloud;
};

describe("bucket prefixes: nothing that widens the access grant or changes the mount", () => refuseEveryCase(mocks, "bucketPrefixes", () => BAD_BUCKET_PREFIXES));
describe("regions: the component's cloud's region ids only", () => refuseEveryCase(mocks, "regions", (e) => BAD_REGIONS[cloudOf(e)]));
describe("pod identities: complete, of the component's cloud", () => refuseEveryCase(mocks, "podIdentities", (e) => BAD_POD_IDENTITIES[cloudOf(e)]));
