import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiServerAllowlist } from "../../../policy/rules/api-server-allowlist";
import { bucketsPrivateEncrypted } from "../../../policy/rules/buckets-private-encrypted";
import { noStaticCloudKeys } from "../../../policy/rules/no-static-cloud-keys";
import { nodesImdsv2 } from "../../../policy/rules/nodes-imdsv2";
import { namespacesRetained } from "../../../policy/rules/namespaces-retained";
import { statefulRetained } from "../../../policy/rules/stateful-retained";
import { exampleResources, run, violations, withAdded, withEdited } from "./support";

// Real shapes: EKS with an S3 model bucket, and ACK with an OSS bucket it creates.
const eks = exampleResources("eks-vllm");
const eksPrivate = exampleResources("eks-vllm", { config: { publicAccessCidrs: "198.51.100.0/24" } });
const ack = exampleResources("ack-deepspeed-bloom", { config: { createBucket: "true" } });

describe("buckets-private-encrypted", () => {
    test("passes the S3 and OSS buckets ModelBucketVolume creates", async () => {
        assert.deepEqual(await violations(bucketsPrivateEncrypted, eks), []);
        assert.deepEqual(await violations(bucketsPrivateEncrypted, ack), []);
    });

    test("fails an S3 bucket without its public access block, or with a weakened one", async () => {
        const without = eks.filter((r) => r.name !== "models-bucket-public-access-block");
        assert.deepEqual(await violations(bucketsPrivateEncrypted, without), [
            "models-bucket: bucket models-bucket: no BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true",
        ]);
        const weakened = withEdited(eks, "models-bucket-public-access-block", (p) => (p.restrictPublicBuckets = false));
        assert.equal((await violations(bucketsPrivateEncrypted, weakened)).length, 1);
    });

    test("fails an S3 bucket without server-side encryption, or with a public ACL", async () => {
        const unencrypted = eks.filter((r) => r.name !== "models-bucket-encryption");
        assert.deepEqual(await violations(bucketsPrivateEncrypted, unencrypted), [
            "models-bucket: bucket models-bucket: no server-side encryption configuration (AES256, aws:kms, aws:kms:dsse)",
        ]);
        const publicAcl = withEdited(eks, "models-bucket", (p) => (p.acl = "public-read"));
        assert.deepEqual(await violations(bucketsPrivateEncrypted, publicAcl), ["models-bucket: bucket models-bucket: bucket ACL 'public-read' is public"]);
    });

    test("an encryption configuration of another bucket does not count", async () => {
        const elsewhere = withEdited(eks, "models-bucket-encryption", (p) => (p.bucket = "someone-elses-bucket"));
        assert.match((await violations(bucketsPrivateEncrypted, elsewhere)).join(), /no server-side encryption configuration/);
    });

    test("fails an OSS bucket that is public or unencrypted", async () => {
        const publicRead = withEdited(ack, "bloom-models-bucket-acl", (p) => (p.acl = "public-read"));
        assert.deepEqual(await violations(bucketsPrivateEncrypted, publicRead), [
            "bloom-models-bucket: bucket bloom-models-bucket: bloom-models-bucket-acl sets ACL 'public-read'",
        ]);
        const unencrypted = withEdited(ack, "bloom-models-bucket", (p) => delete p.serverSideEncryptionRule);
        assert.match(
            (await violations(bucketsPrivateEncrypted, unencrypted)).join(),
            /no server-side encryption \(serverSideEncryptionRule, AES256, KMS, SM4\)/,
        );
        const unblocked = ack.filter((r) => r.name !== "bloom-models-bucket-public-access-block");
        assert.match((await violations(bucketsPrivateEncrypted, unblocked)).join(), /no BucketPublicAccessBlock with blockPublicAccess true/);
    });
});

describe("no-static-cloud-keys (cloud side)", () => {
    test("passes stacks that use RRSA and EKS Pod Identity", async () => {
        assert.deepEqual(await violations(noStaticCloudKeys, eks), []);
        assert.deepEqual(await violations(noStaticCloudKeys, ack), []);
    });

    test("fails a stack that mints an access key or gives a provider static keys", async () => {
        const minted = withAdded(eks, { type: "aws:iam/accessKey:AccessKey", name: "ci-key", props: { user: "ci" } });
        assert.match((await violations(noStaticCloudKeys, minted)).join(), /ci-key: this stack mints a long-lived access key/);
        const provider = withAdded(ack, {
            type: "pulumi:providers:alicloud",
            name: "static",
            props: { region: "cn-hangzhou", accessKey: "LTAI-id", secretKey: "[secret]" },
        });
        assert.deepEqual(await violations(noStaticCloudKeys, provider), [
            "static: the provider is given a static accessKey: use a profile, an assumed role or the environment of the deploying job",
            "static: the provider is given a static secretKey: use a profile, an assumed role or the environment of the deploying job",
        ]);
    });
});

