/** Issue 17, bad input by class: bucket prefixes, regions per cloud and pod identities per cloud (every component's `bucketPrefixes`, `regions`, `podIdentities`). */
import { before, describe } from "node:test";
import { installMocks } from "../../support/mocks";
import { loadComponents, refuseEveryCase } from "./components";

const mocks = installMocks({ preview: true });
before(loadComponents);

describe("bucket prefixes: nothing that widens the access grant or changes the mount", () => refuseEveryCase(mocks, "bucketPrefixes"));
describe("regions: the component's cloud's region ids only", () => refuseEveryCase(mocks, "regions"));
describe("pod identities: complete, of the component's cloud", () => refuseEveryCase(mocks, "podIdentities"));
