import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { resolveGpuClusterArgs } from "../../../src/cloud/gpu-cluster/validate";
import { planNetwork } from "../../../src/cloud/gpu-cluster/network";
import { formatCidr, overlaps, parseCidr, subnet } from "../../../src/cloud/gpu-cluster/cidr";
import { ackExecKubeconfig, eksKubeconfig, kubeconfigCluster } from "../../../src/cloud/gpu-cluster/kubeconfig";
import { checkModelFits } from "../../../src/core/sizing";
import { clusterVersions } from "../../../src/core/versions";
import { ackCluster as ack, eksCluster as eks } from "../../support/gpu-clusters";

describe("defaults", () => {
    test("pinned Kubernetes versions per cloud, a /16 VPC over the given zones, secure defaults on", () => {
        const e = resolveGpuClusterArgs("gpu", eks);
        assert.equal(e.kubernetesVersion, clusterVersions.eksKubernetes);
        assert.equal(resolveGpuClusterArgs("gpu", ack).kubernetesVersion, clusterVersions.ackKubernetes);
        assert.equal(e.args.secretsEncryption.enabled, true);
        assert.equal(e.args.nodeDiskEncryption, true);
        assert.equal(e.eks.amiType, "AL2023_x86_64_NVIDIA");
        assert.equal(e.eks.podImdsAccess, false);
        assert.equal(e.network.mode === "new" && e.network.natGateways, "single");
        assert.deepEqual(e.systemPool.instanceTypes, ["m6i.xlarge", "m5.xlarge"]);
        assert.deepEqual([e.systemPool.minSize, e.systemPool.desiredSize, e.systemPool.maxSize], [2, 2, 2]);
        assert.deepEqual([e.gpuPools[0].minSize, e.gpuPools[0].desiredSize, e.gpuPools[0].maxSize, e.gpuPools[0].diskSizeGiB], [1, 1, 1, 200]);
        assert.equal(resolveGpuClusterArgs("gpu", ack).ack.credential, "exec");
    });

    test("sizes fill in from each other: desired defaults to min, max to desired, min shrinks to fit", () => {
        const pool = (sizes: object) => resolveGpuClusterArgs("gpu", { ...eks, gpuPools: [{ name: "p", instanceTypes: ["g5.xlarge"], ...sizes }] }).gpuPools[0];
        const p1 = pool({ minSize: 1, maxSize: 4 });
        assert.deepEqual([p1.minSize, p1.desiredSize, p1.maxSize, p1.autoscaled], [1, 1, 4, true]);
        const p2 = pool({ desiredSize: 3 });
        assert.deepEqual([p2.minSize, p2.desiredSize, p2.maxSize, p2.autoscaled], [1, 3, 3, true]);
        const p3 = pool({ desiredSize: 0 });
        assert.deepEqual([p3.minSize, p3.desiredSize, p3.maxSize], [0, 0, 1]);
        const sys = resolveGpuClusterArgs("gpu", { ...eks, systemPool: { maxSize: 1 } }).systemPool;
        assert.deepEqual([sys.minSize, sys.desiredSize, sys.maxSize, sys.autoscaled], [1, 1, 1, false]);
    });

    test("GPU pools get the pool label, the GPU taint and a scheduling handle from the catalog", () => {
        const p = resolveGpuClusterArgs("gpu", ack).gpuPools[0];
        assert.deepEqual(p.labels, { "llm-serving/pool": "a10", "nvidia.com/gpu.present": "true" });
        assert.deepEqual(p.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(p.scheduling, {
            nodeSelector: { "llm-serving/pool": "a10" },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
            gpuResourceName: "nvidia.com/gpu",
            gpuMemoryGiB: 24,
            gpusPerNode: 2,
            gpuModel: "NVIDIA A10",
        });
    });

    test("a mixed pool takes the smallest GPU count and memory, and no model when they differ", () => {
        const p = resolveGpuClusterArgs("gpu", { ...eks, gpuPools: [{ name: "mixed", instanceTypes: ["g6e.12xlarge", "g5.xlarge"] }] }).gpuPools[0];
        assert.deepEqual([p.scheduling.gpusPerNode, p.scheduling.gpuMemoryGiB, p.scheduling.gpuModel], [1, 24, undefined]);
    });

    test("a type the catalog does not know is described by the pool's gpu block", () => {
        const p = resolveGpuClusterArgs("gpu", {
            ...eks,
            gpuPools: [{ name: "new", instanceTypes: ["g7.4xlarge"], gpu: { model: "NVIDIA X", memoryGiB: 96, count: 1 } }],
        }).gpuPools[0];
        assert.deepEqual([p.scheduling.gpuModel, p.scheduling.gpuMemoryGiB, p.scheduling.gpusPerNode], ["NVIDIA X", 96, 1]);
    });

    test("ACK shared GPUs: the schedule label, aliyun.com/gpu-mem and a preview warning about ack-ai-installer", () => {
        const r = resolveGpuClusterArgs("gpu", { ...ack, gpuPools: [{ name: "shared", instanceTypes: ["ecs.gn7i-c8g1.2xlarge"], gpuSharing: "cgpu" }] });
        assert.equal(r.gpuPools[0].labels["ack.node.gpu.schedule"], "cgpu");
        assert.equal(r.gpuPools[0].scheduling.gpuResourceName, "aliyun.com/gpu-mem");
        assert.match(r.warnings[0], /ack-ai-installer/);
    });

    test("the scheduling handle is what serving size checks need: a 13B float16 model fits the two A10s of a node, not one", () => {
        const p = resolveGpuClusterArgs("gpu", ack).gpuPools[0].scheduling;
        const parameters = 13_000_000_000;
        assert.equal(checkModelFits({ parameters, dtype: "float16", gpus: p.gpusPerNode!, gpuMemoryGiB: p.gpuMemoryGiB! }).fits, true);
        assert.equal(checkModelFits({ parameters, dtype: "float16", gpus: 1, gpuMemoryGiB: p.gpuMemoryGiB! }).fits, false);
    });
});

describe("network planning", () => {
    test("EKS: private then public blocks; ACK: one vSwitch block per zone", () => {
        assert.deepEqual(planNetwork("aws", "10.0.0.0/16", 2), {
            vpcCidr: "10.0.0.0/16",
            privateSubnets: ["10.0.0.0/18", "10.0.64.0/18"],
            publicSubnets: ["10.0.128.0/18", "10.0.192.0/18"],
        });
        assert.deepEqual(planNetwork("aws", "10.1.0.0/16", 3).publicSubnets, ["10.1.96.0/19", "10.1.128.0/19", "10.1.160.0/19"]);
        assert.deepEqual(planNetwork("alicloud", "192.168.0.0/16", 3).privateSubnets, ["192.168.0.0/18", "192.168.64.0/18", "192.168.128.0/18"]);
        assert.deepEqual(planNetwork("alicloud", "192.168.0.0/16", 3).publicSubnets, []);
    });

    test("CIDR arithmetic: parsing refuses host bits, subnets and overlaps are exact", () => {
        assert.equal(parseCidr("10.0.0.1/16"), undefined);
        assert.equal(parseCidr("10.0.0.0/33"), undefined);
        assert.equal(parseCidr("256.0.0.0/8"), undefined);
        assert.equal(formatCidr(subnet(parseCidr("10.0.0.0/16")!, 4, 15)), "10.0.240.0/20");
        assert.equal(overlaps(parseCidr("172.20.0.0/16")!, parseCidr("172.21.0.0/20")!), false);
        assert.equal(overlaps(parseCidr("10.0.0.0/8")!, parseCidr("10.200.0.0/16")!), true);
    });
});

describe("kubeconfigs", () => {
    test("EKS: aws eks get-token for the cluster and region, with an optional role and profile; no token stored", () => {
        const kc = parse(
            eksKubeconfig({
                clusterName: "gpu-eks-1a2b",
                endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
                caData: "LS0tCA==",
                region: "us-east-1",
                roleArn: "arn:aws:iam::123456789012:role/deployer",
                profile: "prod",
            }),
        );
        assert.equal(kc.clusters[0].cluster.server, "https://ABC.gr7.us-east-1.eks.amazonaws.com");
        const exec = kc.users[0].user.exec;
        assert.equal(exec.command, "aws");
        assert.deepEqual(exec.args, [
            "eks",
            "get-token",
            "--cluster-name",
            "gpu-eks-1a2b",
            "--region",
            "us-east-1",
            "--output",
            "json",
            "--role-arn",
            "arn:aws:iam::123456789012:role/deployer",
        ]);
        assert.deepEqual(exec.env, [{ name: "AWS_PROFILE", value: "prod" }]);
        assert.equal(exec.apiVersion, "client.authentication.k8s.io/v1beta1");
        assert.equal(kc.users[0].user.token, undefined);
    });

    test("ACK: the API server and CA of getClusterCredential's kubeconfig, with the ack-ram-tool plugin instead of its client certificate", () => {
        const credential = [
            "apiVersion: v1",
            "clusters:",
            "- cluster:",
            "    server: https://47.96.10.20:6443",
            "    certificate-authority-data: LS0tLS1CRUdJTg==",
            "  name: kubernetes",
            "contexts:",
            "- context:",
            "    cluster: kubernetes",
            '    user: "27001234"',
            "  name: 27001234-c5e1f2",
            "current-context: 27001234-c5e1f2",
            "kind: Config",
            "preferences: {}",
            "users:",
            '- name: "27001234"',
            "  user:",
            "    client-certificate-data: Q0VSVA==",
            "    client-key-data: S0VZ",
        ].join("\n");
        assert.deepEqual(kubeconfigCluster(credential), { server: "https://47.96.10.20:6443", caData: "LS0tLS1CRUdJTg==" });
        const kc = ackExecKubeconfig({ clusterId: "c5e1f2", ...kubeconfigCluster(credential), region: "cn-hangzhou" });
        assert.ok(!kc.includes("client-key-data") && !kc.includes("S0VZ"));
        const exec = parse(kc).users[0].user.exec;
        assert.equal(exec.command, "ack-ram-tool");
        assert.deepEqual(exec.args.slice(0, 4), ["credential-plugin", "get-credential", "--cluster-id", "c5e1f2"]);
        assert.ok(exec.args.includes("--region-id") && exec.args.includes("cn-hangzhou"));
        assert.throws(() => kubeconfigCluster("apiVersion: v1\nkind: Config\n"), /no server/);
    });
});