describe("nodes-imdsv2", () => {
    test("passes the EKS launch templates and ACK node pools GpuCluster creates", async () => {
        assert.deepEqual(await violations(nodesImdsv2, eks), []);
        assert.deepEqual(await violations(nodesImdsv2, ack), []);
    });

    test("fails a launch template that allows IMDSv1, a node group without a launch template, an ACK pool without httpTokens", async () => {
        const v1 = withEdited(eks, "eks-gpu-a10g-lt", (p) => (p.metadataOptions.httpTokens = "optional"));
        assert.deepEqual(await violations(nodesImdsv2, v1), ['eks-gpu-a10g-lt: metadataOptions.httpTokens is optional: set it to "required"']);
        const noTemplate = withEdited(eks, "eks-gpu-a10g", (p) => delete p.launchTemplate);
        assert.match((await violations(nodesImdsv2, noTemplate)).join(), /eks-gpu-a10g: the node group has no launch template/);
        const pool = withEdited(ack, "ack-gpu-gn7i", (p) => delete p.instanceMetadataOptions);
        assert.deepEqual(await violations(nodesImdsv2, pool), ['ack-gpu-gn7i: instanceMetadataOptions.httpTokens is not set: set it to "required"']);
    });

    test("passes GpuCluster's hop limit (1, or 2 with eks.podImdsAccess) and fails a larger one", async () => {
        const rendered = eks.find((r) => r.name === "eks-gpu-a10g-lt")!.props as any;
        assert.equal(rendered.metadataOptions.httpPutResponseHopLimit, 1, "the library's default, which the pack passes above");
        const podAccess = withEdited(eks, "eks-gpu-a10g-lt", (p) => (p.metadataOptions.httpPutResponseHopLimit = 2));
        assert.deepEqual(await violations(nodesImdsv2, podAccess), []);
        const three = withEdited(eks, "eks-gpu-a10g-lt", (p) => (p.metadataOptions.httpPutResponseHopLimit = 3));
        assert.deepEqual(await violations(nodesImdsv2, three), [
            "eks-gpu-a10g-lt: metadataOptions.httpPutResponseHopLimit is 3: at most 2 (1 keeps pods away from the node role's credentials; 2 only for pods that must reach IMDS, GpuCluster eks.podImdsAccess)",
        ]);
        const instance = withAdded(eks, {
            type: "aws:ec2/instance:Instance",
            name: "bastion",
            props: { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 64 } },
        });
        assert.deepEqual((await violations(nodesImdsv2, instance)).length, 2);
    });
});

describe("api-server-allowlist", () => {
    test("passes an EKS endpoint limited to listed networks, or a private one", async () => {
        assert.deepEqual(await violations(apiServerAllowlist, eksPrivate), []);
        const privateOnly = withEdited(eks, "eks-eks", (p) => (p.vpcConfig.endpointPublicAccess = false));
        assert.deepEqual(await violations(apiServerAllowlist, privateOnly), []);
        const privateAck = withEdited(ack, "ack-ack", (p) => (p.slbInternetEnabled = false));
        assert.deepEqual(await violations(apiServerAllowlist, privateAck), []);
    });

    test("fails a public EKS endpoint open to every address, and a public ACK endpoint", async () => {
        assert.match((await violations(apiServerAllowlist, eks)).join(), /eks-eks: the API server endpoint is public to any address/);
        const everyone = withEdited(eksPrivate, "eks-eks", (p) => p.vpcConfig.publicAccessCidrs.push("0.0.0.0/0"));
        assert.deepEqual(await violations(apiServerAllowlist, everyone), [
            "eks-eks: vpcConfig.publicAccessCidrs: 198.51.100.0/24, 0.0.0.0/0 together admit every IPv4 address, which is everyone: list your networks",
        ]);
        const halves = withEdited(eksPrivate, "eks-eks", (p) => (p.vpcConfig.publicAccessCidrs = ["0.0.0.0/1", "128.0.0.0/1"]));
        assert.deepEqual(await violations(apiServerAllowlist, halves), [
            "eks-eks: vpcConfig.publicAccessCidrs: 0.0.0.0/1, 128.0.0.0/1 together admit every IPv4 address, which is everyone: list your networks",
        ]);
        assert.match((await violations(apiServerAllowlist, ack)).join(), /ack-ack: slbInternetEnabled exposes the API server/);
    });
});

