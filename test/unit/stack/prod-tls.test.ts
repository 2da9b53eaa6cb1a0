// On the prod stack an exposed model serves TLS only: a model's exposure without it is refused
// before anything is registered, named by its config key (issue 17 §7b).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mockStack, programError } from "./support";

const mocks = mockStack("prod");
after(() => assert.deepEqual(mocks.registered, [], "nothing is registered when the configuration is refused"));

test("prod: a model's exposure without tls is refused at its config key", async () => {
    const model = { name: "a", server: "vllm", mode: "deployment", model: { source: { path: "a" } }, exposure: { kind: "ingress", host: "a.example.com" } };
    const err = await programError("prod", { models: JSON.stringify([model]) });
    assert.deepEqual(
        err.errors.map((e) => `${e.propertyPath}: ${e.reason}`),
        ["llm-platform:models[0].exposure.tls: is required on the prod stack: the exposure serves TLS only (the Secret holding the certificate)"],
    );
});
