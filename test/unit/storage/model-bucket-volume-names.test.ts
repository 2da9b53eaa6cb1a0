// ModelBucketVolume's object names (issue 17 §8): with `volumeNames: "content"` the PersistentVolume
// and claim are named after what Kubernetes will not change in place, so such a change is a new pair
// (the same Pulumi children, a new metadata.name: Pulumi replaces, creating first) that the serving
// components roll onto; `content` is the default, and `fixed` keeps the names of earlier versions.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, expectArgError, urnName, valueOf } from "../../support/mocks";
import type { ModelBucketVolumeArgs } from "../../../src/storage/model-bucket-volume/args";
import { ackIdentity, eksIdentity, oss, s3 } from "../../support/volumes";

const mocks = installMocks({ preview: false });
let mbv: typeof import("../../../src/storage/model-bucket-volume");
let lib: typeof import("../../../src/kubernetes");
before(async () => {
    mbv = await import("../../../src/storage/model-bucket-volume");
    lib = await import("../../../src/kubernetes");
});

const ossContent: ModelBucketVolumeArgs = { ...oss, volumeNames: "content" };
const s3Content: ModelBucketVolumeArgs = { ...s3, volumeNames: "content" };
const ossFixed: ModelBucketVolumeArgs = { ...oss, volumeNames: "fixed" };
const s3Fixed: ModelBucketVolumeArgs = { ...s3, volumeNames: "fixed" };

/** The PV and PVC a volume renders, and the names around them. */
function rendered(args: ModelBucketVolumeArgs, name = "bloom") {
    const r = mbv.resolveModelBucketVolumeArgs(name, args);
    const objects = mbv.renderModelBucketVolume(r).map((o) => o.object as any);
    const pv = objects.find((o) => o.kind === "PersistentVolume");
    const pvc = objects.find((o) => o.kind === "PersistentVolumeClaim");
    return { r, pv, pvc, claim: pvc.metadata.name as string, ref: mbv.volumeRef(r) };
}
const claimOf = (args: ModelBucketVolumeArgs) => rendered(args).claim;

describe("volumeNames: content is the default", () => {
    test("unset, the names are the content names", () => {
        assert.equal(claimOf(oss), claimOf(ossContent));
        assert.equal(claimOf(s3), claimOf(s3Content));
        assert.notEqual(claimOf(s3), claimOf(s3Fixed));
    });
});

describe("volumeNames: fixed keeps the names of earlier versions", () => {
    test("claim <name>, volume <namespace>-<name>, whatever the source", () => {
        for (const args of [ossFixed, s3Fixed, { ...s3Fixed, bucket: { name: "other-models" } }]) {
            const { pv, pvc, ref } = rendered(args);
            assert.equal(pvc.metadata.name, "bloom");
            assert.equal(pv.metadata.name, "llm-bloom");
            assert.equal(pv.spec.csi.volumeHandle, "llm-bloom");
            assert.equal(ref.claimName, "bloom");
        }
    });
});

