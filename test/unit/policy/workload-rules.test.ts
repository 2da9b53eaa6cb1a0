import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gpusMatchParallelism } from "../../../policy/rules/gpus-match-parallelism";
import { imageProblem, imagesPinned } from "../../../policy/rules/images-pinned";
import { noStaticCloudKeys } from "../../../policy/rules/no-static-cloud-keys";
import { servingPodLimits } from "../../../policy/rules/serving-pod-limits";
import { shmForParallelism } from "../../../policy/rules/shm-for-parallelism";
import { exampleResources, violations, withAdded, withEdited } from "./support";

// Real shapes: vLLM as a Deployment (EKS), DJLServing with tensor parallelism 2 read from its
// serving.properties ConfigMap (ACK), KServe's InferenceService, and KubeRay's RayService.
const vllm = exampleResources("eks-vllm");
const djl = exampleResources("ack-deepspeed-bloom");
const kserve = exampleResources("kserve-vllm");
const ray = exampleResources("rayllm");
const container = (props: any) => props.spec.template.spec.containers[0];

describe("gpus-match-parallelism", () => {
    test("passes DJL (TP 2 in serving.properties, 2 GPUs), vLLM with --tensor-parallel-size and KServe's Hugging Face server", async () => {
        assert.deepEqual(await violations(gpusMatchParallelism, djl), []);
        const tp2 = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            container(p).args.push("--tensor-parallel-size=2");
            container(p).resources.limits["nvidia.com/gpu"] = container(p).resources.requests["nvidia.com/gpu"] = "2";
        });
        assert.deepEqual(await violations(gpusMatchParallelism, tp2), []);
        const isvcTp2 = withEdited(kserve, "bloom-560m-isvc", (p) => {
            p.spec.predictor.model.args.push("--tensor-parallel-size", "2");
            p.spec.predictor.model.resources.limits["nvidia.com/gpu"] = p.spec.predictor.model.resources.requests["nvidia.com/gpu"] = "2";
        });
        assert.deepEqual(await violations(gpusMatchParallelism, isvcTp2), []);
    });

    test("fails DJL when serving.properties and the GPU request disagree", async () => {
        const oneGpu = withEdited(
            djl,
            "bloom-deployment",
            (p) => (container(p).resources.limits["nvidia.com/gpu"] = container(p).resources.requests["nvidia.com/gpu"] = "1"),
        );
        assert.deepEqual(await violations(gpusMatchParallelism, oneGpu), [
            "bloom-deployment: container 'djl-serving' (spec.template.spec) requests 1 GPU(s) but its mounted config set tensor 2 x pipeline 1 = 2: request 2",
        ]);
    });

    test("fails vLLM and KServe asking for more parallelism than GPUs, and parallelism on a GPU share", async () => {
        const tp4 = withEdited(vllm, "llama-2-7b-deployment", (p) => container(p).args.push("--tensor-parallel-size=2", "--pipeline-parallel-size=2"));
        assert.deepEqual(await violations(gpusMatchParallelism, tp4), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec) requests 1 GPU(s) but its arguments set tensor 2 x pipeline 2 = 4: request 4",
        ]);
        const isvc = withEdited(kserve, "bloom-560m-isvc", (p) => p.spec.predictor.model.args.push("--tensor-parallel-size=2"));
        assert.match(
            (await violations(gpusMatchParallelism, isvc)).join(),
            /container 'kserve-container' \(spec.predictor\) requests 1 GPU\(s\) but its arguments set tensor 2/,
        );
        const shared = withEdited(djl, "bloom-deployment", (p) => {
            const r = container(p).resources;
            delete r.limits["nvidia.com/gpu"];
            delete r.requests["nvidia.com/gpu"];
            r.limits["aliyun.com/gpu-mem"] = r.requests["aliyun.com/gpu-mem"] = "12";
        });
        assert.match(
            (await violations(gpusMatchParallelism, shared)).join(),
            /runs parallelism 2 \(from its mounted config\) on aliyun.com\/gpu-mem, a share of one GPU/,
        );
    });
});

describe("shm-for-parallelism", () => {
    test("passes the library's workloads: every one mounts a memory-backed /dev/shm", async () => {
        for (const resources of [vllm, djl, kserve, ray]) assert.deepEqual(await violations(shmForParallelism, resources), []);
    });

    test("fails tensor parallelism without /dev/shm, or with a disk-backed one", async () => {
        const noShm = withEdited(
            djl,
            "bloom-deployment",
            (p) => (container(p).volumeMounts = container(p).volumeMounts.filter((m: any) => m.mountPath !== "/dev/shm")),
        );
        assert.deepEqual(await violations(shmForParallelism, noShm), [
            "bloom-deployment: container 'djl-serving' (spec.template.spec) uses parallelism 2 (from its mounted config) but mounts nothing at /dev/shm",
        ]);
        const onDisk = withEdited(djl, "bloom-deployment", (p) => delete p.spec.template.spec.volumes.find((v: any) => v.name === "devshm").emptyDir.medium);
        assert.match((await violations(shmForParallelism, onDisk)).join(), /mounts volume 'devshm', not a memory-backed emptyDir, at \/dev\/shm/);
    });
});

