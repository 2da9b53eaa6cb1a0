/**
 * Every pinned image, chart and version the library uses, in one place.
 *
 * Nothing here floats: a new upstream release never changes what `pulumi preview` shows
 * until this file is changed (and that change is reviewed like any other).
 * Each entry says where the value was checked.
 */

/** Container images, as `repository:tag`. Override per component with its `image` argument. */
export const images = {
    /** vLLM OpenAI-compatible server (plain Deployment mode). */
    vllmOpenAi: "vllm/vllm-openai:v0.28.0",
    /** KServe Hugging Face server with the vLLM backend, GPU build (KServe v0.20.0). */
    kserveHuggingFaceServerGpu: "kserve/huggingfaceserver:v0.20.0-gpu",
    /**
     * Ray Serve LLM (Ray 2.58.0, bundles vLLM 0.26.0), used for RayService head and workers.
     * Checked: public RayService manifests run `rayproject/ray-llm:2.58.0-py312-cu130` with
     * KubeRay 1.7.0; no cu128 build of 2.58.0 was found, so nodes need a CUDA 13 driver (>= 580).
     */
    rayLlm: "rayproject/ray-llm:2.58.0-py312-cu130",
    /**
     * kube-rbac-proxy of the KServe controller; the `kserve-resources` chart sets it with its tag
     * (`kserve.controller.rbacProxyImage` in `charts/_common/kserve-resources-specific.yaml`), so a
     * mirrored registry must serve this exact tag.
     */
    kserveRbacProxy: "quay.io/brancz/kube-rbac-proxy:v0.18.0",
    /**
     * DJLServing LMI container (vLLM and lmi-dist rolling batch). Checked: public scripts run
     * `deepjavalibrary/djl-serving:0.36.0-lmi` (Docker Hub; 0.36.0 is the current DJLServing tag).
     */
    djlServingLmi: "deepjavalibrary/djl-serving:0.36.0-lmi",
    /**
     * The last DJLServing container with DeepSpeed (0.27.0 ships DeepSpeed 0.12.6; support was
     * removed in LMI 0.28.0). Release images are published as `<version>-deepspeed`
     * (`serving/docker/scripts/pull_and_retag.sh`); the same build is AWS's
     * `djl-inference:0.27.0-deepspeed0.12.6-cu121` (aws/deep-learning-containers available_images.md).
     */
    djlServingDeepSpeed: "deepjavalibrary/djl-serving:0.27.0-deepspeed",
    /** Python runtime OpenLLM is installed into at start (`python:3.12.11-slim-bookworm`, in many public Dockerfiles). */
    openLlmRuntime: "python:3.12.11-slim-bookworm",
    /**
     * Triton with the vLLM backend. 25.12 is the newest release listed in Triton's compatibility
     * matrix (docs: user-guide/introduction/compatibility); the tag runs in public manifests
     * (vLLM 0.11.x). CUDA 13.0: data-center GPUs need driver R580 (or a forward-compatible branch).
     */
    tritonVllm: "nvcr.io/nvidia/tritonserver:25.12-vllm-python-py3",
    /** Triton with the TensorRT-LLM backend, same release: TensorRT-LLM 1.1.0 (compatibility matrix). */
    tritonTrtLlm: "nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3",
    /**
     * TensorRT-LLM 1.1.0, the release inside `tritonTrtLlm`: engines must be built by the same
     * release that serves them. Has `/app/tensorrt_llm/examples` (the checkpoint converters) and `trtllm-build`.
     */
    tensorRtLlmBuild: "nvcr.io/nvidia/tensorrt-llm/release:1.1.0",
    /**
     * Triton 22.03 with the FasterTransformer backend, as the source document ran it
     * (`arena serve triton --image=...`). NVIDIA never shipped an NGC image with this backend and
     * FasterTransformer is superseded by TensorRT-LLM: this image gets no updates.
     */
    tritonFasterTransformer: "ai-studio-registry.cn-beijing.cr.aliyuncs.com/kube-ai/triton_with_ft:22.03-main-2edb257e-transformers",
    /** FasterTransformer with PyTorch and its converters under `/FasterTransformer`, the source document's conversion image. */
    fasterTransformerConvert: "ai-studio-registry.cn-beijing.cr.aliyuncs.com/kube-ai/fastertransformer:torch-0.0.1",
    /** Python runtime the Hugging Face download job installs `huggingface_hub` into (the OpenLLM runtime image). */
    huggingFaceHubRuntime: "python:3.12.11-slim-bookworm",
} as const;

/** Helm charts: repository (HTTP repo URL or OCI prefix), chart name and version. */
export interface PinnedChart {
    readonly repo: string;
    readonly chart: string;
    readonly version: string;
}

