// The root project with `modelVolume.volumeNames: content` and `retainOnDelete: false`: the claim is
// named after its source and every serving component mounts that name; a volume that is not retained
// does not keep its namespace either.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { EXISTING, kubeObject, mockStack, runProgram, setStackConfig } from "./support";

const mocks = mockStack("dev");
before(async () => {
    const modelVolume = { ...JSON.parse(EXISTING.modelVolume), volumeNames: "content", retainOnDelete: false };
    setStackConfig("dev", { ...EXISTING, modelVolume: JSON.stringify(modelVolume) });
    await runProgram();
    await mocks.settle();
});

test("volumeNames content: the claim is <name>-<8 hex>, and the InferenceService and Deployments mount it", () => {
    const claim = kubeObject(mocks, "PersistentVolumeClaim", "models-pvc").metadata.name;
    assert.match(claim, /^models-[0-9a-f]{8}$/);
    assert.equal(kubeObject(mocks, "PersistentVolume", "models-pv").metadata.name, `llm-${claim}`);
    assert.equal(kubeObject(mocks, "InferenceService", "bloom-isvc").spec.predictor.model.storageUri, `pvc://${claim}/bloom-560m`);
    for (const deployment of ["djl-deployment", "triton-deployment"]) {
        const volumes = kubeObject(mocks, "Deployment", deployment).spec.template.spec.volumes;
        assert.ok(
            volumes.some((v: any) => v.persistentVolumeClaim?.claimName === claim),
            `${deployment}: ${JSON.stringify(volumes)}`,
        );
    }
});

test("retainOnDelete false: neither the claim nor its namespace is retained", () => {
    assert.equal(mocks.byName("models-pvc").retainOnDelete, false);
    assert.equal(mocks.byName("namespace").retainOnDelete, false);
});
