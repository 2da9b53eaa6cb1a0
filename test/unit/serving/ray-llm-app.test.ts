import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { expectArgError, urnName, valueOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { engineEnv } from "../../support/pod-profile";
import type { RayLLMAppArgs } from "../../../src/serving/ray/args";
import { images } from "../../../src/core/versions";
import type { ModelVolumeRef } from "../../../src/core/model-volume";
import type { GpuScheduling } from "../../../src/core/gpu";

const { mocks, ray, kuberay } = loadUnderMocks(["ray", "kuberay"]);

const a10Pool: GpuScheduling = {
    nodeSelector: { "aliyun.accelerator/nvidia_name": "NVIDIA-A10" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    gpuResourceName: "nvidia.com/gpu",
    gpuMemoryGiB: 24,
    gpusPerNode: 1,
    gpuModel: "NVIDIA A10",
};

const base: RayLLMAppArgs = {
    namespace: "llm",
    workerGroups: [{ name: "a10", replicas: { min: 1, max: 8 }, gpuPool: a10Pool }],
    models: [
        {
            id: "llama-2-7b-chat",
            source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" },
            engine: { maxModelLen: 4096 },
            autoscaling: { minReplicas: 1, maxReplicas: 8, targetOngoingRequests: 1 },
        },
    ],
    hfTokenSecret: { name: "hf-token", key: "token" },
};

function serveConfig(obj: any) {
    return parse(obj.spec.serveConfigV2);
}

describe("RayLLMApp renders", () => {
    test("a RayService that validates against the KubeRay 1.7.0 CRD, GPU-free head, GPU workers", () => {
        const rs = ray.renderRayService(ray.resolveRayLlmArgs("chat", base)) as any;
        assertValidKubeObjects([rs]);
        assert.equal(rs.metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
        assert.deepEqual(rs.spec.upgradeStrategy, { type: "None" });
        const cluster = rs.spec.rayClusterConfig;
        assert.equal(cluster.rayVersion, "2.58.0");
        assert.equal(cluster.enableInTreeAutoscaling, true);
        assert.deepEqual(cluster.headGroupSpec.rayStartParams, { "num-cpus": "0", "num-gpus": "0" });
        const head = cluster.headGroupSpec.template.spec.containers[0];
        assert.equal(head.image, "rayproject/ray-llm:2.58.0-py312-cu130");
        assert.equal(head.resources.limits["nvidia.com/gpu"], undefined);
        assert.deepEqual(engineEnv(head), [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } }]);
        const group = cluster.workerGroupSpecs[0];
        assert.deepEqual([group.groupName, group.replicas, group.minReplicas, group.maxReplicas], ["a10", 1, 1, 8]);
        const worker = group.template.spec.containers[0];
        assert.equal(worker.resources.limits["nvidia.com/gpu"], "1");
        assert.equal(worker.resources.limits.memory, "32Gi");
        assert.deepEqual(group.template.spec.nodeSelector, a10Pool.nodeSelector);
        assert.deepEqual(group.template.spec.tolerations, a10Pool.tolerations);
        assert.equal(group.template.spec.volumes[0].emptyDir.medium, "Memory");
    });

    test("serveConfigV2 runs build_openai_app with LLMConfigs Ray accepts", () => {
        const cfg = serveConfig(ray.renderRayService(ray.resolveRayLlmArgs("chat", base)));
        assert.deepEqual(Object.keys(cfg), ["applications"]);
        const app = cfg.applications[0];
        assert.equal(app.import_path, "ray.serve.llm:build_openai_app");
        assert.equal(app.route_prefix, "/");
        const llm = app.args.llm_configs[0];
        assert.ok(ray.llmConfigSchema().safeParse(llm).success);
        assert.deepEqual(llm, {
            model_loading_config: { model_id: "llama-2-7b-chat", model_source: "meta-llama/Llama-2-7b-chat-hf" },
            engine_kwargs: { max_model_len: 4096 },
            deployment_config: { autoscaling_config: { min_replicas: 1, max_replicas: 8, target_ongoing_requests: 1 } },
        });
    });

    test("serveConfigV2 reads the same under YAML 1.1, as KubeRay's sigs.k8s.io/yaml reads it", () => {
        // Plain, each of these is a boolean or a number to a YAML 1.1 parser; Ray's env_vars and engine_kwargs need strings.
        const tricky = { A: "yes", B: "on", C: "off", D: "n", E: "0b101", F: "1_000", G: "0x1F", H: "~", I: "2024-01-01", J: "12:30", N: "1" };
        const rs = ray.renderRayService(
            ray.resolveRayLlmArgs("chat", { ...base, models: [{ ...base.models![0], engine: { extra: { tokenizer_mode: "no" } }, env: tricky }] }),
        ) as any;
        const asYaml11 = parse(rs.spec.serveConfigV2, { version: "1.1" });
        assert.deepEqual(asYaml11, serveConfig(rs));
        const llm = asYaml11.applications[0].args.llm_configs[0];
        assert.deepEqual(llm.runtime_env.env_vars, tricky);
        assert.equal(llm.engine_kwargs.tokenizer_mode, "no");
    });

    test("the LLMConfig schema rejects what Ray would reject", () => {
        const good = { model_loading_config: { model_id: "m" } };
        assert.ok(ray.llmConfigSchema().safeParse(good).success);
        assert.equal(ray.llmConfigSchema().safeParse({ ...good, accelerator_type: "A10" }).success, false);
        assert.equal(
            ray.llmConfigSchema().safeParse({ ...good, deployment_config: { autoscaling_config: { target_num_ongoing_requests_per_replica: 1 } } }).success,
            false,
        );
        assert.equal(ray.llmConfigSchema().safeParse({ ...good, engine_config: {} }).success, false);
        assert.equal(ray.llmConfigSchema().safeParse({ model_loading_config: { model_id: "m", model_source: { bucket_uri: "oss://b/m" } } }).success, false);
    });

    test("tensor parallelism, LoRA, engine extras, a model volume and NewCluster upgrades", () => {
        const volume: ModelVolumeRef = { claimName: "models", namespace: "llm", mountPath: "/mnt/models", subPath: "llm", readOnly: true };
        const r = ray.resolveRayLlmArgs("tp", {
            namespace: "llm",
            upgradeStrategy: "NewCluster",
            workerGroups: [{ name: "a100x4", gpusPerPod: 4, replicas: { min: 1 } }],
            models: [
                {
                    id: "qwen",
                    source: { volume, path: "qwen2.5-32b" },
                    engine: { tensorParallelSize: 4, dtype: "bfloat16", extra: { enable_prefix_caching: true } },
                    lora: { dynamicLoadingPath: "s3://adapters/qwen", maxAdaptersPerReplica: 4, maxLoraRank: 32 },
                    env: { VLLM_LOGGING_LEVEL: "INFO" },
                },
            ],
        });
        const rs = ray.renderRayService(r) as any;
        assertValidKubeObjects([rs]);
        assert.deepEqual(rs.spec.upgradeStrategy, { type: "NewCluster" });
        assert.equal(rs.spec.rayClusterConfig.enableInTreeAutoscaling, undefined);
        const worker = rs.spec.rayClusterConfig.workerGroupSpecs[0];
        assert.equal(worker.rayStartParams["num-gpus"], "4");
        assert.equal(worker.template.spec.containers[0].resources.requests["nvidia.com/gpu"], "4");
        assert.equal(worker.template.spec.volumes[0].emptyDir.sizeLimit, "8Gi");
        for (const spec of [worker.template.spec, rs.spec.rayClusterConfig.headGroupSpec.template.spec]) {
            assert.deepEqual(spec.volumes[1], { name: "model-0", persistentVolumeClaim: { claimName: "models", readOnly: true } });
            assert.deepEqual(spec.containers[0].volumeMounts[1], { name: "model-0", mountPath: "/mnt/models", readOnly: true });
        }
        const llm = serveConfig(rs).applications[0].args.llm_configs[0];
        assert.ok(ray.llmConfigSchema().safeParse(llm).success);
        assert.equal(llm.model_loading_config.model_source, "/mnt/models/llm/qwen2.5-32b");
        assert.deepEqual(llm.engine_kwargs, {
            enable_prefix_caching: true,
            tensor_parallel_size: 4,
            dtype: "bfloat16",
            enable_lora: true,
            max_loras: 4,
            max_lora_rank: 32,
        });
        assert.deepEqual(llm.lora_config, { dynamic_lora_loading_path: "s3://adapters/qwen", max_num_adapters_per_replica: 4 });
        assert.deepEqual(llm.runtime_env, { env_vars: { VLLM_LOGGING_LEVEL: "INFO" } });
    });

    test("URLs are KubeRay's serve and head Services", () => {
        assert.deepEqual(ray.rayLlmUrls(ray.resolveRayLlmArgs("chat", base)), {
            openAiBaseUrl: "http://chat-serve-svc.llm.svc.cluster.local:8000/v1",
            dashboardUrl: "http://chat-head-svc.llm.svc.cluster.local:8265",
        });
    });
});

describe("RayLLMApp rejects bad input, naming the field", () => {
    const model = base.models![0];
    test("placement that could never be scheduled", () => {
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, engine: { tensorParallelSize: 2 } }] }),
            "models[0].engine.tensorParallelSize",
        );
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, autoscaling: { minReplicas: 9, maxReplicas: 9 } }] }), "workerGroups");
        // Ray detects an "NVIDIA A10" as A10, and LLMConfig turns "A10" into "A10G": no match.
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, acceleratorType: "A10G" }] }), "models[0].acceleratorType");
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, workerGroups: [{ name: "shared", gpuPool: { ...a10Pool, gpuResourceName: "aliyun.com/gpu-mem" } }] }),
            "workerGroups[0].gpuPool",
        );
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, workerGroups: [{ name: "a10", gpusPerPod: 2, gpuPool: a10Pool }] }),
            "workerGroups[0].gpusPerPod",
        );
    });

    test("a model that does not fit the pool's GPUs", () => {
        const err = expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, parameters: 70_000_000_000 }] }), "models[0]");
        assert.match(err.message, /does not fit/);
    });

    test("inconsistent models and arguments", () => {
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [model, { ...model }] }), "models[1]");
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, engine: { extra: { tensor_parallel_size: 2 } } }] }),
            "models[0].engine.extra.tensor_parallel_size",
        );
        expectArgError(
            () =>
                ray.resolveRayLlmArgs("x", {
                    ...base,
                    models: [{ ...model, source: { volume: { claimName: "m", namespace: "other", mountPath: "/mnt/models", subPath: "", readOnly: true } } }],
                }),
            "models[0].source.volume",
        );
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, source: { huggingFaceId: "a/b", uri: "s3://b/m" } }] }),
            "models[0].source",
        );
        expectArgError(
            () => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, autoscaling: { minReplicas: 2, maxReplicas: 1 } }] }),
            "models[0].autoscaling.maxReplicas",
        );
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [] }), "models");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, models: [{ ...model, env: { "1_000": "x" } }] }), "models[0].env.1_000");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, image: "rayproject/ray-llm:2.57.0-py312-cu130" }), "rayVersion");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, image: "rayproject/ray-llm:latest", rayVersion: "2.57.0" }), "image");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, upgradeStrategy: "NewClusterWithIncrementalUpgrade" as any }), "upgradeStrategy");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...base, workerGroups: [] }), "workerGroups");
        expectArgError(() => ray.resolveRayLlmArgs("1chat", base), "name");
        expectArgError(() => ray.resolveRayLlmArgs("x".repeat(48), base), "name");
    });
});

