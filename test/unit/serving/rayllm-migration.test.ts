import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { ProblemList } from "../../../src/core/validation";

const { ray } = loadUnderMocks(["ray"]);

/**
 * A RayLLM (Aviary) continuous-batching model file, written in the format of ray-project/ray-llm
 * `models/continuous_batching/*.yaml` (VLLMEngine era): the three sections, RayLLM's field names
 * (`target_num_ongoing_requests_per_replica`, `max_concurrent_queries`, `hf_model_id`,
 * `max_total_tokens`, `accelerator_type_a10`), a prompt format and a STRICT_PACK scaling config.
 */
/** Worker pods large enough for the file's 8 CPUs per engine worker plus the replica actor. */
const WORKER_16_CPUS = { requests: { cpu: "16", memory: "64Gi" }, limits: { cpu: "16", memory: "64Gi" } };

const LLAMA_2_7B_CHAT_RAYLLM = `
deployment_config:
  autoscaling_config:
    min_replicas: 1
    initial_replicas: 1
    max_replicas: 8
    target_num_ongoing_requests_per_replica: 1.0
    metrics_interval_s: 10.0
    look_back_period_s: 30.0
    smoothing_factor: 0.5
    downscale_delay_s: 300.0
    upscale_delay_s: 90.0
  max_concurrent_queries: 32
  ray_actor_options:
    resources:
      accelerator_type_a10: 0.01
engine_config:
  model_id: meta-llama/Llama-2-7b-chat-hf
  hf_model_id: meta-llama/Llama-2-7b-chat-hf
  type: VLLMEngine
  engine_kwargs:
    trust_remote_code: true
    max_num_seqs: 32
    gpu_memory_utilization: 0.9
  max_total_tokens: 4096
  generation:
    prompt_format:
      system: "<<SYS>>\\n{instruction}\\n<</SYS>>\\n\\n"
      assistant: " {instruction} </s><s>"
      trailing_assistant: ""
      user: "[INST] {system}{instruction} [/INST]"
      system_in_user: true
      default_system_message: ""
    stopping_sequences: []
scaling_config:
  num_workers: 1
  num_gpus_per_worker: 1
  num_cpus_per_worker: 8
  placement_strategy: "STRICT_PACK"
  resources_per_worker:
    accelerator_type_a10: 0.01
`;

function map(raw: unknown) {
    const problems = new ProblemList();
    const mapped = ray.mapRayllmModel(raw, "rayllmModels[0]", problems);
    return { mapped, problems };
}

function expectProblem(raw: unknown, path: string) {
    const { mapped, problems } = map(raw);
    assert.equal(mapped, undefined);
    expectArgError(() => problems.throwIfAny("RayLLMApp"), path);
}