describe("stateful-retained", () => {
    test("passes the buckets, volumes and claims ModelBucketVolume keeps on destroy", async () => {
        assert.deepEqual(await violations(statefulRetained, eks), []);
        assert.deepEqual(await violations(statefulRetained, ack), []);
    });

    test("fails a bucket or claim that destroy would delete", async () => {
        const deletable = withEdited(
            withEdited(eks, "models-bucket", () => {}, { retainOnDelete: false }),
            "models-pvc",
            () => {},
            { retainOnDelete: false },
        );
        assert.deepEqual(await violations(statefulRetained, deletable), [
            "models-pvc: models-pvc holds data but pulumi destroy or a replacement would delete it: set retainOnDelete (or protect)",
            "models-bucket: models-bucket holds data but pulumi destroy or a replacement would delete it: set retainOnDelete (or protect)",
        ]);
    });

    test("under pulumi preview (no retainOnDelete in the options) it says it cannot tell, instead of passing", async () => {
        const validate = statefulRetained.validateResource as Function;
        const reasons: string[] = [];
        const args = {
            type: "aws:s3/bucket:Bucket",
            name: "models-bucket",
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
            notApplicable: (reason: string) => {
                reasons.push(reason);
                throw new Error("not applicable");
            },
        };
        assert.throws(() => validate(args, () => assert.fail("no violation without knowing")), /not applicable/);
        assert.match(reasons[0], /does not tell policy packs whether retainOnDelete is set/);
        validate({ ...args, opts: { ...args.opts, protect: true } }, () => assert.fail("protect is enough"));
    });
});

test("the runner makes a rule that reads a value known only after deploy advisory, as the analyzer does in a preview", async () => {
    const unknownTokens = withEdited(eks, "eks-gpu-a10g-lt", (p) => (p.metadataOptions = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
    const result = await run(nodesImdsv2, unknownTokens);
    assert.deepEqual(result.violations, []);
    assert.equal(result.unknown.length, 1);
    assert.match(result.unknown[0].message, /metadataOptions can't be known during preview/);
});

describe("namespaces-retained", () => {
    test("passes the examples' namespaces, which are retained with the claim they hold", async () => {
        assert.deepEqual(await violations(namespacesRetained, eks), []);
        assert.deepEqual(await violations(namespacesRetained, ack), []);
    });

    test("fails a namespace that destroy would delete with the retained claim in it", async () => {
        const deletable = withEdited(eks, "llm", () => {}, { retainOnDelete: false });
        assert.deepEqual(await violations(namespacesRetained, deletable), [
            "llm: Namespace llm holds the retained claim models-pvc: pulumi destroy would delete the namespace and it with it: set retainOnDelete (or protect) on the namespace",
        ]);
    });

    test("a namespace whose claims are not retained, or that holds none, may be deleted", async () => {
        const notRetained = withEdited(
            withEdited(eks, "llm", () => {}, { retainOnDelete: false }),
            "models-pvc",
            () => {},
            { retainOnDelete: false },
        );
        assert.deepEqual(await violations(namespacesRetained, notRetained), []);
        const elsewhere = withEdited(
            withEdited(eks, "llm", () => {}, { retainOnDelete: false }),
            "models-pvc",
            (p) => (p.metadata.namespace = "other"),
        );
        assert.deepEqual(await violations(namespacesRetained, elsewhere), []);
    });

    test("under pulumi preview (no retainOnDelete in the options) it says it cannot tell, instead of passing", async () => {
        const validate = namespacesRetained.validateStack as Function;
        const reasons: string[] = [];
        const opts = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] };
        const resources = [
            { type: "kubernetes:core/v1:Namespace", name: "llm", urn: "ns", props: { metadata: { name: "llm" } }, opts },
            {
                type: "kubernetes:core/v1:PersistentVolumeClaim",
                name: "models-pvc",
                urn: "pvc",
                props: { metadata: { name: "m", namespace: "llm" } },
                opts: { ...opts, protect: true },
            },
        ];
        const notApplicable = (reason: string) => {
            reasons.push(reason);
            throw new Error("not applicable");
        };
        assert.throws(() => validate({ resources, notApplicable }, () => assert.fail("no violation without knowing")), /not applicable/);
        assert.match(reasons[0], /does not tell policy packs whether retainOnDelete is set/);
        resources[0].opts = { ...opts, protect: true };
        validate({ resources, notApplicable }, () => assert.fail("protect is enough"));
    });
});