describe("images-pinned", () => {
    test("passes pinned images (and KServe model containers, which take the runtime's) and versioned charts", async () => {
        for (const resources of [vllm, djl, kserve, ray]) assert.deepEqual(await violations(imagesPinned, resources), []);
        assert.equal(imageProblem("vllm/vllm-openai@sha256:" + "a".repeat(64)), undefined);
        assert.equal(imageProblem("registry.example:5000/team/vllm:v0.28.0"), undefined);
        for (const pinned of [
            "nvcr.io/nvidia/tritonserver:25.12-vllm-python-py3",
            "kube-ai/triton_with_ft:22.03-main-2edb257e-transformers",
            "vllm/vllm-openai:nightly-2edb257e",
            "python:3.12.11-slim-bookworm",
            "ray:2.58.0@sha256:" + "b".repeat(64),
        ]) {
            assert.equal(imageProblem(pinned), undefined, pinned);
        }
    });

    test("fails every floating tag, not only 'latest': main, master, nightly, stable, edge, dev, and digit-free variants of them", async () => {
        for (const tag of ["main", "master", "nightly", "stable", "edge", "dev", "latest-gpu", "Stable-slim", "dev_cuda"]) {
            assert.equal(imageProblem(`vllm/vllm-openai:${tag}`), `uses the floating '${tag}' tag`, tag);
        }
        const nightly = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).image = "vllm/vllm-openai:nightly"));
        assert.deepEqual(await violations(imagesPinned, nightly), [
            "llama-2-7b-deployment: image 'vllm/vllm-openai:nightly' of container 'vllm' (spec.template.spec) uses the floating 'nightly' tag: pin a version or digest",
        ]);
        const init = withEdited(djl, "bloom-deployment", (p) => (p.spec.template.spec.initContainers = [{ name: "fetch", image: "amazon/aws-cli:stable" }]));
        assert.match(
            (await violations(imagesPinned, init)).join(),
            /image 'amazon\/aws-cli:stable' of container 'fetch' \(spec.template.spec\) uses the floating 'stable' tag/,
        );
    });

    test("fails 'latest', an untagged image (a registry port is not a tag), and a chart without a version", async () => {
        const latest = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).image = "vllm/vllm-openai:latest"));
        assert.deepEqual(await violations(imagesPinned, latest), [
            "llama-2-7b-deployment: image 'vllm/vllm-openai:latest' of container 'vllm' (spec.template.spec) uses the floating 'latest' tag: pin a version or digest",
        ]);
        const untagged = withEdited(
            ray,
            "llama-2-7b-chat-rayservice",
            (p) => (p.spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0].image = "registry.example:5000/ray-llm"),
        );
        assert.match(
            (await violations(imagesPinned, untagged)).join(),
            /image 'registry.example:5000\/ray-llm' of container 'ray-worker' \(spec.rayClusterConfig.workerGroupSpecs\[0\].template.spec\) has no tag/,
        );
        const chart = withEdited(ray, "llama-2-7b-chat-kuberay-operator", (p) => delete p.version);
        assert.match((await violations(imagesPinned, chart)).join(), /Helm chart 'kuberay-operator' has no version/);
    });
});

describe("serving-pod-limits", () => {
    test("passes the library's serving pods (memory limits, GPU requests equal to limits)", async () => {
        for (const resources of [vllm, djl, kserve, ray]) assert.deepEqual(await violations(servingPodLimits, resources), []);
    });

    test("fails a container without a memory limit, and a GPU request without an equal limit", async () => {
        const noMemory = withEdited(kserve, "bloom-560m-isvc", (p) => delete p.spec.predictor.model.resources.limits.memory);
        assert.deepEqual(await violations(servingPodLimits, noMemory), ["bloom-560m-isvc: container 'kserve-container' (spec.predictor) has no memory limit"]);
        const unequal = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).resources.limits["nvidia.com/gpu"] = "2"));
        assert.deepEqual(await violations(servingPodLimits, unequal), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec) requests 1 nvidia.com/gpu but limits 2: they must be equal",
        ]);
    });
});

describe("no-static-cloud-keys (workload side)", () => {
    test("passes a token from a Secret reference (RayService), and pods without keys", async () => {
        for (const resources of [vllm, djl, kserve, ray]) assert.deepEqual(await violations(noStaticCloudKeys, resources), []);
    });

    test("fails a literal key in a container's environment, a ConfigMap or Helm values", async () => {
        const env = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).env = [{ name: "AWS_SECRET_ACCESS_KEY", value: "[secret]" }]));
        assert.deepEqual(await violations(noStaticCloudKeys, env), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec) sets AWS_SECRET_ACCESS_KEY literally: use pod identity, or valueFrom.secretKeyRef",
        ]);
        const configMap = withEdited(djl, "bloom-config", (p) => (p.data.akSecret = "key"));
        assert.match((await violations(noStaticCloudKeys, configMap)).join(), /ConfigMap key 'akSecret' holds a cloud credential/);
        const helm = withAdded(ray, {
            type: "kubernetes:helm.sh/v3:Release",
            name: "loader",
            props: { chart: "loader", version: "1.0.0", values: { s3: { accessKeyId: "AKIA" } } },
        });
        assert.deepEqual(await violations(noStaticCloudKeys, helm), [
            "loader: Helm value values.s3.accessKeyId holds a cloud credential; Helm values are stored in plain text: reference an existing Secret instead",
        ]);
    });
});
