// The physical limit for bench/programs/stack-library.js: the same custom resources, with the same
// inputs and options, written by hand with @pulumi/kubernetes and @pulumi/alicloud directly. It has
// no component resources (unless BENCH_COMPONENTS=1, see components.js) and no validation; it is what
// the library's output costs the Pulumi SDK.
// bench/eval/verify.js checks, before any timing, that both programs register the same resources.
"use strict";
const k8s = require("@pulumi/kubernetes");
const alicloud = require("@pulumi/alicloud");
const { gpuPool, serviceName, modelPath } = require("./stack-shape");
const { group, inside, finish } = require("./components");

const n = Number(process.env.BENCH_N ?? "1");
const variant = process.env.BENCH_VARIANT ?? "vllm";
const MANAGED_BY = "pulumi-llm-serving";
const labels = (name, component) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/component": component, "app.kubernetes.io/managed-by": MANAGED_BY });

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: "llm" } });

// ---- model volume: an OSS bucket (private, encrypted, kept) and a static CSI PV + claim ----
const volume = group("llm-serving:storage:ModelBucketVolume", "models", { dependsOn: [ns] });
const retain = inside(volume, { retainOnDelete: true });
const bucket = new alicloud.oss.Bucket(
    "models-bucket",
    { bucket: "bench-models", forceDestroy: false, serverSideEncryptionRule: { sseAlgorithm: "AES256" }, storageClass: "Standard", tags: { "managed-by": MANAGED_BY } },
    retain,
);
const acl = new alicloud.oss.BucketAcl("models-bucket-acl", { acl: "private", bucket: bucket.bucket }, retain);
const block = new alicloud.oss.BucketPublicAccessBlock("models-bucket-public-access-block", { blockPublicAccess: true, bucket: bucket.bucket }, retain);
const bucketResources = [bucket, acl, block];
const pv = new k8s.core.v1.PersistentVolume(
    "models-pv",
    {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: "llm-models", labels: labels("models", "model-volume") },
        spec: {
            accessModes: ["ReadOnlyMany"],
            capacity: { storage: "100Gi" },
            claimRef: { name: "models", namespace: "llm" },
            csi: {
                driver: "ossplugin.csi.alibabacloud.com",
                volumeHandle: "llm-models",
                volumeAttributes: {
                    authType: "rrsa",
                    bucket: "bench-models",
                    fuseType: "ossfs",
                    otherOpts: "-o umask=022 -o max_stat_cache_size=100000 -o allow_other",
                    path: "/",
                    roleName: "bench-oss-reader",
                    url: "http://oss-cn-hangzhou-internal.aliyuncs.com",
                },
            },
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: "",
        },
    },
    { ...retain, dependsOn: bucketResources },
);
new k8s.core.v1.PersistentVolumeClaim(
    "models-pvc",
    {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "models", namespace: "llm", labels: labels("models", "model-volume") },
        spec: { accessModes: ["ReadOnlyMany"], resources: { requests: { storage: "100Gi" } }, storageClassName: "", volumeName: "llm-models" },
    },
    { ...retain, dependsOn: [...bucketResources, pv] },
);
finish(volume, { claimName: "models", namespace: "llm", mountPath: "/mnt/models", storageUri: "pvc://models", bucketName: "bench-models" });

const release = (parent, name, args, dependsOn = []) =>
    new k8s.helm.v3.Release(name, { createNamespace: true, skipAwait: false, timeout: 600, ...args }, inside(parent, { dependsOn }));
const tolerations = gpuPool.tolerations.map((t) => ({ ...t }));
const outputs = {};

