/**
 * What `ray.serve.llm.LLMConfig` accepts (Ray 2.5x, `python/ray/llm/_internal/serve/core/configs/
 * llm_config.py`, `ray.serve.config.AutoscalingConfig`, `cloud_utils.CloudMirrorConfig`), as a
 * strict schema: the configs this library writes into `serveConfigV2` are checked against it, so a
 * misspelt field fails here rather than in the Serve controller after the GPU nodes are up.
 */
import { integer, nonEmptyString, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";

/** The NVIDIA types `ray.util.accelerators` knows, for GPU worker groups requesting `nvidia.com/gpu`. */
export const NVIDIA_ACCELERATOR_TYPES = [
    "V100",
    "P100",
    "T4",
    "P4",
    "K80",
    "A10G",
    "L4",
    "L40S",
    "A100",
    "H100",
    "H200",
    "H20",
    "B200",
    "A100-40G",
    "A100-80G",
] as const;
export type NvidiaAcceleratorType = (typeof NVIDIA_ACCELERATOR_TYPES)[number];

/** `ray.util.accelerators` values LLMConfig accepts (Ray's API docs, latest): the NVIDIA ones and the others. */
export const RAY_ACCELERATOR_TYPES = [
    ...NVIDIA_ACCELERATOR_TYPES,
    "Intel-GPU-Max-1550",
    "Intel-GPU-Max-1100",
    "Intel-GAUDI",
    "AMD-Instinct-MI100",
    "AMD-Instinct-MI250X",
    "AMD-Instinct-MI250X-MI250",
    "AMD-Instinct-MI210",
    "AMD-Instinct-MI300A",
    "AMD-Instinct-MI300X-OAM",
    "AMD-Instinct-MI300X-HF",
    "AMD-Instinct-MI308X",
    "AMD-Instinct-MI325X-OAM",
    "AMD-Instinct-MI350X-OAM",
    "AMD-Instinct-MI355X-OAM",
    "AMD-Radeon-R9-200-HD-7900",
    "AMD-Radeon-HD-7900",
    "aws-neuron-core",
    "TPU-V2",
    "TPU-V3",
    "TPU-V4",
    "TPU-V5P",
    "TPU-V5LITEPOD",
    "TPU-V6E",
    "Ascend910B",
    "Ascend910B4",
    "MXC500",
    "MXC550",
] as const;

const remoteUri = lazySchema((z) => z.string().regex(/^(s3|gs|abfss|azure):\/\/.+/, "must start with s3://, gs://, abfss:// or azure://"));

export const autoscalingConfigSchema = lazySchema((z) =>
    z.strictObject({
        min_replicas: nonNegativeInt().optional(),
        initial_replicas: nonNegativeInt().optional(),
        max_replicas: positiveInt().optional(),
        target_ongoing_requests: positiveNumber().optional(),
        metrics_interval_s: positiveNumber().optional(),
        look_back_period_s: positiveNumber().optional(),
        smoothing_factor: positiveNumber().optional(),
        upscale_smoothing_factor: positiveNumber().optional(),
        downscale_smoothing_factor: positiveNumber().optional(),
        upscaling_factor: positiveNumber().optional(),
        downscaling_factor: positiveNumber().optional(),
        downscale_delay_s: nonNegativeNumber().optional(),
        upscale_delay_s: nonNegativeNumber().optional(),
    }),
);

/** `@serve.deployment` options LLMConfig forwards (the list in its `deployment_config` docstring). */
export const deploymentConfigSchema = lazySchema((z) =>
    z.strictObject({
        name: z.string().optional(),
        num_replicas: z.union([positiveInt(), z.literal("auto")], "must be a positive integer or 'auto'").optional(),
        ray_actor_options: z.record(z.string(), z.unknown()).optional(),
        max_ongoing_requests: positiveInt().optional(),
        autoscaling_config: autoscalingConfigSchema().optional(),
        max_queued_requests: integer().optional(),
        user_config: z.unknown().optional(),
        health_check_period_s: positiveNumber().optional(),
        health_check_timeout_s: positiveNumber().optional(),
        graceful_shutdown_wait_loop_s: positiveNumber().optional(),
        graceful_shutdown_timeout_s: positiveNumber().optional(),
        logging_config: z.record(z.string(), z.unknown()).optional(),
        request_router_config: z.record(z.string(), z.unknown()).optional(),
    }),
);

export const llmConfigSchema = lazySchema((z) =>
    z.strictObject({
        model_loading_config: z.strictObject({
            model_id: nonEmptyString(),
            model_source: z
                .union(
                    [
                        nonEmptyString(),
                        z.strictObject({
                            bucket_uri: remoteUri(),
                            extra_files: z.array(z.strictObject({ bucket_uri: remoteUri(), destination_path: z.string() })).optional(),
                        }),
                    ],
                    "must be a model id or path, or {bucket_uri} of a remote mirror",
                )
                .optional(),
            tokenizer_source: z.string().optional(),
        }),
        llm_engine: z.literal("vLLM").optional(),
        engine_kwargs: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case engine argument"), z.unknown()).optional(),
        accelerator_type: z.enum(RAY_ACCELERATOR_TYPES).optional(),
        placement_group_config: z
            .strictObject({
                bundles: z.array(z.record(z.string(), nonNegativeNumber())).min(1, "must list at least one bundle"),
                strategy: z.enum(["PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"]).optional(),
            })
            .optional(),
        deployment_config: deploymentConfigSchema().optional(),
        lora_config: z
            .strictObject({
                dynamic_lora_loading_path: remoteUri().optional(),
                max_num_adapters_per_replica: positiveInt().optional(),
                download_timeout_s: positiveNumber().optional(),
                max_download_tries: positiveInt().optional(),
            })
            .optional(),
        runtime_env: z.record(z.string(), z.unknown()).optional(),
        experimental_configs: z.record(z.string(), z.unknown()).optional(),
        log_engine_metrics: z.boolean().optional(),
    }),
);

/** One `llm_configs` entry, as written into `serveConfigV2`. */
export type LlmConfig = Infer<typeof llmConfigSchema>;
