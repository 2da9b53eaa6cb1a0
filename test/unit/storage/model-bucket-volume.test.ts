import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, isKnown, urnName, expectArgError, valueOf, type MockRecorder } from "../../support/mocks";
import { assertNamesField, rejectionsOf as rejectionsDuring, settled } from "../../support/outputs";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { ModelBucketVolumeArgs } from "../../../src/storage/model-bucket-volume/args";
import { eksIdentity, oss, s3 } from "../../support/volumes";

const mocks: MockRecorder = installMocks({ preview: true });
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
let mbv: typeof import("../../../src/storage/model-bucket-volume");
let k8s: typeof import("@pulumi/kubernetes");
before(async () => {
    mbv = await import("../../../src/storage/model-bucket-volume");
    k8s = await import("@pulumi/kubernetes");
});

describe("ModelBucketVolume renders", () => {
    test("OSS: static CSI PV with RRSA and a pre-bound claim, schema-valid", () => {
        const r = mbv.resolveModelBucketVolumeArgs("bloom", oss);
        const objects = mbv.renderModelBucketVolume(r).map((o) => o.object);
        assertValidKubeObjects(objects);
        const pv = objects[0] as any;
        assert.equal(pv.spec.csi.driver, "ossplugin.csi.alibabacloud.com");
        assert.equal(pv.spec.csi.volumeHandle, pv.metadata.name);
        assert.deepEqual(pv.spec.accessModes, ["ReadOnlyMany"]);
        assert.equal(pv.spec.persistentVolumeReclaimPolicy, "Retain");
        assert.equal(pv.spec.csi.volumeAttributes.url, "http://oss-cn-hangzhou-internal.aliyuncs.com");
        assert.equal(pv.spec.csi.volumeAttributes.path, "/bloom-7b1");
        assert.equal(pv.spec.csi.volumeAttributes.authType, "rrsa");
        assert.equal(pv.spec.csi.nodePublishSecretRef, undefined);
        const pvc = objects[1] as any;
        assert.equal(pvc.spec.volumeName, pv.metadata.name);
        assert.equal(pvc.spec.storageClassName, "");
    });

    test("S3: Mountpoint PV with region, prefix and allow-other; RWX (with allow-overwrite) when asked", () => {
        const r = mbv.resolveModelBucketVolumeArgs("bloom", { ...s3, accessMode: "ReadWriteMany" });
        const objects = mbv.renderModelBucketVolume(r).map((o) => o.object);
        assertValidKubeObjects(objects);
        const pv = objects[0] as any;
        assert.equal(pv.spec.csi.driver, "s3.csi.aws.com");
        assert.equal(pv.spec.csi.volumeAttributes.bucketName, "team-models");
        assert.deepEqual(pv.spec.mountOptions, ["allow-other", "region us-east-1", "prefix models/bloom-560m/", "allow-overwrite"]);
        assert.deepEqual(pv.spec.accessModes, ["ReadWriteMany"]);
        assert.equal(pv.spec.storageClassName, "");
        assert.ok(JSON.parse(mbv.s3AccessPolicyDocument(r) as string).Statement[1].Action.includes("s3:PutObject"));
    });

    // The jobs run as a numeric non-root user (1000:1000 by default); ossfs lets only root and its
    // `uid` user write (umask=022), and the ACK CSI plugin does not apply the pod's fsGroup.
    test("OSS ReadWriteMany: mounted for the writer (default the jobs' 1000:1000), after the user's options", () => {
        const objects = (a: ModelBucketVolumeArgs) => mbv.renderModelBucketVolume(mbv.resolveModelBucketVolumeArgs("bloom", a)).map((o) => o.object);
        const opts = (a: ModelBucketVolumeArgs) => (objects(a)[0] as any).spec.csi.volumeAttributes.otherOpts;
        assertValidKubeObjects(objects({ ...oss, accessMode: "ReadWriteMany" }));
        assert.equal(opts({ ...oss, accessMode: "ReadWriteMany" }), "-o umask=022 -o max_stat_cache_size=100000 -o allow_other -o uid=1000 -o gid=1000");
        assert.equal(
            opts({ ...oss, accessMode: "ReadWriteMany", oss: { writer: { uid: 2000, gid: 3000 }, fuseType: "ossfs2", otherOpts: "" } }),
            "-o uid=2000 -o gid=3000",
        );
        assert.equal(
            opts({ ...oss, accessMode: "ReadWriteMany", oss: { otherOpts: "-o allow_other -ouid=1000" } }),
            "-o allow_other -ouid=1000 -o gid=1000",
            "the writer's own uid in otherOpts is not repeated",
        );
        assert.equal(opts(oss), "-o umask=022 -o max_stat_cache_size=100000 -o allow_other", "read-only: as given");
        assert.equal(opts({ ...oss, oss: { otherOpts: "-o uid=0" } }), "-o uid=0", "read-only: the user's owner is theirs");
    });

    test("S3 ReadWriteMany: allow-overwrite (a rerun replaces files), not repeated; no uid/gid (the driver takes the pod's fsGroup); read-only as before", () => {
        const mountOptions = (a: ModelBucketVolumeArgs) => mbv.s3MountOptions(mbv.resolveModelBucketVolumeArgs("bloom", a));
        assert.deepEqual(mountOptions({ ...s3, accessMode: "ReadWriteMany", s3: { extraMountOptions: ["allow-overwrite", "allow-delete"] } }), [
            "allow-other",
            "region us-east-1",
            "prefix models/bloom-560m/",
            "allow-overwrite",
            "allow-delete",
        ]);
        assert.deepEqual(mountOptions(s3), ["allow-other", "region us-east-1", "prefix models/bloom-560m/"]);
    });

    test("read-only S3 access grants no write", () => {
        const r = mbv.resolveModelBucketVolumeArgs("bloom", s3);
        assert.deepEqual(JSON.parse(mbv.s3AccessPolicyDocument(r) as string).Statement[1].Action, ["s3:GetObject"]);
    });

    test("buckets are private, encrypted and block public access", () => {
        const r = mbv.resolveModelBucketVolumeArgs("bloom", s3);
        const plan = mbv.renderS3Bucket(r);
        assert.equal((plan.encryption.rules as any)[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
        assert.deepEqual(plan.publicAccessBlock, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        assert.equal((plan.ownership.rule as any).objectOwnership, "BucketOwnerEnforced");
        const ossPlan = mbv.renderOssBucket(mbv.resolveModelBucketVolumeArgs("bloom", { ...oss, bucket: { name: "team-models", kmsKeyId: "key-1" } }));
        assert.deepEqual(ossPlan.bucket.serverSideEncryptionRule, { sseAlgorithm: "KMS", kmsMasterKeyId: "key-1" });
        assert.equal(ossPlan.acl.acl, "private");
        assert.equal(ossPlan.publicAccessBlock.blockPublicAccess, true);
    });

    test("RRSA trust is limited to the OSS CSI fuse service account", () => {
        const doc = JSON.parse(mbv.rrsaTrustPolicy("arn:p", "https://issuer"));
        assert.equal(doc.Statement[0].Condition.StringEquals["oidc:sub"], "system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs");
    });
});

describe("ModelBucketVolume component", () => {
    test("OSS: bucket, RAM role and the volume, with stable names; storage is retained on destroy", async () => {
        const vol = new mbv.ModelBucketVolume("bloom", oss);
        await mocks.settle();
        const mine = mocks.registered.filter((r) => r.name.startsWith("bloom"));
        assert.deepEqual(mine.map((r) => `${r.type} ${r.name}`).sort(), [
            "alicloud:oss/bucket:Bucket bloom-bucket",
            "alicloud:oss/bucketAcl:BucketAcl bloom-bucket-acl",
            "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock bloom-bucket-public-access-block",
            "alicloud:ram/policy:Policy bloom-rrsa-policy",
            "alicloud:ram/role:Role bloom-rrsa-role",
            "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment bloom-rrsa-policy-attachment",
            "kubernetes:core/v1:PersistentVolume bloom-pv",
            "kubernetes:core/v1:PersistentVolumeClaim bloom-pvc",
            "llm-serving:storage:ModelBucketVolume bloom",
        ]);
        for (const r of mine.filter((m) => m.custom)) assert.equal(urnName(r.parent), "bloom", `${r.name} is parented to the component`);
        for (const n of ["bloom-bucket", "bloom-pv", "bloom-pvc"]) assert.equal(mocks.byName(n).retainOnDelete, true, n);
        assert.equal(mocks.byName("bloom-rrsa-role").retainOnDelete, false);
        // volumeNames "content" (the default): the claim is named after its source.
        assert.deepEqual(vol.ref, { claimName: "bloom-142e12d0", namespace: "llm", mountPath: "/mnt/models", subPath: "", readOnly: true });
        assert.equal(mocks.byName("bloom-bucket").inputs.forceDestroy, false);
    });

    test("S3 adopted bucket: only the access grant and the volume; opting out of retention works", async () => {
        new mbv.ModelBucketVolume("adopted", { ...s3, bucket: { name: "existing-models", create: false }, retainOnDelete: false });
        await mocks.settle();
        const mine = mocks.registered
            .filter((r) => r.name.startsWith("adopted-"))
            .map((r) => r.name)
            .sort();
        assert.deepEqual(mine, ["adopted-pv", "adopted-pvc", "adopted-s3-access"]);
        assert.equal(mocks.byName("adopted-pv").retainOnDelete, false);
        assert.equal(mocks.byName("adopted-s3-access").inputs.role, "gpu-s3-csi");
    });

    test("AccessKey opt-in keeps the keys secret in state", async () => {
        new mbv.ModelBucketVolume("keys", {
            cloud: "alicloud",
            region: "cn-beijing",
            bucket: { name: "key-models", create: false },
            oss: { auth: "accessKey", accessKey: { id: "LTAI-id", secret: "s3cr3t" } },
        });
        await mocks.settle();
        const secret = mocks.byName("keys-oss-credentials");
        assert.equal(secret.type, "kubernetes:core/v1:Secret");
        // The mock runtime sees secrets as marked values (Pulumi's secret signature), never as plain strings.
        assert.equal(secret.inputs.stringData["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        assert.deepEqual(secret.inputs.stringData.value, { akId: "LTAI-id", akSecret: "s3cr3t" });
        const pv = mocks.byName("keys-pv").inputs;
        assert.deepEqual(pv.spec.csi.nodePublishSecretRef, { name: "keys-oss-credentials", namespace: "default" });
    });
});

describe("ModelBucketVolume bad input", () => {
    const cases: [string, ModelBucketVolumeArgs | any, string][] = [
        ["uppercase OSS bucket", { ...oss, bucket: { name: "Team_Models" } }, "bucket.name"],
        ["short bucket", { ...s3, bucket: { name: "ab" } }, "bucket.name"],
        ["S3 bucket like an IP", { ...s3, bucket: { name: "192.168.1.1" } }, "bucket.name"],
        ["S3 reserved suffix", { ...s3, bucket: { name: "models-s3alias" } }, "bucket.name"],
        ["S3 adjacent periods", { ...s3, bucket: { name: "my..models" } }, "bucket.name"],
        ["OSS bucket with a dot", { ...oss, bucket: { name: "my.models" } }, "bucket.name"],
        ["unknown cloud", { ...oss, cloud: "gcp" }, "cloud"],
        ["bad region", { ...oss, region: "Hangzhou" }, "region"],
        ["absolute prefix", { ...oss, prefix: "/models" }, "prefix"],
        ["bad access mode", { ...oss, accessMode: "ReadWriteOnce" }, "accessMode"],
        ["relative mount path", { ...oss, mountPath: "models" }, "mountPath"],
        ["bad capacity", { ...oss, capacity: "lots" }, "capacity"],
        ["RRSA without a role", { ...oss, podIdentity: undefined }, "oss.roleName"],
        ["accessKey without keys", { ...oss, oss: { auth: "accessKey" } }, "oss.accessKey"],
        ["keys with RRSA", { ...oss, oss: { accessKey: { id: "a", secret: "b" } } }, "oss.accessKey"],
        ["identity of another cloud", { ...oss, podIdentity: eksIdentity }, "podIdentity"],
        ["OSS settings on AWS", { ...s3, oss: { auth: "rrsa" } }, "oss"],
        ["S3 settings on ACK", { ...oss, s3: { authenticationSource: "pod" } }, "s3"],
        ["dash-style Mountpoint option", { ...s3, s3: { extraMountOptions: ["-o allow-other"] } }, "s3.extraMountOptions"],
        ["OSS writer on a read-only volume", { ...oss, oss: { writer: { uid: 1000, gid: 1000 } } }, "oss.writer"],
        ["OSS writer uid 0", { ...oss, accessMode: "ReadWriteMany", oss: { writer: { uid: 0, gid: 1000 } } }, "oss.writer.uid"],
        ["OSS writer without gid", { ...oss, accessMode: "ReadWriteMany", oss: { writer: { uid: 1000 } } }, "oss.writer.gid"],
        ["another uid in otherOpts (default writer)", { ...oss, accessMode: "ReadWriteMany", oss: { otherOpts: "-o allow_other -o uid=0" } }, "oss.otherOpts"],
        [
            "another gid in otherOpts (given writer)",
            { ...oss, accessMode: "ReadWriteMany", oss: { otherOpts: "-oallow_other,gid=1000", writer: { uid: 2000, gid: 2000 } } },
            "oss.otherOpts",
        ],
        ["unknown bucket field", { ...oss, bucket: { name: "team-models", acl: "public-read" } }, "bucket.acl"],
        ["bad namespace", { ...oss, namespace: "LLM" }, "namespace"],
        ["typo in argument", { ...oss, prefx: "x" }, "prefx"],
    ];
    for (const [title, args, field] of cases) {
        test(`${title} -> ${field}`, () => {
            const before = mocks.registered.length;
            expectArgError(() => new mbv.ModelBucketVolume("bad", args), field);
            assert.equal(mocks.registered.length, before, "nothing registered");
        });
    }
    test("a bad component name", () => {
        expectArgError(() => mbv.resolveModelBucketVolumeArgs("Bloom_7b", oss), "name");
    });
});

const assertNames = (error: unknown, path: string, reason: RegExp) => assertNamesField(error, "ModelBucketVolume", path, reason);

describe("ModelBucketVolume with Outputs (namespace, bucket name, AccessKey)", () => {
    test("namespace from a Namespace resource: the claim, the pre-bound PV and the ref use it", async () => {
        const ns = new k8s.core.v1.Namespace("models-ns", { metadata: { name: "llm" } });
        const vol = new mbv.ModelBucketVolume("from-ns", { ...oss, namespace: ns.metadata.name });
        await mocks.settle();
        const pvc = mocks.byName("from-ns-pvc").inputs;
        const pv = mocks.byName("from-ns-pv").inputs;
        assert.equal(pvc.metadata.namespace, "llm");
        assert.deepEqual(pv.spec.claimRef, { namespace: "llm", name: "from-ns-142e12d0" });
        // The PV and RAM role names are computed from the namespace, as with a plain one.
        assert.equal(pv.metadata.name, "llm-from-ns-142e12d0");
        assert.equal(pv.spec.csi.volumeHandle, "llm-from-ns-142e12d0");
        assert.equal(pv.spec.csi.volumeAttributes.roleName, "llm-oss-llm-from-ns");
        assert.equal(mocks.byName("from-ns-rrsa-role").inputs.roleName, "llm-oss-llm-from-ns");
        assert.equal(mocks.byName("from-ns-rrsa-policy").inputs.policyName, "llm-oss-llm-from-ns-access");
        assert.ok(pulumi.Output.isInstance(vol.ref.namespace), "the ref carries the Output");
        assert.equal(await valueOf(pulumi.output(vol.ref.namespace)), "llm");
        assert.equal(await valueOf(vol.namespace), "llm");
        assert.equal(await valueOf(vol.storageUri), "pvc://from-ns-142e12d0");
    });

    test("a bucket name from another stack's output renders what the plain name renders", async () => {
        const plain = mbv.resolveModelBucketVolumeArgs("bloom", s3);
        const fromStack = mbv.resolveModelBucketVolumeArgs("bloom", { ...s3, bucket: { name: pulumi.output("team-models") } });
        const objects = async (r: typeof plain) => (await settled(pulumi.output(mbv.renderModelBucketVolume(r).map((o) => o.object)))).value;
        assert.deepEqual(await objects(fromStack), await objects(plain));
        assert.equal((await settled(mbv.s3AccessPolicyDocument(fromStack))).value, mbv.s3AccessPolicyDocument(plain));
        const ossFromStack = mbv.resolveModelBucketVolumeArgs("bloom", { ...oss, bucket: { name: pulumi.output("team-models") } });
        const ossPlain = mbv.resolveModelBucketVolumeArgs("bloom", oss);
        assert.equal((await settled(mbv.ossAccessPolicyDocument(ossFromStack))).value, mbv.ossAccessPolicyDocument(ossPlain));
        assert.deepEqual((await settled(mbv.renderRrsaRole(ossFromStack).policy)).value, mbv.renderRrsaRole(ossPlain).policy);

        new mbv.ModelBucketVolume("stack-bucket", { ...s3, bucket: { name: pulumi.output("team-models") } });
        await mocks.settle();
        assert.equal(mocks.byName("stack-bucket-bucket").inputs.bucket, "team-models");
        assert.equal(mocks.byName("stack-bucket-pv").inputs.spec.csi.volumeAttributes.bucketName, "team-models");
        assert.match(mocks.byName("stack-bucket-s3-access").inputs.policy, /arn:aws:s3:::team-models\/models\/bloom-560m\/\*/);
    });

    test("values unknown during preview (a StackReference output): the volume is planned, its bucket fields stay unknown", async () => {
        const infra = new pulumi.StackReference("org/infra/prod");
        const vol = new mbv.ModelBucketVolume("unknown-bucket", { ...s3, bucket: { name: infra.getOutput("modelBucket"), create: false } });
        await mocks.settle();
        assert.equal(await isKnown(vol.bucketName), false);
        const pv = mocks.byName("unknown-bucket-pv").inputs;
        assert.notEqual(typeof pv.metadata.name, "string", "content names hash the bucket: unknown in preview");
        assert.equal(await isKnown(vol.claimName), false);
        assert.equal(pv.spec.csi.volumeAttributes.authenticationSource, "driver");
        assert.notEqual(typeof pv.spec.csi.volumeAttributes.bucketName, "string", "unknown in preview");
        assert.notEqual(typeof mocks.byName("unknown-bucket-s3-access").inputs.policy, "string", "unknown in preview");
        assert.equal(mocks.byName("unknown-bucket-pvc").inputs.metadata.namespace, "llm");
    });

    test("AccessKey id and secret as an Output and a Promise (pulumi.Input) stay secret in the Secret", async () => {
        new mbv.ModelBucketVolume("promised-keys", {
            cloud: "alicloud",
            region: "cn-beijing",
            bucket: { name: "key-models", create: false },
            oss: { auth: "accessKey", accessKey: { id: Promise.resolve("LTAI-id"), secret: pulumi.secret("s3cr3t") } },
        });
        await mocks.settle();
        const secret = mocks.byName("promised-keys-oss-credentials");
        assert.equal(secret.inputs.stringData["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        assert.deepEqual(secret.inputs.stringData.value, { akId: "LTAI-id", akSecret: "s3cr3t" });
    });

    test("an empty AccessKey id through a Promise rejects naming oss.accessKey.id", async () => {
        const rejections = await rejectionsOf(async () => {
            const r = mbv.resolveModelBucketVolumeArgs("empty-key", {
                cloud: "alicloud",
                region: "cn-beijing",
                bucket: { name: "key-models", create: false },
                oss: { auth: "accessKey", accessKey: { id: Promise.resolve(""), secret: "s3cr3t" } },
            });
            assertNames((await settled(r.args.oss.accessKey!.id)).error, "oss.accessKey.id", /must not be empty/);
        });
        for (const error of rejections) assert.match(String(error), /oss\.accessKey\.id: must not be empty/);
    });

    test("a bad namespace through an Output fails the deployment naming namespace; nothing is created in it", async () => {
        let vol: InstanceType<typeof mbv.ModelBucketVolume> | undefined;
        const before = mocks.registered.length;
        const rejections = await rejectionsOf(async () => {
            vol = new mbv.ModelBucketVolume("bad-ns", { ...oss, namespace: pulumi.output("Bad_Name") });
            assertNames(
                (await settled(vol.ref.namespace)).error,
                "namespace",
                /must be a DNS-1123 label.*the value of namespace, known only after its Output resolved/,
            );
        });
        assert.ok(vol);
        assert.ok(rejections.length > 0, "the registrations that use the namespace fail");
        for (const error of rejections) assert.match(String(error), /namespace: must be a DNS-1123 label/);
        const registered = mocks.registered.slice(before).map((r) => r.name);
        assert.ok(!registered.includes("bad-ns-pv") && !registered.includes("bad-ns-pvc"), `registered: ${registered.join(", ")}`);
    });

    test("a bad bucket name through an Output rejects naming bucket.name with the cloud's rule", async () => {
        const rejections = await rejectionsOf(async () => {
            const ossVol = mbv.resolveModelBucketVolumeArgs("bad-oss", { ...oss, bucket: { name: pulumi.output("Bad_Name") } });
            assertNames(
                (await settled(ossVol.args.bucket.name)).error,
                "bucket.name",
                /^OSS bucket names use only lower-case.*known only after its Output resolved/,
            );
            assertNames((await settled(mbv.ossAccessPolicyDocument(ossVol))).error, "bucket.name", /OSS bucket names/);
            const s3Vol = mbv.resolveModelBucketVolumeArgs("bad-s3", { ...s3, bucket: { name: pulumi.output("models-s3alias") } });
            assertNames((await settled(s3Vol.args.bucket.name)).error, "bucket.name", /reserved suffix/);
            const empty = mbv.resolveModelBucketVolumeArgs("bad-empty", { ...s3, bucket: { name: pulumi.output("") } });
            assertNames((await settled(empty.args.bucket.name)).error, "bucket.name", /must not be empty/);
        });
        for (const error of rejections) assert.match(String(error), /bucket\.name/);
    });
});
