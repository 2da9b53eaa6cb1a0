import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { configSecret, loadConfig, v } from "../../../src/config";
import { modelBucketVolumeSchema } from "../../../src/kubernetes";
import { expectArgError, installMocks, valueOf } from "../../support/mocks";

installMocks();

/** Sets the stack's configuration as the engine hands it to a program: every value a string. */
function stack(values: Record<string, string>, secretKeys: string[] = []): void {
    pulumi.runtime.setAllConfig(values, secretKeys);
}

const nonEmpty = v.pipe(v.string(), v.minLength(1));
const schema = v.strictObject({
    namespace: modelBucketVolumeSchema.entries.namespace,
    region: modelBucketVolumeSchema.entries.region,
    gpuNodes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
    spot: v.optional(v.boolean(), false),
    zones: v.pipe(v.array(nonEmpty), v.minLength(2)),
    pool: v.optional(v.strictObject({ instanceType: nonEmpty, count: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
});
const load = () => loadConfig(schema, { namespace: "demo" });

describe("loadConfig", () => {
    test("reads text as written, numbers, booleans and JSON values, and applies defaults", () => {
        stack({
            "demo:region": "us-east-1",
            "demo:spot": "true",
            "demo:zones": '["us-east-1a","us-east-1b"]',
            "demo:pool": '{"instanceType":"g5.2xlarge","count":2}',
            "aws:region": "us-east-1",
        });
        assert.deepEqual(load(), {
            namespace: "default",
            region: "us-east-1",
            gpuNodes: 1,
            spot: true,
            zones: ["us-east-1a", "us-east-1b"],
            pool: { instanceType: "g5.2xlarge", count: 2 },
        });
    });

    test("the namespace defaults to the project name, as new pulumi.Config() reads it", () => {
        stack({ "llm-serving-test:zones": '["a","b"]', "llm-serving-test:region": "cn-hangzhou" });
        assert.equal(loadConfig(schema).region, "cn-hangzhou");
    });

    test("a missing key is named with the command that sets it", () => {
        stack({ "demo:zones": '["a","b"]' });
        const err = expectArgError(load, "demo:region");
        assert.match(err.message, /demo:region: is required: pulumi config set demo:region <value>/);
    });

    test("a value the component schema refuses names the config key and gives the schema's reason", () => {
        stack({ "demo:region": "Hangzhou", "demo:zones": '["a","b"]' });
        const err = expectArgError(load, "demo:region");
        assert.match(err.message, /must be a region id such as 'cn-hangzhou' or 'us-east-1'/);
    });

    test("a number given as text names the key", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a","b"]', "demo:gpuNodes": "two" });
        expectArgError(load, "demo:gpuNodes");
    });

    test("problems inside a JSON value are named by the key and the path inside it", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a",""]', "demo:pool": '{"instanceType":"g5.2xlarge","count":0,"extra":1}' });
        const err = expectArgError(load, "demo:zones[1]");
        expectArgError(load, "demo:pool.count");
        expectArgError(load, "demo:pool.extra");
        assert.equal(err.errors.length, 3, "every problem is reported at once");
    });

    test("a key of the namespace the program does not read is refused (a typo would otherwise be ignored)", () => {
        stack({ "demo:region": "us-east-1", "demo:zones": '["a","b"]', "demo:gpuNode": "2", "aws:profile": "prod" });
        const err = expectArgError(load, "demo:gpuNode");
        assert.equal(err.errors.length, 1, "other namespaces (providers) are not this program's business");
        assert.match(err.message, /is not a configuration key of this program \(known: namespace, region, gpuNodes, spot, zones, pool\)/);
    });

    test("a secret read as plain text is refused; configSecret validates it and keeps it secret", async () => {
        const withToken = (token: v.GenericSchema) => v.strictObject({ hfToken: token });
        stack({ "demo:hfToken": "hf_abcdefghij" }, ["demo:hfToken"]);
        const err = expectArgError(() => loadConfig(withToken(v.string()), { namespace: "demo" }), "demo:hfToken");
        assert.match(err.message, /is a secret, but this program reads it as plain text: declare it with configSecret\(\)/);

        const loaded = loadConfig(v.strictObject({ hfToken: v.optional(configSecret(v.pipe(v.string(), v.startsWith("hf_")))) }), { namespace: "demo" });
        assert.ok(pulumi.Output.isInstance(loaded.hfToken));
        assert.equal(await (loaded.hfToken as any).isSecret, true);
        assert.equal(await valueOf(loaded.hfToken!), "hf_abcdefghij");

        stack({ "demo:hfToken": "not-a-token" }, ["demo:hfToken"]);
        const bad = expectArgError(() => loadConfig(withToken(configSecret(v.pipe(v.string(), v.startsWith("hf_")))), { namespace: "demo" }), "demo:hfToken");
        assert.ok(!bad.message.includes("not-a-token"), "the secret's value is not echoed");
    });

    test("a check across keys names the key it puts the problem on, or the namespace", () => {
        stack({ "demo:a": "x" });
        const crossKey = v.pipe(
            v.strictObject({ a: v.string(), b: v.optional(v.string(), "") }),
            v.forward(
                v.check((c) => c.b !== "", "is required with a"),
                ["b"],
            ),
        );
        expectArgError(() => loadConfig(crossKey, { namespace: "demo" }), "demo:b");
        const whole = v.pipe(v.strictObject({ a: v.string() }), v.check(() => false, "never"));
        expectArgError(() => loadConfig(whole, { namespace: "demo" }), "demo");
    });
});