if (variant === "vllm") {
    // ---- KServe in Standard mode: cert-manager, CRDs, controller, serving runtimes ----
    const platform = group("llm-serving:platform:KServeStack", "kserve");
    const crd = release(platform, "kserve-kserve-crd", { name: "kserve-crd", chart: "oci://ghcr.io/kserve/charts/kserve-crd", version: "v0.20.0", namespace: "kserve", values: {} });
    const certManager = release(platform, "kserve-cert-manager", {
        name: "cert-manager",
        chart: "cert-manager",
        version: "v1.17.0",
        repositoryOpts: { repo: "https://charts.jetstack.io" },
        namespace: "cert-manager",
        values: { crds: { enabled: true } },
    });
    const kserve = release(
        platform,
        "kserve-kserve",
        {
            name: "kserve",
            chart: "oci://ghcr.io/kserve/charts/kserve-resources",
            version: "v0.20.0",
            namespace: "kserve",
            values: {
                kserve: {
                    controller: { deploymentMode: "Standard", gateway: { disableIngressCreation: true, domain: "example.com", urlScheme: "http" } },
                    localmodel: { enabled: false },
                },
            },
        },
        [crd, certManager],
    );
    const runtimes = release(
        platform,
        "kserve-runtimes",
        { name: "kserve-runtime-configs", chart: "oci://ghcr.io/kserve/charts/kserve-runtime-configs", version: "v0.20.0", namespace: "kserve", values: { kserve: { servingruntime: { enabled: true } } } },
        [kserve],
    );
    finish(platform, { namespace: "kserve", deploymentMode: "Standard" });
    // ---- N InferenceServices: KServe's Hugging Face runtime with the vLLM backend ----
    for (let i = 0; i < n; i++) {
        const name = serviceName(i);
        const service = group("llm-serving:serving:VllmInferenceService", name, { dependsOn: [ns] });
        new k8s.apiextensions.CustomResource(
            `${name}-isvc`,
            {
                apiVersion: "serving.kserve.io/v1beta1",
                kind: "InferenceService",
                metadata: { name, namespace: "llm", labels: labels(name, "vllm"), annotations: { "serving.kserve.io/deploymentMode": "Standard" } },
                spec: {
                    predictor: {
                        minReplicas: 1,
                        maxReplicas: 1,
                        nodeSelector: { ...gpuPool.nodeSelector },
                        tolerations,
                        model: {
                            modelFormat: { name: "huggingface" },
                            runtime: "kserve-huggingfaceserver",
                            storageUri: `pvc://models/${modelPath(i)}`,
                            args: [`--model_name=${name}`, "--backend=vllm", "--dtype=bfloat16", "--max-model-len=8192", "--gpu-memory-utilization=0.9"],
                            resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": "1" }, limits: { memory: "48Gi", "nvidia.com/gpu": "1" } },
                            startupProbe: { httpGet: { path: "/v2/health/live", port: 8080 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 180 },
                            readinessProbe: { httpGet: { path: "/openai/v1/models", port: 8080 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                            volumeMounts: [{ name: "devshm", mountPath: "/dev/shm" }],
                        },
                        volumes: [{ name: "devshm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } }],
                    },
                },
            },
            inside(service, { dependsOn: [kserve, runtimes] }),
        );
        const url = `http://${name}-predictor.llm.svc.cluster.local`;
        finish(service, { url, openAiBaseUrl: `${url}/openai/v1`, servedModelName: name });
        outputs[name] = `${url}/openai/v1`;
    }
} else if (variant === "ray") {
    const kuberay = group("llm-serving:platform:KubeRayOperator", "kuberay");
    const operator = release(kuberay, "kuberay-operator", {
        name: "kuberay-operator",
        chart: "kuberay-operator",
        version: "1.7.0",
        repositoryOpts: { repo: "https://ray-project.github.io/kuberay-helm" },
        namespace: "kuberay-system",
        values: {},
    });
    finish(kuberay, { namespace: "kuberay-system" });
    const security = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
    const image = "rayproject/ray-llm:2.58.0-py312-cu130";
    for (let i = 0; i < n; i++) {
        const name = serviceName(i);
        const app = group("llm-serving:serving:RayLLMApp", name, { dependsOn: [ns] });
        const podLabels = labels(name, "ray-llm");
        // The app's first (and only) model volume.
        const mounts = [{ name: "devshm", mountPath: "/dev/shm" }, { name: "model-0", mountPath: "/mnt/models", readOnly: true }];
        const volumes = [{ name: "devshm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } }, { name: "model-0", persistentVolumeClaim: { claimName: "models", readOnly: true } }];
        const port = (name, containerPort) => ({ name, containerPort, protocol: "TCP" });
        const serveConfig = [
            "applications:",
            '  - name: "llms"',
            '    route_prefix: "/"',
            '    import_path: "ray.serve.llm:build_openai_app"',
            "    args:",
            "      llm_configs:",
            "        - model_loading_config:",
            `            model_id: "${name}"`,
            `            model_source: "/mnt/models/${modelPath(i)}"`,
            "          engine_kwargs:",
            "            max_model_len: 8192",
            '            dtype: "bfloat16"',
            "          deployment_config:",
            "            autoscaling_config:",
            "              min_replicas: 1",
            "              max_replicas: 4",
            "",
        ].join("\n");
        new k8s.apiextensions.CustomResource(
            `${name}-rayservice`,
            {
                apiVersion: "ray.io/v1",
                kind: "RayService",
                metadata: { name, namespace: "llm", labels: podLabels, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
                spec: {
                    upgradeStrategy: { type: "None" },
                    serveConfigV2: serveConfig,
                    rayClusterConfig: {
                        rayVersion: "2.58.0",
                        enableInTreeAutoscaling: true,
                        headGroupSpec: {
                            rayStartParams: { "num-cpus": "0", "num-gpus": "0" },
                            template: {
                                metadata: { labels: podLabels },
                                spec: {
                                    containers: [
                                        {
                                            name: "ray-head",
                                            image,
                                            ports: [port("gcs", 6379), port("dashboard", 8265), port("client", 10001), port("serve", 8000), port("metrics", 8080)],
                                            resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
                                            securityContext: security,
                                            volumeMounts: mounts,
                                        },
                                    ],
                                    volumes,
                                },
                            },
                        },
                        workerGroupSpecs: [
                            {
                                groupName: "gpu",
                                replicas: 1,
                                minReplicas: 1,
                                maxReplicas: 4,
                                numOfHosts: 1,
                                rayStartParams: { "num-gpus": "1" },
                                template: {
                                    metadata: { labels: podLabels },
                                    spec: {
                                        containers: [
                                            {
                                                name: "ray-worker",
                                                image,
                                                ports: [port("serve", 8000)],
                                                resources: {
                                                    requests: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" },
                                                    limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" },
                                                },
                                                securityContext: security,
                                                volumeMounts: mounts,
                                            },
                                        ],
                                        nodeSelector: { ...gpuPool.nodeSelector },
                                        tolerations,
                                        volumes,
                                    },
                                },
                            },
                        ],
                    },
                },
            },
            inside(app, { dependsOn: [operator], customTimeouts: { create: "60m", update: "60m" } }),
        );
        const openAiBaseUrl = `http://${name}-serve-svc.llm.svc.cluster.local:8000/v1`;
        finish(app, { openAiBaseUrl, dashboardUrl: `http://${name}-head-svc.llm.svc.cluster.local:8265`, modelIds: [name] });
        outputs[name] = openAiBaseUrl;
    }
} else {
    throw new Error(`unknown BENCH_VARIANT ${variant}`);
}

module.exports = outputs;
