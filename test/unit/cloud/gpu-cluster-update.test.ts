import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { installMocks, valueOf, type MockRecorder } from "../../support/mocks";
import type { GpuClusterArgs } from "../../../src/cloud/gpu-cluster/args";
import type { ModelBucketVolumeArgs } from "../../../src/storage/model-bucket-volume/args";

/** `DescribeClusterUserKubeconfig` as `alicloud.cs.getClusterCredential` returns it (certificate data shortened). */
const ACK_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    server: https://47.96.10.20:6443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: "27001234"
  name: 27001234-cluster
current-context: 27001234-cluster
kind: Config
preferences: {}
users:
- name: "27001234"
  user:
    client-certificate-data: Q0xJRU5ULUNFUlQ=
    client-key-data: Q0xJRU5ULUtFWQ==
`;
const credentialCalls: Record<string, any>[] = [];
const mocks: MockRecorder = installMocks({
    preview: false,
    calls: {
        "alicloud:cs/getClusterCredential:getClusterCredential": (inputs) => {
            credentialCalls.push(inputs);
            return {
                id: inputs.clusterId,
                clusterId: inputs.clusterId,
                clusterName: "gpu-ack-20261122",
                kubeConfig: ACK_KUBECONFIG,
                expiration: "2026-11-23T10:00:00Z",
                certificateAuthority: { clusterCert: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", clientCert: "Q0xJRU5ULUNFUlQ=", clientKey: "Q0xJRU5ULUtFWQ==" },
                temporaryDurationMinutes: inputs.temporaryDurationMinutes,
            };
        },
    },
    outputs: {
        "aws:eks/cluster:Cluster": (name) => ({
            name: `${name}-5f3c2a1`,
            arn: `arn:aws:eks:us-east-1:123456789012:cluster/${name}-5f3c2a1`,
            endpoint: "https://0A1B2C3D4E.gr7.us-east-1.eks.amazonaws.com",
            certificateAuthority: { data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" },
        }),
        "aws:iam/role:Role": (name) => ({ name: `${name}-9d8e7f6`, arn: `arn:aws:iam::123456789012:role/${name}-9d8e7f6` }),
        "aws:kms/key:Key": (name) => ({ arn: `arn:aws:kms:us-east-1:123456789012:key/${name}` }),
        "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
        "alicloud:cs/managedKubernetes:ManagedKubernetes": () => ({
            name: "gpu-ack-20261122",
            rrsaMetadata: {
                enabled: true,
                ramOidcProviderArn: "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c5e1f2",
                ramOidcProviderName: "ack-rrsa-c5e1f2",
                rrsaOidcIssuerUrl: "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c5e1f2",
            },
        }),
        "alicloud:vpc/natGateway:NatGateway": () => ({ snatTableIds: "stb-bp1snat" }),
        "alicloud:ecs/eipAddress:EipAddress": () => ({ ipAddress: "47.96.1.2" }),
    },
});
let cloud: typeof import("../../../src/cloud");
let storage: typeof import("../../../src/storage/model-bucket-volume");
before(async () => {
    cloud = await import("../../../src/cloud");
    storage = await import("../../../src/storage/model-bucket-volume");
});

const eks: GpuClusterArgs = {
    cloud: "aws",
    region: "us-east-1",
    network: { zones: ["us-east-1a", "us-east-1b"] },
    gpuPools: [{ name: "l4", instanceTypes: ["g6.2xlarge"] }],
};
const ack: GpuClusterArgs = {
    cloud: "alicloud",
    region: "cn-hangzhou",
    network: { zones: ["cn-hangzhou-h", "cn-hangzhou-i"] },
    gpuPools: [{ name: "a10x2", instanceTypes: ["ecs.gn7i-c32g1.16xlarge"] }],
};

/** A ModelBucketVolume of the bucket `team-models` for namespace `llm`, reached through a cluster's pod identity. */
const teamModels = (name: string, cloud: ModelBucketVolumeArgs["cloud"], region: string, podIdentity: ModelBucketVolumeArgs["podIdentity"]) =>
    new storage.ModelBucketVolume(name, { cloud, region, namespace: "llm", bucket: { name: "team-models" }, podIdentity });

async function secretValue(o: pulumi.Output<string>): Promise<{ secret: boolean; value: string | undefined }> {
    return { secret: await (o as any).isSecret, value: await valueOf(o) };
}

describe("GpuCluster after deploy (update mode)", () => {
    test("EKS: a secret kubeconfig with aws eks get-token for the created cluster; the provider is keyed by the cluster id", async () => {
        const cluster = new cloud.GpuCluster("gpu", eks);
        const kubeconfig = await secretValue(cluster.kubeconfig);
        await mocks.settle();
        assert.equal(kubeconfig.secret, true);
        const kc = parse(kubeconfig.value!);
        assert.equal(kc.clusters[0].cluster.server, "https://0A1B2C3D4E.gr7.us-east-1.eks.amazonaws.com");
        assert.deepEqual(kc.users[0].user.exec.args.slice(0, 4), ["eks", "get-token", "--cluster-name", "gpu-eks-5f3c2a1"]);
        const provider = mocks.byName("gpu-k8s");
        assert.equal(provider.inputs.clusterIdentifier, "gpu-eks-id");
        assert.equal(await valueOf(cluster.clusterName), "gpu-eks-5f3c2a1");
        assert.equal(
            await valueOf(pulumi.output(cluster.podIdentity.cloud === "aws" ? cluster.podIdentity.s3CsiDriverRoleName : "")),
            "gpu-s3-csi-role-9d8e7f6",
        );
    });

    test("EKS: ModelBucketVolume grants the Mountpoint driver's role its bucket from the cluster's pod identity", async () => {
        const cluster = new cloud.GpuCluster("shared", eks);
        teamModels("models", "aws", "us-east-1", cluster.podIdentity);
        await mocks.settle();
        assert.equal(mocks.byName("models-s3-access").inputs.role, "shared-s3-csi-role-9d8e7f6");
    });

    test("ACK (exec, the default): the credential is fetched only for the server and CA; the kubeconfig runs ack-ram-tool", async () => {
        const cluster = new cloud.GpuCluster("ack", ack);
        const kubeconfig = await secretValue(cluster.kubeconfig);
        await mocks.settle();
        assert.deepEqual(credentialCalls.at(-1), { clusterId: "ack-ack-id", temporaryDurationMinutes: 15 });
        assert.equal(kubeconfig.secret, true);
        assert.ok(!kubeconfig.value!.includes("Q0xJRU5ULUtFWQ=="), "no client key");
        const kc = parse(kubeconfig.value!);
        assert.equal(kc.clusters[0].cluster.server, "https://47.96.10.20:6443");
        assert.equal(kc.users[0].user.exec.command, "ack-ram-tool");
        assert.equal(mocks.byName("ack-k8s").inputs.clusterIdentifier, "ack-ack-id");
        const identity = cluster.podIdentity;
        assert.equal(identity.cloud, "alicloud");
        if (identity.cloud === "alicloud") {
            assert.equal(await valueOf(pulumi.output(identity.oidcProviderArn)), "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c5e1f2");
            assert.equal(await valueOf(pulumi.output(identity.oidcIssuerUrl)), "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c5e1f2");
        }
    });

    test("ACK (certificate): the temporary credential's own kubeconfig, valid for the minutes asked", async () => {
        const cluster = new cloud.GpuCluster("cert", { ...ack, ack: { credential: "certificate", credentialMinutes: 120 } });
        const kubeconfig = await secretValue(cluster.kubeconfig);
        await mocks.settle();
        assert.deepEqual(credentialCalls.at(-1), { clusterId: "cert-ack-id", temporaryDurationMinutes: 120 });
        assert.equal(kubeconfig.value, ACK_KUBECONFIG);
        assert.equal(kubeconfig.secret, true);
    });

    test("ACK: ModelBucketVolume builds its RRSA role from the cluster's OIDC provider", async () => {
        const cluster = new cloud.GpuCluster("rrsa", ack);
        teamModels("bloom", "alicloud", "cn-hangzhou", cluster.podIdentity);
        await mocks.settle();
        const role = mocks.registered.find((r) => r.type === "alicloud:ram/role:Role" && r.name.startsWith("bloom"));
        assert.ok(role, "an RRSA role");
        assert.match(JSON.stringify(role.inputs), /ack-rrsa-c5e1f2/);
    });
});
