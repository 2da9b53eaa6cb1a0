// The program is not part of the library: importing the package's entry points never loads it
// (nor runs it), and the build leaves it out.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/kube-schema";

const stackModules = () => Object.keys(require.cache).filter((file) => file.includes(`${path.sep}src${path.sep}stack${path.sep}`));

test("importing the library's entry points loads no module of the root project's program", async () => {
    const root = await import("../../../src/index");
    const k8s = await import("../../../src/kubernetes");
    const config = await import("../../../src/config");
    assert.equal(typeof root.GpuCluster, "function");
    assert.equal(typeof k8s.VllmInferenceService, "function");
    assert.equal(typeof config.loadConfig, "function");
    assert.deepEqual(stackModules(), []);
});

test("Pulumi.yaml runs src/stack/, which the library build (tsconfig.json) excludes", () => {
    assert.match(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"), /^main: src\/stack\/$/m);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tsconfig.json"), "utf8"));
    assert.deepEqual(tsconfig.exclude, ["src/stack"]);
});
