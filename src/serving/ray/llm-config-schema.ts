/**
 * What `ray.serve.llm.LLMConfig` accepts (Ray 2.5x, `python/ray/llm/_internal/serve/core/configs/
 * llm_config.py`, `ray.serve.config.AutoscalingConfig`, `cloud_utils.CloudMirrorConfig`), as a
 * strict schema: the configs this library writes into `serveConfigV2` are checked against it, so a
 * misspelt field fails here rather than in the Serve controller after the GPU nodes are up.
 */
import { z } from "zod";

/** `ray.util.accelerators` values LLMConfig accepts (Ray's API docs, latest). */
export const RAY_ACCELERATOR_TYPES = [
    "V100", "P100", "T4", "P4", "K80", "A10G", "L4", "L40S", "A100", "H100", "H200", "H20", "B200",
    "Intel-GPU-Max-1550", "Intel-GPU-Max-1100", "Intel-GAUDI",
    "AMD-Instinct-MI100", "AMD-Instinct-MI250X", "AMD-Instinct-MI250X-MI250", "AMD-Instinct-MI210", "AMD-Instinct-MI300A",
    "AMD-Instinct-MI300X-OAM", "AMD-Instinct-MI300X-HF", "AMD-Instinct-MI308X", "AMD-Instinct-MI325X-OAM",
    "AMD-Instinct-MI350X-OAM", "AMD-Instinct-MI355X-OAM", "AMD-Radeon-R9-200-HD-7900", "AMD-Radeon-HD-7900",
    "aws-neuron-core", "TPU-V2", "TPU-V3", "TPU-V4", "TPU-V5P", "TPU-V5LITEPOD", "TPU-V6E",
    "Ascend910B", "Ascend910B4", "MXC500", "MXC550", "A100-40G", "A100-80G",
] as const;

/** The NVIDIA subset, for GPU worker groups requesting `nvidia.com/gpu`. */
export const NVIDIA_ACCELERATOR_TYPES = ["V100", "P100", "T4", "P4", "K80", "A10G", "L4", "L40S", "A100", "H100", "H200", "H20", "B200", "A100-40G", "A100-80G"] as const;
export type NvidiaAcceleratorType = (typeof NVIDIA_ACCELERATOR_TYPES)[number];

const remoteUri = z.string().regex(/^(s3|gs|abfss|azure):\/\/.+/, "must start with s3://, gs://, abfss:// or azure://");
const positive = z.number().positive();
const nonNegative = z.number().min(0);

export const autoscalingConfigSchema = z.strictObject({
    min_replicas: z.number().int().min(0).optional(),
    initial_replicas: z.number().int().min(0).optional(),
    max_replicas: z.number().int().positive().optional(),
    target_ongoing_requests: positive.optional(),
    metrics_interval_s: positive.optional(),
    look_back_period_s: positive.optional(),
    smoothing_factor: positive.optional(),
    upscale_smoothing_factor: positive.optional(),
    downscale_smoothing_factor: positive.optional(),
    upscaling_factor: positive.optional(),
    downscaling_factor: positive.optional(),
    downscale_delay_s: nonNegative.optional(),
    upscale_delay_s: nonNegative.optional(),
});

/** `@serve.deployment` options LLMConfig forwards (the list in its `deployment_config` docstring). */
export const deploymentConfigSchema = z.strictObject({
    name: z.string().optional(),
    num_replicas: z.union([z.number().int().positive(), z.literal("auto")]).optional(),
    ray_actor_options: z.record(z.string(), z.unknown()).optional(),
    max_ongoing_requests: z.number().int().positive().optional(),
    autoscaling_config: autoscalingConfigSchema.optional(),
    max_queued_requests: z.number().int().optional(),
    user_config: z.unknown().optional(),
    health_check_period_s: positive.optional(),
    health_check_timeout_s: positive.optional(),
    graceful_shutdown_wait_loop_s: positive.optional(),
    graceful_shutdown_timeout_s: positive.optional(),
    logging_config: z.record(z.string(), z.unknown()).optional(),
    request_router_config: z.record(z.string(), z.unknown()).optional(),
});

export const llmConfigSchema = z.strictObject({
    model_loading_config: z.strictObject({
        model_id: z.string().min(1),
        model_source: z
            .union([
                z.string().min(1),
                z.strictObject({
                    bucket_uri: remoteUri,
                    extra_files: z.array(z.strictObject({ bucket_uri: remoteUri, destination_path: z.string() })).optional(),
                }),
            ])
            .optional(),
        tokenizer_source: z.string().optional(),
    }),
    llm_engine: z.literal("vLLM").optional(),
    engine_kwargs: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.unknown()).optional(),
    accelerator_type: z.enum(RAY_ACCELERATOR_TYPES).optional(),
    placement_group_config: z
        .strictObject({
            bundles: z.array(z.record(z.string(), z.number().nonnegative())).min(1),
            strategy: z.enum(["PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"]).optional(),
        })
        .optional(),
    deployment_config: deploymentConfigSchema.optional(),
    lora_config: z
        .strictObject({
            dynamic_lora_loading_path: remoteUri.optional(),
            max_num_adapters_per_replica: z.number().int().positive().optional(),
            download_timeout_s: positive.optional(),
            max_download_tries: z.number().int().positive().optional(),
        })
        .optional(),
    runtime_env: z.record(z.string(), z.unknown()).optional(),
    experimental_configs: z.record(z.string(), z.unknown()).optional(),
    log_engine_metrics: z.boolean().optional(),
});

/** One `llm_configs` entry, as written into `serveConfigV2`. */
export type LlmConfig = z.infer<typeof llmConfigSchema>;