describe("volumeNames: content", () => {
    test("claim <name>-<8 hex>, volume <namespace>-<claim>; the PV is pre-bound to that claim and the claim to that PV", () => {
        for (const args of [ossContent, s3Content]) {
            const { pv, pvc, r } = rendered(args);
            assert.match(pvc.metadata.name, /^bloom-[0-9a-f]{8}$/);
            assert.equal(pv.metadata.name, `llm-${pvc.metadata.name}`);
            assert.equal(pv.spec.csi.volumeHandle, pv.metadata.name, "a new volume handle: Mountpoint requires one per PV");
            assert.deepEqual(pv.spec.claimRef, { namespace: "llm", name: pvc.metadata.name });
            assert.equal(pvc.spec.volumeName, pv.metadata.name);
            assert.equal(mbv.volumeRef(r).claimName, pvc.metadata.name);
            assert.equal(pvc.metadata.labels["app.kubernetes.io/name"], "bloom", "labels keep the component name, to find old pairs");
        }
    });

    // One case per field Kubernetes refuses to change in place (PV: spec.persistentvolumesource; bound
    // PVC: all but a larger request, which a static volume cannot use), plus S3's mount options.
    const ossChanges: [string, ModelBucketVolumeArgs][] = [
        ["bucket", { ...ossContent, bucket: { name: "other-models" } }],
        ["prefix", { ...ossContent, prefix: "bloom-7b1-v2" }],
        ["region (endpoint)", { ...ossContent, region: "cn-beijing" }],
        ["internal endpoint", { ...ossContent, oss: { internalEndpoint: false } }],
        ["auth", { ...ossContent, oss: { auth: "accessKey", accessKey: { id: "id", secret: "secret" } } }],
        ["RAM role", { ...ossContent, oss: { roleName: "team-reader" } }],
        ["fuse type", { ...ossContent, oss: { fuseType: "ossfs2" } }],
        ["mount options", { ...ossContent, oss: { otherOpts: "-o umask=022 -o allow_other" } }],
        ["read-only (access mode)", { ...ossContent, accessMode: "ReadWriteMany" }],
        ["capacity", { ...ossContent, capacity: "200Gi" }],
    ];
    const s3Changes: [string, ModelBucketVolumeArgs][] = [
        ["bucket", { ...s3Content, bucket: { name: "other-models" } }],
        ["prefix", { ...s3Content, prefix: "models/bloom-1b1" }],
        ["region", { ...s3Content, region: "us-west-2" }],
        ["mount options", { ...s3Content, s3: { extraMountOptions: ["uid=1000"] } }],
        ["authentication source", { ...s3Content, s3: { authenticationSource: "pod" } }],
        ["read-only (access mode)", { ...s3Content, accessMode: "ReadWriteMany" }],
        ["capacity", { ...s3Content, capacity: "1Ti" }],
    ];
    for (const [base, changes] of [
        [ossContent, ossChanges],
        [s3Content, s3Changes],
    ] as const) {
        for (const [field, changed] of changes) {
            test(`${base.cloud}: another ${field} is another claim and volume`, () => {
                const before = rendered(base);
                const after = rendered(changed);
                assert.notEqual(after.claim, before.claim);
                assert.notEqual(after.pv.metadata.name, before.pv.metadata.name);
            });
        }
    }

    const keeps: [string, ModelBucketVolumeArgs, ModelBucketVolumeArgs][] = [
        ["mount path", ossContent, { ...ossContent, mountPath: "/mnt/weights" }],
        ["retainOnDelete", ossContent, { ...ossContent, retainOnDelete: false }],
        [
            "bucket settings (create, versioning, tags, KMS key, retain)",
            ossContent,
            { ...ossContent, bucket: { name: "team-models", create: false, versioning: true, tags: { team: "a" }, kmsKeyId: "k", retainOnDelete: false } },
        ],
        ["pod identity", ossContent, { ...ossContent, podIdentity: { ...ackIdentity, oidcIssuerUrl: "https://other" } }],
        [
            "a rotated AccessKey (the Secret changes in place)",
            { ...ossContent, oss: { auth: "accessKey", accessKey: { id: "a", secret: "b" } } },
            { ...ossContent, oss: { auth: "accessKey", accessKey: { id: "c", secret: "d" } } },
        ],
        [
            "defaults written out",
            s3Content,
            { ...s3Content, accessMode: "ReadOnlyMany", capacity: "100Gi", s3: { authenticationSource: "driver", extraMountOptions: [] } },
        ],
        ["a trailing '/' on the prefix", s3Content, { ...s3Content, prefix: "models/bloom-560m/" }],
        ["the S3 pod identity", s3Content, { ...s3Content, podIdentity: { ...eksIdentity, s3CsiDriverRoleName: "other" } }],
    ];
    for (const [field, a, b] of keeps) {
        test(`${a.cloud}: ${field} keeps the names`, () => {
            assert.equal(claimOf(b), claimOf(a));
            assert.equal(rendered(b).pv.metadata.name, rendered(a).pv.metadata.name);
        });
    }

    test("alicloud: a ReadWriteMany volume's writer is part of its source; its default written out keeps the names", () => {
        const rwx: ModelBucketVolumeArgs = { ...ossContent, accessMode: "ReadWriteMany" };
        assert.notEqual(claimOf({ ...rwx, oss: { writer: { uid: 2000, gid: 2000 } } }), claimOf(rwx));
        assert.equal(claimOf({ ...rwx, oss: { writer: { uid: 1000, gid: 1000 } } }), claimOf(rwx));
        assert.equal(
            claimOf({ ...rwx, oss: { otherOpts: "-o umask=022 -o max_stat_cache_size=100000 -o allow_other -o uid=1000 -o gid=1000" } }),
            claimOf(rwx),
        );
    });

    test("aws: a ReadWriteMany volume's allow-overwrite is part of its source, given or not", () => {
        const rwx: ModelBucketVolumeArgs = { ...s3Content, accessMode: "ReadWriteMany" };
        assert.equal(claimOf({ ...rwx, s3: { extraMountOptions: ["allow-overwrite"] } }), claimOf(rwx));
    });

    test("another namespace keeps the claim's name (the namespace is in the volume's name already)", () => {
        const other = rendered({ ...s3Content, namespace: "team" });
        assert.equal(other.claim, claimOf(s3Content));
        assert.equal(other.pv.metadata.name, `team-${other.claim}`);
    });

    test("the RRSA role and the S3 access policy keep their names across sources (no role replaced)", () => {
        const a = rendered(ossContent).r;
        const b = rendered({ ...ossContent, bucket: { name: "other-models" }, prefix: "x" }).r;
        assert.equal(mbv.renderRrsaRole(b).roleName, mbv.renderRrsaRole(a).roleName);
        assert.equal(mbv.renderRrsaRole(a).roleName, "llm-oss-llm-bloom", "the name earlier versions gave it");
        assert.equal(rendered(ossContent).pv.spec.csi.volumeAttributes.roleName, "llm-oss-llm-bloom");
    });

    test("a bucket name from another stack (an Output): the claim name resolves to the plain one", async () => {
        const plain = rendered(s3Content).claim;
        const r = mbv.resolveModelBucketVolumeArgs("bloom", { ...s3Content, bucket: { name: pulumi.output("team-models") } });
        assert.equal(await valueOf(pulumi.output(r.claimName)), plain);
        assert.equal(await valueOf(pulumi.output(r.pvName)), `llm-${plain}`);
    });

    test("the component name is at most 54 characters, so the claim stays a DNS label; fixed names keep 63", () => {
        const at = "a".repeat(54);
        assert.equal(rendered(s3Content, at).claim.length, 63);
        const err = expectArgError(() => mbv.resolveModelBucketVolumeArgs("a".repeat(55), s3Content), "volumeNames");
        assert.match(err.errors[0].reason, /at most 54/);
        assert.match(err.errors[0].reason, /volumeNames 'fixed'/, "the message names the way out");
        expectArgError(() => mbv.resolveModelBucketVolumeArgs("a".repeat(55), s3), "volumeNames");
        assert.equal(rendered(s3Fixed, "a".repeat(63)).claim.length, 63);
    });
});