describe("RayLLMApp component", () => {
    test("installs the operator and a RayService that waits for it", async () => {
        const app = new ray.RayLLMApp("chat", base);
        await mocks.settle();
        assert.equal(mocks.byName("chat").type, "llm-serving:serving:RayLLMApp");
        assert.equal(mocks.byName("chat-kuberay").type, "llm-serving:platform:KubeRayOperator");
        const release = mocks.byName("chat-kuberay-operator");
        assert.equal(release.type, "kubernetes:helm.sh/v3:Release");
        assert.equal(release.inputs.chart, "kuberay-operator");
        const rs = mocks.byName("chat-rayservice");
        assert.equal(rs.type, "kubernetes:ray.io/v1:RayService");
        assert.equal(urnName(rs.parent), "chat");
        assert.deepEqual(rs.dependencies.map(urnName), ["chat-kuberay-operator", "chat-serviceaccount"]);
        assert.equal(await valueOf(app.openAiBaseUrl), "http://chat-serve-svc.llm.svc.cluster.local:8000/v1");
        assert.deepEqual(await valueOf(app.modelIds), ["llama-2-7b-chat"]);
    });

    test("with operator.install false, waits for the platform it is given instead", async () => {
        const op = new kuberay.KubeRayOperator("shared-kuberay");
        const app = new ray.RayLLMApp("second", { ...base, operator: { install: false } }, { platform: op });
        await mocks.settle();
        assert.equal(app.operator, undefined);
        assert.equal(mocks.byType("llm-serving:platform:KubeRayOperator").filter((r) => r.name.startsWith("second")).length, 0);
        assert.deepEqual(mocks.byName("second-rayservice").dependencies.map(urnName), ["shared-kuberay-operator", "second-serviceaccount"]);
    });

    test("the caller's Kubernetes provider reaches the operator release and the RayService", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const target = new k8s.Provider("ray-cluster", { kubeconfig: "apiVersion: v1" });
        new ray.RayLLMApp("viaprovider", base, { provider: target });
        await mocks.settle();
        for (const name of ["viaprovider-kuberay-operator", "viaprovider-rayservice"]) {
            assert.match(mocks.byName(name).provider ?? "", /::ray-cluster::/, name);
        }
    });

    test("upgradeStrategy None: a cluster change KubeRay would not apply replaces the RayService, deleted first", async () => {
        new ray.RayLLMApp("inplace", base);
        await mocks.settle();
        const rs = mocks.byName("inplace-rayservice");
        assert.deepEqual(rs.replaceOnChanges, [...ray.RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE, "spec.rayClusterConfig.workerGroupSpecs[1]"]);
        assert.equal(rs.deleteBeforeReplace, true);
        assert.deepEqual(rs.customTimeouts, { create: "60m", update: "60m", delete: "" });
        for (const other of ["inplace-serviceaccount", "inplace-networkpolicy"]) {
            assert.deepEqual([mocks.byName(other).replaceOnChanges, mocks.byName(other).deleteBeforeReplace], [[], false], other);
        }
        // Pulumi replaces when a path contains a changed property (a prefix; `*` matches any key or index).
        const replaces = (changed: string) => rs.replaceOnChanges.some((p) => containsPath(p, changed));
        const cluster = "spec.rayClusterConfig";
        for (const changed of [
            `${cluster}.headGroupSpec.template.spec.containers[0].image`,
            `${cluster}.headGroupSpec.rayStartParams.num-cpus`,
            `${cluster}.workerGroupSpecs[0].template.spec.containers[0].resources.limits["nvidia.com/gpu"]`,
            `${cluster}.workerGroupSpecs[0].template.spec.tolerations[0]`,
            `${cluster}.workerGroupSpecs[1].rayStartParams.num-gpus`,
            `${cluster}.workerGroupSpecs[0].groupName`,
            `${cluster}.workerGroupSpecs[0].minReplicas`, // KubeRay never copies the bounds to the running cluster
            `${cluster}.workerGroupSpecs[0].maxReplicas`,
            `${cluster}.enableInTreeAutoscaling`,
            `${cluster}.rayVersion`,
        ]) {
            assert.ok(replaces(changed), changed);
        }
        for (const changed of [
            "spec.serveConfigV2",
            `${cluster}.workerGroupSpecs[0].replicas`, // the count the autoscaler owns (the library sets it to minReplicas)
            "metadata.labels.team",
            "spec.upgradeStrategy.type",
        ]) {
            assert.ok(!replaces(changed), changed);
        }
        // Every field the render writes into the cluster is covered, but the replica count.
        const spec = (ray.renderRayService(ray.resolveRayLlmArgs("inplace", base)) as any).spec.rayClusterConfig;
        for (const key of Object.keys(spec).filter((k) => k !== "workerGroupSpecs")) assert.ok(replaces(`${cluster}.${key}`), key);
        for (const key of Object.keys(spec.workerGroupSpecs[0]).filter((k) => k !== "replicas")) {
            assert.ok(replaces(`${cluster}.workerGroupSpecs[0].${key}`), key);
        }
    });

    test("upgradeStrategy None: removing a worker group replaces the RayService, appending one stays an update", () => {
        const twoGroups: RayLLMAppArgs = { ...base, workerGroups: [base.workerGroups[0], { ...base.workerGroups[0], name: "spare" }] };
        const replacesAfter = (args: RayLLMAppArgs, changed: string) =>
            ray.rayServiceReplaceOptions(ray.resolveRayLlmArgs("groups", args)).replaceOnChanges!.some((p: string) => containsPath(p, changed));
        // Two groups to one: the provider's diff deletes the trailing old element (addPatchArrayToDiff).
        assert.ok(replacesAfter(base, "spec.rayClusterConfig.workerGroupSpecs[1]"));
        // The first of two removed (the second moves up: its name changes at [0]; [1] is deleted).
        assert.ok(replacesAfter({ ...base, workerGroups: [twoGroups.workerGroups[1]] }, "spec.rayClusterConfig.workerGroupSpecs[1]"));
        // One group to two: the new element is added at [1], past the old end, which only the old render's path names.
        assert.ok(!replacesAfter(twoGroups, "spec.rayClusterConfig.workerGroupSpecs[1]"));
        assert.ok(!replacesAfter(twoGroups, "spec.rayClusterConfig.workerGroupSpecs[1].replicas"));
        assert.deepEqual(ray.rayServiceReplaceOptions(ray.resolveRayLlmArgs("groups", { ...twoGroups, upgradeStrategy: "NewCluster" })), {});
    });

    test("upgradeStrategy NewCluster: no replaceOnChanges (KubeRay applies every change through a new cluster)", async () => {
        new ray.RayLLMApp("rolling", { ...base, upgradeStrategy: "NewCluster" });
        await mocks.settle();
        const rs = mocks.byName("rolling-rayservice");
        assert.deepEqual([rs.replaceOnChanges, rs.deleteBeforeReplace], [[], false]);
        assert.deepEqual(rs.customTimeouts, { create: "60m", update: "60m", delete: "" });
    });

    test("upgradeStrategy NewCluster: a change of tolerations or replica bounds alone changes what KubeRay compares, so a new cluster applies it", () => {
        const cluster = (args: RayLLMAppArgs) => (ray.renderRayService(ray.resolveRayLlmArgs("rolling", args)) as any).spec.rayClusterConfig;
        const tolerant = (args: RayLLMAppArgs): RayLLMAppArgs => ({
            ...args,
            workerGroups: args.workerGroups.map((g) => ({ ...g, tolerations: [{ key: "spot", operator: "Exists", effect: "NoSchedule" }] })),
            head: { tolerations: [{ key: "system", operator: "Exists", effect: "NoSchedule" }] },
        });
        const rolling: RayLLMAppArgs = { ...base, upgradeStrategy: "NewCluster" };
        assert.notEqual(kubeRayClusterHash(cluster(rolling)), kubeRayClusterHash(cluster(tolerant(rolling))));
        const wider: RayLLMAppArgs = { ...rolling, workerGroups: [{ ...rolling.workerGroups[0], replicas: { min: 2, max: 12 } }] };
        assert.notEqual(kubeRayClusterHash(cluster(rolling)), kubeRayClusterHash(cluster(wider)));
        const annotation = (spec: any) => spec.workerGroupSpecs[0].template.metadata.annotations?.[ray.UNHASHED_FIELDS_ANNOTATION];
        assert.match(annotation(cluster(rolling)), /^[0-9a-f]{8}$/);
        assert.notEqual(
            cluster(tolerant(rolling)).headGroupSpec.template.metadata.annotations[ray.UNHASHED_FIELDS_ANNOTATION],
            cluster(rolling).headGroupSpec.template.metadata.annotations[ray.UNHASHED_FIELDS_ANNOTATION],
        );
        // Without the annotation KubeRay would see no change (what the annotation is for).
        const withoutAnnotation = (spec: any) => {
            for (const t of [spec.headGroupSpec.template, ...spec.workerGroupSpecs.map((g: any) => g.template)]) delete t.metadata.annotations;
            return spec;
        };
        assert.equal(kubeRayClusterHash(withoutAnnotation(cluster(rolling))), kubeRayClusterHash(withoutAnnotation(cluster(tolerant(rolling)))));
        assert.equal(kubeRayClusterHash(withoutAnnotation(cluster(rolling))), kubeRayClusterHash(withoutAnnotation(cluster(wider))));
        // Under None the template path replaces the RayService already: no annotation, and upgrading the library changes nothing.
        assert.equal(annotation(cluster(base)), undefined);
        assert.deepEqual(cluster(base).headGroupSpec.template.metadata, { labels: cluster(base).headGroupSpec.template.metadata.labels });
    });

    test("the pinned Ray image comes through the operator's image mirror, keeping the Ray user", async () => {
        const mirrored = "registry.example.cn/mirror/rayproject/ray-llm:" + images.rayLlm.split(":")[1];
        const podOf = (rs: any) => rs.spec.rayClusterConfig.workerGroupSpecs[0].template.spec;
        const viaOperator = ray.resolveRayLlmArgs("mirrored", { ...base, operator: { registries: { images: "registry.example.cn/mirror" } } });
        assert.equal(viaOperator.image, mirrored);
        const pod = podOf(ray.renderRayService(viaOperator));
        assert.equal(pod.containers[0].image, mirrored);
        assert.deepEqual([pod.securityContext.runAsUser, pod.securityContext.runAsGroup], [1000, 100], "the ray image's user, mirrored or not");
        // A shared operator as platform: its mirror, when this component installs none.
        const shared = new kuberay.KubeRayOperator("shared-kuberay", { registries: { images: "registry.example.cn/mirror" } });
        assert.equal(shared.imageRegistry, "registry.example.cn/mirror");
        new ray.RayLLMApp("onplatform", { ...base, operator: { install: false } }, { platform: shared });
        await mocks.settle();
        assert.equal(podOf(mocks.byName("onplatform-rayservice").inputs).containers[0].image, mirrored);
        // The user's image is taken as given.
        assert.equal(
            ray.resolveRayLlmArgs("own", {
                ...base,
                image: "example.com/ray:2.58.0",
                rayVersion: "2.58.0",
                operator: { registries: { images: "registry.example.cn/mirror" } },
            }).image,
            "example.com/ray:2.58.0",
        );
        assert.equal(ray.resolveRayLlmArgs("plain", base).image, images.rayLlm);
    });

    test("bad arguments fail before anything is registered", () => {
        const count = mocks.registered.length;
        expectArgError(() => new ray.RayLLMApp("broken", { ...base, workerGroups: [] }), "workerGroups");
        assert.equal(mocks.registered.length, count);
    });
});

