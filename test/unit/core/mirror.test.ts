import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isPinnedOrMirrored, mirrorImage } from "../../../src/core/mirror";
import { DEFAULT_IMAGE_USER, imageUser } from "../../../src/core/image-users";
import { images } from "../../../src/core/versions";

describe("image mirrors", () => {
    test("mirrorImage keeps the repository path and the tag, dropping an upstream registry host", () => {
        assert.equal(
            mirrorImage("quay.io/jetstack/cert-manager-controller:v1.17.0", "registry.example.cn/mirror/"),
            "registry.example.cn/mirror/jetstack/cert-manager-controller:v1.17.0",
        );
        assert.equal(mirrorImage("kserve/agent:v0.20.0", "registry.example.cn/mirror"), "registry.example.cn/mirror/kserve/agent:v0.20.0");
        assert.equal(mirrorImage("localhost/x:1", "m.example"), "m.example/x:1");
    });
    test("isPinnedOrMirrored: the pinned image, or it under a mirror; not another tag or repository", () => {
        assert.ok(isPinnedOrMirrored(images.rayLlm, images.rayLlm));
        assert.ok(isPinnedOrMirrored(mirrorImage(images.rayLlm, "registry.example.cn/mirror"), images.rayLlm));
        assert.ok(!isPinnedOrMirrored("registry.example.cn/mirror/rayproject/ray-llm:2.57.0-py312-cu130", images.rayLlm));
        assert.ok(!isPinnedOrMirrored("registry.example.cn/mirror/other/ray-llm:" + images.rayLlm.split(":")[1], images.rayLlm));
    });
    test("imageUser knows a pinned image pulled through a mirror (Ray's 1000:100), and defaults otherwise", () => {
        const ray = imageUser(mirrorImage(images.rayLlm, "registry.example.cn/mirror"));
        assert.deepEqual([ray.uid, ray.gid], [1000, 100]);
        assert.equal(imageUser("example.com/own:1.0"), DEFAULT_IMAGE_USER);
    });
});
