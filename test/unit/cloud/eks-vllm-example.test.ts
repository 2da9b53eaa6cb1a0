import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { charts, clusterVersions } from "../../../src/core/versions";

const plan = planExample("examples/eks-vllm");
const cloud = (type: string, name: string) => {
    const found = plan.cloud.filter((c) => c.type === type && c.name === name);
    assert.equal(found.length, 1, `${type} ${name}`);
    return found[0].inputs as Record<string, any>;
};

test("the cloud side: a VPC, EKS with encrypted Secrets, system and GPU node groups, Pod Identity + Mountpoint add-ons, a private bucket", () => {
    const types = plan.cloud.map((c) => c.type);
    for (const t of [
        "aws:ec2/vpc:Vpc",
        "aws:ec2/natGateway:NatGateway",
        "aws:eks/cluster:Cluster",
        "aws:eks/nodeGroup:NodeGroup",
        "aws:eks/addon:Addon",
        "aws:kms/key:Key",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:iam/rolePolicy:RolePolicy",
        "pulumi:providers:kubernetes",
    ]) {
        assert.ok(types.includes(t), t);
    }
    assert.ok(!types.some((t) => /accessKey/i.test(t)), "no static keys");
    const eks = cloud("aws:eks/cluster:Cluster", "eks-eks");
    assert.equal(eks.version, clusterVersions.eksKubernetes);
    assert.equal(eks.accessConfig.authenticationMode, "API");
    assert.deepEqual(eks.encryptionConfig.resources, ["secrets"]);
    assert.deepEqual(cloud("aws:ec2/subnet:Subnet", "eks-private-1").availabilityZone, "us-east-1b");
});

test("the GPU node group: g5/g6 on the NVIDIA AMI with the GPU taint, IMDSv2 and a 200 GiB encrypted disk", () => {
    const gpu = cloud("aws:eks/nodeGroup:NodeGroup", "eks-gpu-a10g");
    assert.deepEqual(gpu.instanceTypes, ["g5.2xlarge", "g6.2xlarge"]);
    assert.equal(gpu.amiType, "AL2023_x86_64_NVIDIA");
    assert.deepEqual(gpu.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
    assert.deepEqual(gpu.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 1 });
    const lt = cloud("aws:ec2/launchTemplate:LaunchTemplate", "eks-gpu-a10g-lt");
    assert.equal(lt.metadataOptions.httpTokens, "required");
    assert.deepEqual(lt.blockDeviceMappings[0].ebs, { volumeSize: 200, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" });
    const s3 = cloud("aws:eks/addon:Addon", "eks-s3-csi-driver");
    assert.equal(s3.podIdentityAssociations[0].serviceAccount, "s3-csi-driver-sa");
});

test("the device plugin comes from the pinned chart", () => {
    assert.deepEqual(
        plan.helmReleases.map((h) => [h.name, h.inputs.chart, h.inputs.version]),
        [["eks-nvidia-device-plugin", "nvidia-device-plugin", charts.nvidiaDevicePlugin.version]],
    );
});

test("on the cluster: namespace, the S3 volume and vLLM scheduled on the GPU pool, all schema-valid", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/llama-2-7b-serviceaccount",
            "PersistentVolume/models-pv",
            "PersistentVolumeClaim/models-pvc",
            "Service/llama-2-7b-service",
            "Deployment/llama-2-7b-deployment",
            "NetworkPolicy/llama-2-7b-networkpolicy",
        ],
    );
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
    const pv = plan.kubernetes.find((k) => k.object.kind === "PersistentVolume")!.object;
    assert.equal(pv.spec.csi.driver, "s3.csi.aws.com");
    assert.equal(pv.spec.csi.volumeAttributes.bucketName, "llm-serving-dev-eks-models");
    const pod = plan.kubernetes.find((k) => k.object.kind === "Deployment")!.object.spec.template.spec;
    assert.deepEqual(pod.nodeSelector, { "llm-serving/pool": "a10g" });
    assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    const c = pod.containers[0];
    assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
    assert.ok(c.args.includes("--model=/mnt/models/llama-2-7b-chat-hf"));
    assert.equal(plan.outputs.openAiBaseUrl, "http://llama-2-7b.llm.svc.cluster.local:8000/v1");
});

test("the kubeconfig is not known offline and never printed; kubernetes.yaml parses back for kubectl", () => {
    assert.equal(cloud("pulumi:providers:kubernetes", "eks-k8s").kubeconfig, "[secret]");
    assert.ok(!plan.text["plan.json"].includes("eks get-token"), "nothing of the kubeconfig is invented");
    const docs = parseAllDocuments(plan.text["kubernetes.yaml"]).map((d) => d.toJS());
    assert.deepEqual(
        docs,
        plan.kubernetes.map((k) => k.object),
    );
});

test("two runs write byte-identical plans", () => {
    const again = planExample("examples/eks-vllm");
    for (const file of Object.keys(plan.text)) assert.equal(again.text[file], plan.text[file], file);
});
