import { test } from "node:test";
import assert from "node:assert/strict";

/** Modules of the cloud SDKs currently loaded in this process (each test file is its own process). */
function cloudSdkModules(): string[] {
    return Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/](aws|alicloud)[\\/]/.test(file));
}

test("the Kubernetes layer entry point loads neither @pulumi/aws nor @pulumi/alicloud", async () => {
    assert.deepEqual(cloudSdkModules(), [], "nothing loaded before the import");
    const k8sLayer = await import("../../../src/kubernetes");
    assert.equal(typeof k8sLayer.VllmInferenceService, "function");
    assert.equal(typeof k8sLayer.ModelBucketVolume, "function");
    assert.deepEqual(cloudSdkModules(), []);
});

test("the check sees a cloud SDK when one is loaded (S3 bucket registration)", async () => {
    await import("../../../src/storage/model-bucket-volume/register-aws");
    assert.ok(cloudSdkModules().some((file) => /@pulumi[\\/]aws[\\/]/.test(file)));
});
