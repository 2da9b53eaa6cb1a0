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

test("existing cluster with a kubeconfig: an explicit provider, given it as a secret, carries every object", () => {
    const [provider] = mocks.byType("pulumi:providers:kubernetes");
    assert.equal(provider.name, "existing-cluster");
    // Registered as a secret (the SDK's secret sentinel), never as plain text.
    assert.deepEqual(provider.inputs.kubeconfig, {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "apiVersion: v1\nkind: Config\n",
    });
    for (const r of mocks.registered.filter((r) => r.custom && r.type.startsWith("kubernetes:"))) {
        assert.match(r.provider ?? "", /::existing-cluster::/, `${r.type} ${r.name}`);
    }
});

test("the kubeconfig is read as a secret Output (loadConfig's configSecret)", async () => {
    const { readStackConfig } = await import("../../../src/stack/config");
    const kubeconfig = readStackConfig().kubeconfig!;
    assert.equal(await (kubeconfig as any).isSecret, true);
});
