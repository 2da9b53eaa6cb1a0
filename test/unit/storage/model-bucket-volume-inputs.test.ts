/**
 * Issue 17 §5, "no silent accepts" for object storage: bucket prefixes that would widen the access
 * grant, regions of the other cloud, partial pod identities and mount paths serving pods use are
 * refused naming the field, before anything is registered; what is accepted renders safely.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, expectArgError, type MockRecorder } from "../../support/mocks";
import { rejectionsOf as rejectionsDuring } from "../../support/outputs";
import type { ModelBucketVolumeArgs } from "../../../src/storage/model-bucket-volume/args";
import { ackIdentity, eksIdentity, oss, s3 } from "../../support/volumes";

const mocks: MockRecorder = installMocks({ preview: true });
const rejectionsOf = (fn: () => unknown) => rejectionsDuring(mocks, fn);
let mbv: typeof import("../../../src/storage/model-bucket-volume");
before(async () => {
    mbv = await import("../../../src/storage/model-bucket-volume");
});

/** Constructs the component expecting an InputPropertiesError at `field`, with nothing registered; returns the reason given there. */
function refused(args: unknown, field: string, name = "bad"): string {
    const before = mocks.registered.length;
    const err = expectArgError(() => new mbv.ModelBucketVolume(name, args as ModelBucketVolumeArgs), field);
    assert.match(err.message, /invalid arguments for ModelBucketVolume/);
    assert.equal(mocks.registered.length, before, "nothing registered");
    return err.errors.find((e) => e.propertyPath === field)!.reason;
}

describe("1. bucket prefix: nothing that widens the IAM/RAM grant or changes the mount", () => {
    const cases: [string, string, RegExp][] = [
        ["'*' wildcard", "models/*", /'\*' or '\?'.*wildcards/],
        ["'*' inside a segment", "models/llama*", /wildcards/],
        ["'?' wildcard", "models/bloom-?b", /wildcards/],
        ["IAM policy variable", "models/${aws:username}", /policy variable/],
        ["'..' segment", "models/../secrets", /'\.\.' segments/],
        ["'.' segment", "./models", /'\.' or '\.\.' segments/],
        ["'..' alone", "..", /segments/],
        ["empty segment", "models//bloom", /empty segments/],
        ["two trailing slashes", "models/bloom//", /empty segments/],
        ["leading '/'", "/models", /must not start with '\/'/],
        ["a space (would add a Mountpoint option)", "models/bloom allow-delete", /found ' '/],
        ["a comma", "models,allow-delete", /found ','/],
        ["a newline", "models\nbloom", /only letters, digits/],
    ];
    for (const [title, prefix, reason] of cases) {
        for (const [cloud, args] of [
            ["S3", s3],
            ["OSS", oss],
        ] as const) {
            test(`${cloud}: ${title} -> prefix`, () => assert.match(refused({ ...args, prefix }, "prefix"), reason));
        }
    }

    test("OSS grant covers '<prefix>/*', not '<prefix>*' (which matched 'bloom-7b1-private/...')", () => {
        const doc = JSON.parse(mbv.ossAccessPolicyDocument(mbv.resolveModelBucketVolumeArgs("bloom", oss)) as string);
        assert.deepEqual(doc.Statement[0].Resource, ["acs:oss:*:*:team-models", "acs:oss:*:*:team-models/bloom-7b1/*"]);
        const whole = JSON.parse(mbv.ossAccessPolicyDocument(mbv.resolveModelBucketVolumeArgs("bloom", { ...oss, prefix: undefined })) as string);
        assert.deepEqual(whole.Statement[0].Resource, ["acs:oss:*:*:team-models", "acs:oss:*:*:team-models/*"]);
    });

    test("one trailing '/' renders what the prefix without it renders (policy, mount options, ossfs path)", () => {
        const plainS3 = mbv.resolveModelBucketVolumeArgs("bloom", s3);
        const slashS3 = mbv.resolveModelBucketVolumeArgs("bloom", { ...s3, prefix: "models/bloom-560m/" });
        assert.equal(mbv.s3AccessPolicyDocument(slashS3), mbv.s3AccessPolicyDocument(plainS3));
        assert.deepEqual(mbv.s3MountOptions(slashS3), ["allow-other", "region us-east-1", "prefix models/bloom-560m/"]);
        const doc = JSON.parse(mbv.s3AccessPolicyDocument(slashS3) as string);
        assert.deepEqual(doc.Statement[0].Condition.StringLike["s3:prefix"], ["models/bloom-560m/*", "models/bloom-560m"]);
        assert.deepEqual(doc.Statement[1].Resource, ["arn:aws:s3:::team-models/models/bloom-560m/*"]);
        const slashOss = mbv.resolveModelBucketVolumeArgs("bloom", { ...oss, prefix: "bloom-7b1/" });
        assert.equal(mbv.ossAccessPolicyDocument(slashOss), mbv.ossAccessPolicyDocument(mbv.resolveModelBucketVolumeArgs("bloom", oss)));
        assert.equal((mbv.renderPersistentVolume(slashOss).spec as any).csi.volumeAttributes.path, "/bloom-7b1");
    });

    test("ordinary model directory names are accepted", () => {
        for (const prefix of ["models/Llama-3.1-8B-Instruct", "qwen2.5_7b", "a/b/c", ""]) {
            assert.doesNotThrow(() => mbv.resolveModelBucketVolumeArgs("ok", { ...s3, prefix }), prefix);
        }
    });
});