describe("RayLLM model files map to ray.serve.llm LLMConfig", () => {
    test("the Llama-2-7b-chat file maps field by field and validates", () => {
        const { mapped, problems } = map(LLAMA_2_7B_CHAT_RAYLLM);
        assert.equal(problems.size, 0);
        assert.deepEqual(mapped!.llmConfig, {
            model_loading_config: { model_id: "meta-llama/Llama-2-7b-chat-hf", model_source: "meta-llama/Llama-2-7b-chat-hf" },
            engine_kwargs: { trust_remote_code: true, max_num_seqs: 32, gpu_memory_utilization: 0.9, max_model_len: 4096 },
            accelerator_type: "A10G",
            // num_cpus_per_worker takes effect: each engine worker's bundle reserves its CPUs.
            placement_group_config: { bundles: [{ GPU: 1, CPU: 8 }], strategy: "STRICT_PACK" },
            deployment_config: {
                autoscaling_config: {
                    min_replicas: 1,
                    initial_replicas: 1,
                    max_replicas: 8,
                    look_back_period_s: 30,
                    downscale_delay_s: 300,
                    upscale_delay_s: 90,
                    target_ongoing_requests: 1,
                    upscaling_factor: 0.5,
                    downscaling_factor: 0.5,
                },
                max_ongoing_requests: 32,
            },
        });
        assert.ok(ray.llmConfigSchema().safeParse(mapped!.llmConfig).success);
        assert.equal(mapped!.gpusPerReplica, 1);
        assert.equal(mapped!.cpusPerReplica, 9);
        // Each renamed or dropped setting is named by its field path (renamedSetting).
        assert.deepEqual(
            mapped!.notes.map((n) => n.split(":")[0]),
            [
                "rayllmModels[0].engine_config.max_total_tokens",
                "rayllmModels[0].engine_config.generation.prompt_format",
                "rayllmModels[0].deployment_config.autoscaling_config.target_num_ongoing_requests_per_replica",
                "rayllmModels[0].deployment_config.autoscaling_config.smoothing_factor",
                "rayllmModels[0].deployment_config.autoscaling_config.metrics_interval_s",
                "rayllmModels[0].deployment_config.max_concurrent_queries",
            ],
        );
        assert.match(mapped!.notes.join("\n"), /max_total_tokens: Ray Serve LLM 2\.58\.0 renamed it to engine_kwargs\.max_model_len/);
        assert.match(mapped!.notes.join("\n"), /prompt_format: Ray Serve LLM 2\.58\.0 dropped it; .*chat template/);
    });

    test("parsed objects work like YAML text; tensor parallelism and S3 mirrors map too", () => {
        const file = parse(LLAMA_2_7B_CHAT_RAYLLM);
        file.scaling_config.num_workers = 4;
        file.engine_config.s3_mirror_config = { bucket_uri: "s3://models/llama-2-70b/" };
        const { mapped } = map(file);
        assert.equal(mapped!.llmConfig.engine_kwargs!.tensor_parallel_size, 4);
        assert.deepEqual(mapped!.llmConfig.model_loading_config.model_source, { bucket_uri: "s3://models/llama-2-70b/" });
        assert.equal(mapped!.llmConfig.placement_group_config!.bundles.length, 4);
        assert.equal(mapped!.gpusPerReplica, 4);
        assert.ok(ray.llmConfigSchema().safeParse(mapped!.llmConfig).success);
    });

    test("what Ray Serve LLM cannot run is refused with the file's field named", () => {
        const file = () => parse(LLAMA_2_7B_CHAT_RAYLLM);
        expectProblem({ ...file(), engine_config: { ...file().engine_config, type: "TextGenerationInferenceEngine" } }, "rayllmModels[0].engine_config.type");
        expectProblem(
            { ...file(), scaling_config: { ...file().scaling_config, num_gpus_per_worker: 2 } },
            "rayllmModels[0].scaling_config.num_gpus_per_worker",
        );
        expectProblem(
            { ...file(), scaling_config: { ...file().scaling_config, resources_per_worker: { accelerator_type_cpu: 0.01 } } },
            "rayllmModels[0].scaling_config.resources_per_worker",
        );
        expectProblem(
            { ...file(), scaling_config: { ...file().scaling_config, resources_per_worker: { my_custom_gpu: 1 } } },
            "rayllmModels[0].scaling_config.resources_per_worker.my_custom_gpu",
        );
        expectProblem({ ...file(), model_compute_config: {} }, "rayllmModels[0].model_compute_config");
        const twoUnknown = map({
            ...file(),
            model_compute_config: {},
            engine_config: { ...file().engine_config, tokenizer_id: "x", prompt_format: {} },
        }).problems;
        const err = expectArgError(() => twoUnknown.throwIfAny("RayLLMApp"), "rayllmModels[0].engine_config.prompt_format");
        assert.deepEqual(err.errors.map((e) => e.propertyPath).sort(), [
            "rayllmModels[0].engine_config.prompt_format",
            "rayllmModels[0].engine_config.tokenizer_id",
            "rayllmModels[0].model_compute_config",
        ]);
        expectProblem({ ...file(), enabled: false }, "rayllmModels[0].enabled");
        expectProblem({ ...file(), engine_config: { ...file().engine_config, model_id: undefined } }, "rayllmModels[0].engine_config.model_id");
        expectProblem("engine_config: [unclosed", "rayllmModels[0]");
    });
});