describe("the components that mount the volume follow its claim", () => {
    test("another bucket: the same Pulumi children (a replacement, not a rename), new object names, and vLLM mounts the new claim", async () => {
        const claims: string[] = [];
        for (const [i, bucket] of ["team-models", "other-models"].entries()) {
            const models = new lib.ModelBucketVolume(`m${i}`, { ...s3Content, bucket: { name: bucket, create: false } });
            const svc = new lib.VllmInferenceService(`chat${i}`, {
                mode: "deployment",
                namespace: "llm",
                model: { source: { volume: models.ref, path: "qwen" } },
            });
            const isvc = new lib.VllmInferenceService(`isvc${i}`, { namespace: "llm", model: { source: { volume: models.ref, path: "qwen" } } });
            await mocks.settle();
            const pvc = mocks.byName(`m${i}-pvc`);
            const pv = mocks.byName(`m${i}-pv`);
            assert.deepEqual(
                mocks.registered.filter((r) => r.type.startsWith("kubernetes:") && urnName(r.parent) === `m${i}`).map((r) => r.name),
                [`m${i}-pv`, `m${i}-pvc`],
            );
            const claim = pvc.inputs.metadata.name;
            assert.match(claim, new RegExp(`^m${i}-[0-9a-f]{8}$`));
            assert.equal(pv.inputs.metadata.name, `llm-${claim}`);
            assert.equal(await valueOf(models.claimName), claim);
            assert.equal(await valueOf(models.storageUri), `pvc://${claim}`);
            const deployment = mocks.byName(`chat${i}-deployment`).inputs;
            assert.ok(
                deployment.spec.template.spec.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === claim),
                JSON.stringify(deployment.spec.template.spec.volumes),
            );
            assert.equal(mocks.byName(`isvc${i}-isvc`).inputs.spec.predictor.model.storageUri, `pvc://${claim}/qwen`);
            claims.push(claim.replace(/^m\d-/, ""));
            assert.ok(svc && isvc);
        }
        assert.notEqual(claims[1], claims[0], "another bucket, another claim");
    });
});