/**
 * What KubeRay compares to decide on a new cluster: the RayClusterSpec without workers' replica
 * counts, `workersToDelete`, every template's tolerations and scheduling gates, and the upgrade
 * strategy (`GenerateHashWithoutReplicasAndWorkersToDelete`, KubeRay v1.6.1 `controllers/ray/utils/util.go`).
 */
function kubeRayClusterHash(spec: any): string {
    const copy = structuredClone(spec);
    const mute = (template: any) => {
        delete template.spec.tolerations;
        delete template.spec.schedulingGates;
    };
    mute(copy.headGroupSpec.template);
    for (const g of copy.workerGroupSpecs) {
        for (const k of ["replicas", "minReplicas", "maxReplicas"]) delete g[k];
        delete g.scaleStrategy?.workersToDelete;
        mute(g.template);
    }
    delete copy.upgradeStrategy;
    return JSON.stringify(copy);
}

/** Pulumi's `PropertyPath.Contains` for dotted paths: `pattern` is a prefix of `path`, `*` matching one key or index. */
function containsPath(pattern: string, path: string): boolean {
    const split = (p: string) => p.match(/\["[^"]*"\]|\[[^\]]*\]|[^.[\]]+/g)!.map((k) => k.replace(/^\["?|"?\]$/g, ""));
    const [want, got] = [split(pattern), split(path)];
    return got.length >= want.length && want.every((k, i) => k === "*" || k === got[i]);
}
