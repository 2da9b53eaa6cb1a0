// An existing cluster given by a kubeconfig secret: one explicit provider carries every object.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { EXISTING, mockStack, runProgram, setStackConfig } from "./support";

const mocks = mockStack("dev");
before(async () => {
    setStackConfig("dev", EXISTING, { kubeconfig: "apiVersion: v1\nkind: Config\n" });
    await runProgram();
    await mocks.settle();
});

test("existing cluster with a kubeconfig: an explicit provider, its kubeconfig kept secret", () => {
    const [provider] = mocks.byType("pulumi:providers:kubernetes");
    assert.equal(provider.name, "existing-cluster");
    for (const r of mocks.registered.filter((r) => r.custom && r.type.startsWith("kubernetes:"))) {
        assert.match(r.provider ?? "", /::existing-cluster::/, `${r.type} ${r.name}`);
    }
});