describe("2. region checked per cloud", () => {
    const cases: [string, ModelBucketVolumeArgs, RegExp][] = [
        [
            "Alibaba Cloud region with cloud aws",
            { ...s3, region: "cn-hangzhou" },
            /'cn-hangzhou' is an Alibaba Cloud region id, but cloud is 'aws': expected AWS region ids such as 'us-east-1'/,
        ],
        ["Alibaba Cloud finance region with cloud aws", { ...s3, region: "cn-shanghai-finance-1" }, /is an Alibaba Cloud region id, but cloud is 'aws'/],
        [
            "AWS China region with cloud alicloud",
            { ...oss, region: "cn-north-1" },
            /'cn-north-1' is an AWS region id, but cloud is 'alicloud': expected Alibaba Cloud region ids such as 'cn-hangzhou', 'ap-southeast-1'/,
        ],
        ["AWS GovCloud region with cloud alicloud", { ...oss, region: "us-gov-west-1" }, /is an AWS region id, but cloud is 'alicloud'/],
        ["neither cloud's form", { ...s3, region: "us-east" }, /'us-east' is not an AWS region id: expected AWS region ids such as/],
        ["not a region id at all", { ...oss, region: "Hangzhou" }, /must be a region id/],
    ];
    for (const [title, args, reason] of cases) test(`${title} -> region`, () => assert.match(refused(args, "region"), reason));

    test("each cloud's own forms are accepted", () => {
        for (const region of ["us-east-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "il-central-1"]) {
            assert.doesNotThrow(() => mbv.resolveModelBucketVolumeArgs("ok", { ...s3, region }), region);
        }
        for (const region of ["cn-hangzhou", "cn-wulanchabu", "cn-shanghai-finance-1", "ap-southeast-1", "us-west-1", "eu-central-1", "me-east-1"]) {
            assert.doesNotThrow(() => mbv.resolveModelBucketVolumeArgs("ok", { ...oss, region }), region);
        }
    });
});

describe("3. podIdentity is complete or refused before anything is registered", () => {
    test("reproduction: a partial EKS identity used to throw \"Missing required property 'role'\" after the bucket was registered", () => {
        const reason = refused({ ...s3, podIdentity: { cloud: "aws", clusterName: "gpu" } }, "podIdentity.s3CsiDriverRoleName", "partial");
        assert.match(reason, /is required: the IAM role of the Mountpoint for S3 CSI driver/);
    });

    const cases: [string, ModelBucketVolumeArgs | any, string][] = [
        ["EKS identity without the driver role", { ...s3, podIdentity: { cloud: "aws", clusterName: "gpu" } }, "podIdentity.s3CsiDriverRoleName"],
        ["EKS identity with an empty cluster name", { ...s3, podIdentity: { ...eksIdentity, clusterName: "" } }, "podIdentity.clusterName"],
        [
            "EKS identity with an empty driver role, adopted bucket",
            { ...s3, bucket: { name: "team-models", create: false }, podIdentity: { ...eksIdentity, s3CsiDriverRoleName: "" } },
            "podIdentity.s3CsiDriverRoleName",
        ],
        [
            "ACK identity without the issuer (trust policy without 'oidc:iss')",
            { ...oss, podIdentity: { cloud: "alicloud", oidcProviderArn: ackIdentity.oidcProviderArn } },
            "podIdentity.oidcIssuerUrl",
        ],
        [
            "ACK identity without the provider ARN",
            { ...oss, podIdentity: { cloud: "alicloud", oidcIssuerUrl: ackIdentity.oidcIssuerUrl } },
            "podIdentity.oidcProviderArn",
        ],
        [
            "ACK identity with the other cloud's fields",
            { ...oss, podIdentity: { cloud: "alicloud", clusterName: "gpu", s3CsiDriverRoleName: "r" } },
            "podIdentity.oidcProviderArn",
        ],
        ["identity with an unknown field", { ...s3, podIdentity: { ...eksIdentity, roleArn: "arn:aws:iam::1:role/x" } }, "podIdentity.roleArn"],
        ["identity of an unknown cloud", { ...s3, podIdentity: { cloud: "gcp" } }, "podIdentity.cloud"],
        ["identity that is not an object", { ...s3, podIdentity: "gpu" }, "podIdentity"],
        ["EKS identity with a number for the role", { ...s3, podIdentity: { ...eksIdentity, s3CsiDriverRoleName: 42 } }, "podIdentity.s3CsiDriverRoleName"],
    ];
    for (const [title, args, field] of cases) test(`${title} -> ${field}`, () => void refused(args, field));

    test("an ACK issuer URL that resolves to undefined (RRSA off) fails naming podIdentity.oidcIssuerUrl; no trust policy without it is planned", async () => {
        const rejections = await rejectionsOf(async () => {
            new mbv.ModelBucketVolume("rrsa-off", { ...oss, podIdentity: { ...ackIdentity, oidcIssuerUrl: pulumi.output(undefined as unknown as string) } });
            await mocks.settle();
        });
        assert.ok(rejections.length > 0, "the registration that uses the issuer fails");
        for (const error of rejections) assert.match(String(error), /podIdentity\.oidcIssuerUrl: is required/);
        const role = mocks.registered.find((r) => r.name === "rrsa-off-rrsa-role");
        assert.ok(role === undefined || typeof role.inputs.assumeRolePolicyDocument !== "string", "no trust policy was planned");
    });
});

describe("4. mount path clear of the paths serving pods use", () => {
    const cases: [string, string, RegExp][] = [
        ["/dev/shm", "/dev/shm", /'\/dev\/shm' is the memory-backed \/dev\/shm/],
        ["inside /dev/shm", "/dev/shm/models", /is inside \/dev\/shm/],
        ["/dev", "/dev", /would hide \/dev\/shm/],
        ["the root", "/", /would hide/],
        ["/etc (hides /etc/hosts)", "/etc", /would hide \/etc\/hosts/],
        ["/var (hides the service account token)", "/var", /would hide \/var\/run\/secrets/],
        ["the service account token", "/var/run/secrets/kubernetes.io/serviceaccount", /service account token/],
        ["/proc", "/proc/models", /kernel's process filesystem/],
        ["Triton's generated repository", "/models", /Triton's generated model repository/],
        ["Triton's model configuration", "/etc/triton", /would hide \/etc\/triton\/model-config/],
        ["DJL Serving's model store", "/opt/ml/model", /DJL Serving's model store/],
        ["OpenLLM's cache", "/var/cache/openllm/models", /OpenLLM's cache/],
        ["the download job's scratch", "/scratch", /download job's scratch/],
        ["an image directory", "/usr", /would hide the image's \/usr directory/],
        ["/tmp itself", "/tmp", /\/tmp directory/],
        ["'..' walking into /dev/shm", "/mnt/../dev/shm", /normalized/],
        ["'.' segment", "/mnt/./models", /normalized/],
        ["empty segment", "/mnt//models", /normalized/],
        ["relative", "mnt/models", /absolute/],
    ];
    for (const [title, mountPath, reason] of cases) test(`${title} -> mountPath`, () => assert.match(refused({ ...s3, mountPath }, "mountPath"), reason));

    test("the default and ordinary paths are accepted; the ref carries them", () => {
        for (const mountPath of ["/mnt/models", "/mnt/models/", "/data/models", "/tmp/models", "/opt/models"]) {
            assert.equal(mbv.volumeRef(mbv.resolveModelBucketVolumeArgs("ok", { ...s3, mountPath })).mountPath, mountPath);
        }
        assert.equal(mbv.volumeRef(mbv.resolveModelBucketVolumeArgs("ok", s3)).mountPath, "/mnt/models");
    });
});