describe("RayLLMApp with a RayLLM model file", () => {
    test("renders a RayService whose serveConfigV2 carries the mapped LLMConfig", () => {
        const r = ray.resolveRayLlmArgs("rayllm", {
            workerGroups: [{ name: "gpu", replicas: { min: 1, max: 8 }, resources: WORKER_16_CPUS }],
            rayllmModels: [LLAMA_2_7B_CHAT_RAYLLM],
        });
        const rs = ray.renderRayService(r) as any;
        assertValidKubeObjects([rs]);
        const llm = parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0];
        assert.equal(llm.accelerator_type, "A10G");
        assert.equal(llm.deployment_config.autoscaling_config.target_ongoing_requests, 1);
        assert.deepEqual(llm.placement_group_config.bundles, [{ GPU: 1, CPU: 8 }]);
        assert.deepEqual(r.modelIds, ["meta-llama/Llama-2-7b-chat-hf"]);
        assert.equal(r.warnings.length, 6);
    });

    test("per-worker CPUs the worker pods cannot hold are refused, naming num_cpus_per_worker", () => {
        // 8 CPUs per engine worker + the replica actor's 1 > the default worker pod's 8.
        const err = expectArgError(
            () => ray.resolveRayLlmArgs("rayllm", { workerGroups: [{ name: "gpu", replicas: { min: 1, max: 8 } }], rayllmModels: [LLAMA_2_7B_CHAT_RAYLLM] }),
            "rayllmModels[0].scaling_config.num_cpus_per_worker",
        );
        assert.match(err.errors.map((e) => e.reason).join("\n"), /reserves 9 CPUs .* at most 8/);
    });

    test("generation: non-empty stopping_sequences and other generation defaults are refused (they would change the served text)", () => {
        const file = parse(LLAMA_2_7B_CHAT_RAYLLM);
        file.engine_config.generation.stopping_sequences = ["</s>"];
        file.engine_config.generation.max_new_tokens = 256;
        const { mapped, problems } = map(file);
        assert.equal(mapped, undefined);
        const err = expectArgError(() => problems.throwIfAny("RayLLMApp"), "rayllmModels[0].engine_config.generation.stopping_sequences");
        assert.match(err.errors.map((e) => e.reason).join("\n"), /send 'stop' with each request/);
        assert.ok(err.errors.some((e) => e.propertyPath === "rayllmModels[0].engine_config.generation.max_new_tokens"));
    });

    test("its A10 accelerator resource is refused on a pool Ray detects as A10 (LLMConfig asks for A10G)", () => {
        expectArgError(
            () =>
                ray.resolveRayLlmArgs("rayllm", {
                    workerGroups: [
                        {
                            name: "gpu",
                            replicas: { min: 1, max: 8 },
                            gpuPool: { nodeSelector: {}, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpuModel: "NVIDIA A10" },
                        },
                    ],
                    rayllmModels: [LLAMA_2_7B_CHAT_RAYLLM],
                }),
            "rayllmModels[0].scaling_config.resources_per_worker",
        );
    });

    test("a model id used twice across typed models and files is refused", () => {
        expectArgError(
            () =>
                ray.resolveRayLlmArgs("rayllm", {
                    workerGroups: [{ name: "gpu", replicas: { min: 2, max: 8 } }],
                    models: [{ id: "meta-llama/Llama-2-7b-chat-hf", source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" } }],
                    rayllmModels: [LLAMA_2_7B_CHAT_RAYLLM],
                }),
            "rayllmModels[0]",
        );
    });
});
