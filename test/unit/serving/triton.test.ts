import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { childrenOf, urnName, valueOf, expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { TritonInferenceServiceArgs } from "../../../src/serving/triton";
import { images } from "../../../src/core/versions";
import { tritonWarnings } from "../../../src/serving/triton/render";
import { modelConfigErrors, parsePbtxt, toPlain } from "./triton-pbtxt";

const { mocks, triton, jobs } = loadUnderMocks(["triton", "jobs"]);
const warnings: string[] = [];
before(async () => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
        warnings.push(message);
    };
});

/** The fourth source document: Triton's vLLM backend with a generated model.json. */
const vllm: TritonInferenceServiceArgs = {
    namespace: "llm",
    backend: "vllm",
    model: { name: "qwen", source: { volume, path: "Qwen2.5-7B-Instruct" }, vllm: { maxModelLen: 8192, engineArgs: { enforce_eager: true } } },
};
/** The third: FasterTransformer serving Bloom-7B1 converted for tensor parallelism 2 in fp16. */
const ft: TritonInferenceServiceArgs = {
    namespace: "llm",
    backend: "fastertransformer",
    model: { source: { volume, path: "bloom-7b1-ft-fp16/2-gpu" } },
    parallelism: { tensor: 2 },
};
const trt: TritonInferenceServiceArgs = {
    namespace: "llm",
    backend: "tensorrtllm",
    model: { source: { volume, path: "llama-trtllm/engine" }, maxBatchSize: 32 },
    parallelism: { tensor: 2 },
};

function render(args: TritonInferenceServiceArgs, name = "tri") {
    const rendered = triton.renderTriton(triton.resolveTritonArgs(name, args));
    return { rendered, by: Object.fromEntries(rendered.map((o) => [o.role, o.object as any])) };
}
const pod = (by: any) => by.deployment.spec.template.spec;
const files = (by: any) => by["model-repository"].data as Record<string, string>;