export const charts: Record<string, PinnedChart> = {
    /** cert-manager, as KServe v0.20.0 pins it (`kserve-deps.env` CERT_MANAGER_VERSION=v1.17.0). */
    certManager: { repo: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.17.0" },
    /** KServe CRDs; OCI charts under ghcr.io/kserve/charts (KServe v0.20.0 install docs). */
    kserveCrd: { repo: "oci://ghcr.io/kserve/charts", chart: "kserve-crd", version: "v0.20.0" },
    /** KServe controller and `inferenceservice-config` (named `kserve` up to v0.16). */
    kserveResources: { repo: "oci://ghcr.io/kserve/charts", chart: "kserve-resources", version: "v0.20.0" },
    /** ClusterServingRuntimes; since v0.17 a separate chart, off unless `kserve.servingruntime.enabled`. */
    kserveRuntimeConfigs: { repo: "oci://ghcr.io/kserve/charts", chart: "kserve-runtime-configs", version: "v0.20.0" },
    /** LocalModel cache CRDs and controllers (KServe LocalModel docs install both charts). */
    kserveLocalModelCrd: { repo: "oci://ghcr.io/kserve/charts", chart: "kserve-localmodel-crd", version: "v0.20.0" },
    kserveLocalModelResources: { repo: "oci://ghcr.io/kserve/charts", chart: "kserve-localmodel-resources", version: "v0.20.0" },
    /** Istio 1.27.1, as KServe v0.20.0 pins it; the same three charts its Knative-mode install uses. */
    istioBase: { repo: "https://istio-release.storage.googleapis.com/charts", chart: "base", version: "1.27.1" },
    istiod: { repo: "https://istio-release.storage.googleapis.com/charts", chart: "istiod", version: "1.27.1" },
    istioGateway: { repo: "https://istio-release.storage.googleapis.com/charts", chart: "gateway", version: "1.27.1" },
    /**
     * Knative operator v1.21.1, as KServe's `kserve-deps.env` pins it (KNATIVE_OPERATOR_VERSION);
     * v-prefixed versions of this chart are installed from this repository in public scripts.
     */
    knativeOperator: { repo: "https://knative.github.io/operator", chart: "knative-operator", version: "v1.21.1" },
    /** KEDA 2.20.2: the release whose ScaledObject CRD this library validates against. */
    keda: { repo: "https://kedacore.github.io/charts", chart: "keda", version: "2.20.2" },
    /** KubeRay operator 1.7.0 (`helm-chart/kuberay-operator` at tag v1.7.0; KubeRay install docs). */
    kuberayOperator: { repo: "https://ray-project.github.io/kuberay-helm/", chart: "kuberay-operator", version: "1.7.0" },
    /**
     * NVIDIA device plugin for EKS AL2023 NVIDIA nodes (Bottlerocket NVIDIA AMIs carry it). 0.19.3 is
     * installed from this repository in public EKS scripts; its default affinity admits nodes labelled
     * `nvidia.com/gpu.present=true`, which GpuCluster sets on GPU node groups.
     */
    nvidiaDevicePlugin: { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.19.3" },
};

/** Versions of the platforms the library targets. */
export const platformVersions = {
    /** KServe release whose CRDs, runtimes and charts we render for. */
    kserve: "v0.20.0",
    /** Knative Serving the operator installs in Knative mode (KServe's `kserve-deps.env` KNATIVE_SERVING_VERSION). */
    knativeServing: "1.21.1",
    /** Ray version of `images.rayLlm`, declared as the RayCluster's `rayVersion`. */
    ray: "2.58.0",
    /** Kubernetes minor version whose OpenAPI schema objects are validated against. */
    kubernetesSchema: "1.34.3",
    /** OpenLLM release `OpenLlmService` installs (PyPI `openllm==0.6.30`, the last tag, Apr 2025). */
    openllm: "0.6.30",
    /** `huggingface_hub` (PyPI) the download job installs; its CLI is `hf` (`huggingface-cli` is gone since 1.0). */
    huggingFaceHub: "2.4.0",
    /** LeaderWorkerSet release whose CRD `DistributedServing` renders for (`leaderworkerset.x-k8s.io/v1`). */
    leaderWorkerSet: "v0.10.0",
} as const;

/** Managed Kubernetes versions and EKS add-ons GpuCluster pins (override with its arguments). */
export const clusterVersions = {
    /** EKS Kubernetes minor version, the minor the OpenAPI schema above is for. */
    eksKubernetes: "1.34",
    /** ACK version string (seen in public ACK Terraform and Alibaba SDK examples for 1.34). */
    ackKubernetes: "1.34.1-aliyun.1",
    /** `eks-pod-identity-agent` add-on; public EKS configs moved to it "for Kubernetes 1.34 compatibility". */
    eksPodIdentityAgentAddon: "v1.3.9-eksbuild.3",
    /**
     * `aws-mountpoint-s3-csi-driver` add-on (driver v2.7.0, which supports driver-level EKS Pod Identity);
     * seen as the newest build on EKS 1.35 in public notes; its 1.34 compatibility was not confirmed offline.
     */
    eksMountpointS3Addon: "v2.7.0-eksbuild.1",
} as const;