describe("TritonInferenceService renders", () => {
    test("vLLM backend: ConfigMap, Deployment, Service validate; repository laid out by an init container", () => {
        const { rendered, by } = render(vllm);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "model-repository", "deployment", "service", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const spec = pod(by);
        const c = spec.containers[0];
        assert.equal(c.image, images.tritonVllm);
        assert.deepEqual(c.command, [
            "tritonserver",
            "--model-repository=/models",
            "--http-port=8000",
            "--grpc-port=8001",
            "--metrics-port=8002",
            "--allow-metrics=true",
        ]);
        assert.deepEqual(
            c.ports.map((p: any) => p.containerPort),
            [8000, 8001, 8002],
        );
        assert.equal(c.readinessProbe.httpGet.path, "/v2/health/ready");
        assert.equal(c.startupProbe.httpGet.path, "/v2/health/ready");
        assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 1800);
        assert.equal(c.livenessProbe.httpGet.path, "/v2/health/live");
        // ConfigMap keys hold no '/'; items[].path rebuilds the tree; the init container copies it to the emptyDir Triton reads.
        const config = spec.volumes.find((v: any) => v.configMap);
        assert.deepEqual(config.configMap.items, [
            { key: "qwen--config.pbtxt", path: "qwen/config.pbtxt" },
            { key: "qwen--1--model.json", path: "qwen/1/model.json" },
        ]);
        assert.deepEqual(Object.keys(files(by)), ["qwen--config.pbtxt", "qwen--1--model.json"]);
        const init = spec.initContainers[0];
        assert.match(init.command[2], /cp -RL '\/etc\/triton\/model-config\/qwen' '\/models\/'; mkdir -p '\/models\/qwen\/1'/);
        assert.ok(init.volumeMounts.some((m: any) => m.mountPath === "/models") && c.volumeMounts.some((m: any) => m.mountPath === "/models"));
        assert.ok(init.resources.limits.memory);
        assert.deepEqual(
            by.service.spec.ports.map((p: any) => [p.name, p.port]),
            [
                ["http", 8000],
                ["grpc", 8001],
                ["metrics", 8002],
            ],
        );
    });

    test("vLLM model.json carries the engine arguments; config.pbtxt is a valid ModelConfig with the backend's tensors", () => {
        const { by } = render({ ...vllm, parallelism: { tensor: 2 } });
        const json = JSON.parse(files(by)["qwen--1--model.json"]);
        assert.deepEqual(json, {
            model: "/mnt/models/Qwen2.5-7B-Instruct",
            tensor_parallel_size: 2,
            gpu_memory_utilization: 0.9,
            max_model_len: 8192,
            enforce_eager: true,
        });
        const text = files(by)["qwen--config.pbtxt"];
        assert.deepEqual(modelConfigErrors(text), []);
        const cfg = toPlain(parsePbtxt(text));
        assert.equal(cfg.name, "qwen");
        assert.equal(cfg.backend, "vllm");
        assert.equal(cfg.max_batch_size, 0);
        assert.equal(cfg.model_transaction_policy.decoupled, "true");
        assert.deepEqual(
            cfg.input.map((i: any) => [i.name, i.data_type]),
            [
                ["text_input", "TYPE_STRING"],
                ["stream", "TYPE_BOOL"],
                ["sampling_parameters", "TYPE_STRING"],
            ],
        );
        assert.equal(cfg.instance_group[0].kind, "KIND_MODEL");
        assert.equal(pod(by).containers[0].resources.limits["nvidia.com/gpu"], "2");
    });

    test("FasterTransformer: the converted checkpoint, tensor_para_size 2 on two GPUs, the source document's image, a warning", () => {
        const { rendered, by } = render(ft);
        assertValidKubeObjects(rendered.map((o) => o.object));
        const text = files(by)["fastertransformer--config.pbtxt"];
        assert.deepEqual(modelConfigErrors(text), []);
        const cfg = toPlain(parsePbtxt(text));
        const params = Object.fromEntries(cfg.parameters.map((p: any) => [p.key, p.value.string_value]));
        assert.equal(params.tensor_para_size, "2");
        assert.equal(params.pipeline_para_size, "1");
        assert.equal(params.data_type, "fp16");
        assert.equal(params.model_type, "GPT");
        assert.equal(params.model_checkpoint_path, "/mnt/models/bloom-7b1-ft-fp16/2-gpu");
        assert.equal(cfg.max_batch_size, 1024);
        assert.equal(cfg.instance_group[0].kind, "KIND_CPU");
        const c = pod(by).containers[0];
        assert.equal(c.image, images.tritonFasterTransformer);
        assert.equal(c.resources.limits["nvidia.com/gpu"], "2");
        assert.equal(pod(by).volumes.find((v: any) => v.name === "devshm").emptyDir.medium, "Memory");
        assert.equal(pod(by).volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.readOnly, true);
        const r = triton.resolveTritonArgs("tri", ft);
        assert.match(tritonWarnings(r)[0] as string, /moved to TensorRT-LLM/);
    });

    test("TensorRT-LLM: engines from the volume, one MPI rank per GPU as launch_triton_server.py starts them", () => {
        const { rendered, by } = render(trt);
        assertValidKubeObjects(rendered.map((o) => o.object));
        const text = files(by)["tensorrt_llm--config.pbtxt"];
        assert.deepEqual(modelConfigErrors(text), []);
        const cfg = toPlain(parsePbtxt(text));
        const params = Object.fromEntries(cfg.parameters.map((p: any) => [p.key, p.value.string_value]));
        assert.equal(params.gpt_model_path, "/mnt/models/llama-trtllm/engine");
        assert.equal(params.gpt_model_type, "inflight_fused_batching");
        assert.equal(cfg.max_batch_size, 32);
        const c = pod(by).containers[0];
        assert.equal(c.image, images.tritonTrtLlm);
        const cmd: string[] = c.command;
        assert.deepEqual(cmd.slice(0, 5), ["mpirun", "--allow-run-as-root", "-n", "1", "tritonserver"]);
        const ranks = cmd.join(" ").split(" : ");
        assert.equal(ranks.length, 2);
        assert.ok(!ranks[0].includes("--load-model") && ranks[1].includes("--model-control-mode=explicit --load-model=tensorrt_llm"));
        assert.ok(ranks[1].includes("shm-region-prefix-name=prefix1_"));
        assert.ok(c.env.some((e: any) => e.name === "OMPI_MCA_btl_vader_single_copy_mechanism"));
        assert.deepEqual(render({ ...trt, parallelism: { tensor: 1 } }).by.deployment.spec.template.spec.containers[0].command[0], "tritonserver");
    });

    test("an existing repository on a volume is served as it is; Arena's --load-model becomes explicit model control", () => {
        const { rendered, by } = render({
            namespace: "llm",
            backend: "tensorrtllm",
            repository: { volume, path: "triton_repo" },
            loadModels: ["ensemble", "tensorrt_llm"],
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "deployment", "service", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const c = pod(by).containers[0];
        assert.ok(c.command.includes("--model-repository=/mnt/models/triton_repo"));
        assert.deepEqual(c.command.slice(-3), ["--model-control-mode=explicit", "--load-model=ensemble", "--load-model=tensorrt_llm"]);
        assert.equal(pod(by).initContainers, undefined);
    });

    test("exposure, metrics on :8002 and KEDA on Triton's pending-request gauge, through the shared helpers; all validate", () => {
        const { rendered, by } = render({
            ...vllm,
            replicas: { min: 1, max: 3 },
            exposure: { kind: "gatewayApi", host: "qwen.example.com", gatewayApi: { gatewayClassName: "istio" } },
            metrics: { monitor: "serviceMonitor", labels: { release: "kube-prometheus-stack" } },
            autoscaling: { keda: { prometheusUrl: "http://prometheus-operated.monitoring.svc:9090" } },
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "model-repository", "deployment", "service", "gateway", "httproute", "servicemonitor", "scaledobject", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        assert.deepEqual(by.httproute.spec.rules[0].backendRefs, [{ name: "tri", port: 8000 }]);
        assert.equal(by.servicemonitor.spec.endpoints[0].port, "metrics");
        assert.equal(by.servicemonitor.spec.endpoints[0].path, "/metrics");
        assert.equal(by.scaledobject.spec.triggers[0].metadata.query, 'sum(nv_inference_pending_request_count{namespace="llm",model="qwen"})');
        assert.equal(by.deployment.spec.replicas, undefined, "KEDA's HPA owns the replica count");
    });

    test("a changed generated repository is another ConfigMap, and the pods roll onto it", () => {
        const a = render(vllm).by;
        const b = render({ ...vllm, model: { ...vllm.model!, vllm: { maxModelLen: 4096 } } }).by;
        assert.match(a["model-repository"].metadata.name, /^tri-model-repository-[0-9a-f]{8}$/);
        assert.notEqual(a["model-repository"].metadata.name, b["model-repository"].metadata.name);
        const configVolume = (by: any) => by.deployment.spec.template.spec.volumes.find((v: any) => v.configMap)?.configMap.name;
        assert.equal(configVolume(a), a["model-repository"].metadata.name);
        assert.equal(configVolume(b), b["model-repository"].metadata.name);
    });
});

describe("the config.pbtxt checker itself fails on what Triton would reject", () => {
    const good = 'name: "m"\nbackend: "vllm"\nmax_batch_size: 0\ninstance_group [ { count: 1 kind: KIND_MODEL } ]\n';
    test("accepts a valid config", () => assert.deepEqual(modelConfigErrors(good), []));
    for (const [what, text, expected] of [
        ["a misspelled field", good.replace("max_batch_size", "max_batchsize"), /max_batchsize: no such field/],
        ["a string where an int32 goes", good.replace("max_batch_size: 0", 'max_batch_size: "0"'), /expected an integer/],
        ["an unknown enum value", good.replace("KIND_MODEL", "KIND_GPUS"), /not one of/],
        ["a singular field twice", good + 'name: "n"\n', /given twice/],
        ["an unclosed block", good.replace("} ]", "]"), /syntax/],
        ["an unquoted string", good.replace('"vllm"', "vllm"), /quoted string/],
        ["two scheduling policies", good + "dynamic_batching { }\nsequence_batching { }\n", /sequence_batching: no such field|oneof/],
        ["a map entry without value", good + 'parameters { key: "a" }\n', /exactly key and value/],
    ] as const) {
        test(`rejects ${what}`, () => assert.match(modelConfigErrors(text).join("\n"), expected));
    }
});

describe("TritonInferenceService component", () => {
    test("children <name>-model-repository, -deployment, -service; waits for a conversion Job", async () => {
        const vol = { ...volume, readOnly: false };
        const conversion = new jobs.ModelConversionJob("bloom-ft", {
            namespace: "llm",
            volume: vol,
            backend: "fastertransformer",
            source: { path: "bloom-7b1" },
            output: { path: "bloom-7b1-ft-fp16" },
            tensorParallel: 2,
        });
        const svc = new triton.TritonInferenceService(
            "bloom",
            { ...ft, model: { source: { volume: vol, path: "bloom-7b1-ft-fp16/2-gpu" } } },
            { waitFor: [conversion] },
        );
        await mocks.settle();
        assert.equal(mocks.byName("bloom").type, "llm-serving:serving:TritonInferenceService");
        assert.deepEqual(
            ["bloom-model-repository", "bloom-deployment", "bloom-service", "bloom-networkpolicy"].map((n) => [n, mocks.byName(n).type]),
            [
                ["bloom-model-repository", "kubernetes:core/v1:ConfigMap"],
                ["bloom-deployment", "kubernetes:apps/v1:Deployment"],
                ["bloom-service", "kubernetes:core/v1:Service"],
                ["bloom-networkpolicy", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
            ],
        );
        assert.equal(childrenOf(svc).length, 5);
        for (const n of ["bloom-serviceaccount", "bloom-model-repository", "bloom-deployment", "bloom-service"]) {
            assert.ok(mocks.byName(n).dependencies.map(urnName).includes("bloom-ft-job"), `${n} waits for the conversion Job`);
        }
        assert.equal(await valueOf(svc.modelUrl), "http://bloom.llm.svc.cluster.local:8000/v2/models/fastertransformer");
        assert.equal(await valueOf(svc.grpcEndpoint), "bloom.llm.svc.cluster.local:8001");
        assert.ok(warnings.some((w) => /FasterTransformer/.test(w)));
    });
});

describe("bad input names the field", () => {
    const cases: [string, TritonInferenceServiceArgs, string][] = [
        ["neither model nor repository", { namespace: "llm", backend: "vllm" }, "model"],
        ["both", { ...vllm, repository: { volume } }, "model"],
        ["a hub id for converted weights", { ...ft, model: { source: { huggingFaceId: "bigscience/bloom-7b1" } } }, "model.source.huggingFaceId"],
        ["vllm settings on another backend", { ...ft, model: { ...ft.model!, vllm: {} } }, "model.vllm"],
        ["max batch size on vLLM", { ...vllm, model: { ...vllm.model!, maxBatchSize: 8 } }, "model.maxBatchSize"],
        [
            "a generated engine argument",
            { ...vllm, model: { ...vllm.model!, vllm: { engineArgs: { tensor_parallel_size: 4 } } } },
            "model.vllm.engineArgs.tensor_parallel_size",
        ],
        [
            "an engine argument in camelCase",
            { ...vllm, model: { ...vllm.model!, vllm: { engineArgs: { maxNumSeqs: 4 } } } },
            "model.vllm.engineArgs.maxNumSeqs",
        ],
        ["a volume in another namespace", { ...vllm, namespace: "other" }, "model.source.volume"],
        ["GPUs not matching parallelism", { ...ft, gpus: { count: 1 } }, "gpus.count"],
        [
            "more GPUs than a node has",
            { ...ft, gpuPool: { nodeSelector: {}, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpusPerNode: 1 } },
            "gpus.count",
        ],
        ["FasterTransformer pipeline parallelism", { ...ft, parallelism: { tensor: 2, pipeline: 2 } }, "parallelism.pipeline"],
        ["loadModels without the generated model", { ...vllm, loadModels: ["other"] }, "loadModels"],
        ["a model name with a slash", { ...vllm, model: { ...vllm.model!, name: "a/b" } }, "model.name"],
        ["an unpinned image", { ...vllm, image: "nvcr.io/nvidia/tritonserver:latest" }, "image"],
        ["an API key Triton would ignore", { ...vllm, apiKeySecret: { name: "k", key: "k" } }, "apiKeySecret"],
        ["autoscaling without a max", { ...vllm, metrics: {}, autoscaling: { keda: { prometheusUrl: "http://p:9090" } } }, "replicas.max"],
        [
            "the default queue query without metrics",
            { ...vllm, replicas: { min: 1, max: 2 }, autoscaling: { keda: { prometheusUrl: "http://p:9090" } } },
            "autoscaling.keda.query",
        ],
        ["a typo", { ...vllm, backnd: "vllm" } as any, "backnd"],
    ];
    for (const [what, args, path] of cases) test(what, () => void expectArgError(() => triton.resolveTritonArgs("tri", args), path));
});
