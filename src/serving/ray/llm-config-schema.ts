/**
 * What `ray.serve.llm.LLMConfig` accepts (Ray 2.5x, `python/ray/llm/_internal/serve/core/configs/
 * llm_config.py`, `ray.serve.config.AutoscalingConfig`, `cloud_utils.CloudMirrorConfig`), as a
 * strict schema: the configs this library writes into `serveConfigV2` are checked against it, so a
 * misspelt field fails here rather than in the Serve controller after the GPU nodes are up.
 */
import * as v from "valibot";
import { integer, nonEmptyString, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from "../../core/schemas";

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

const remoteUri = v.pipe(v.string(), v.regex(/^(s3|gs|abfss|azure):\/\/.+/, "must start with s3://, gs://, abfss:// or azure://"));

export const autoscalingConfigSchema = v.strictObject({
    min_replicas: v.optional(nonNegativeInt),
    initial_replicas: v.optional(nonNegativeInt),
    max_replicas: v.optional(positiveInt),
    target_ongoing_requests: v.optional(positiveNumber),
    metrics_interval_s: v.optional(positiveNumber),
    look_back_period_s: v.optional(positiveNumber),
    smoothing_factor: v.optional(positiveNumber),
    upscale_smoothing_factor: v.optional(positiveNumber),
    downscale_smoothing_factor: v.optional(positiveNumber),
    upscaling_factor: v.optional(positiveNumber),
    downscaling_factor: v.optional(positiveNumber),
    downscale_delay_s: v.optional(nonNegativeNumber),
    upscale_delay_s: v.optional(nonNegativeNumber),
});

/** `@serve.deployment` options LLMConfig forwards (the list in its `deployment_config` docstring). */
export const deploymentConfigSchema = v.strictObject({
    name: v.optional(v.string()),
    num_replicas: v.optional(v.union([positiveInt, v.literal("auto")], "must be a positive integer or 'auto'")),
    ray_actor_options: v.optional(v.record(v.string(), v.unknown())),
    max_ongoing_requests: v.optional(positiveInt),
    autoscaling_config: v.optional(autoscalingConfigSchema),
    max_queued_requests: v.optional(integer),
    user_config: v.optional(v.unknown()),
    health_check_period_s: v.optional(positiveNumber),
    health_check_timeout_s: v.optional(positiveNumber),
    graceful_shutdown_wait_loop_s: v.optional(positiveNumber),
    graceful_shutdown_timeout_s: v.optional(positiveNumber),
    logging_config: v.optional(v.record(v.string(), v.unknown())),
    request_router_config: v.optional(v.record(v.string(), v.unknown())),
});

export const llmConfigSchema = v.strictObject({
    model_loading_config: v.strictObject({
        model_id: nonEmptyString,
        model_source: v.optional(
            v.union(
                [
                    nonEmptyString,
                    v.strictObject({
                        bucket_uri: remoteUri,
                        extra_files: v.optional(v.array(v.strictObject({ bucket_uri: remoteUri, destination_path: v.string() }))),
                    }),
                ],
                "must be a model id or path, or {bucket_uri} of a remote mirror",
            ),
        ),
        tokenizer_source: v.optional(v.string()),
    }),
    llm_engine: v.optional(v.literal("vLLM")),
    engine_kwargs: v.optional(v.record(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case engine argument")), v.unknown())),
    accelerator_type: v.optional(v.picklist(RAY_ACCELERATOR_TYPES)),
    placement_group_config: v.optional(
        v.strictObject({
            bundles: v.pipe(
                v.array(v.record(v.string(), nonNegativeNumber)),
                v.minLength(1, "must list at least one bundle"),
            ),
            strategy: v.optional(v.picklist(["PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"])),
        }),
    ),
    deployment_config: v.optional(deploymentConfigSchema),
    lora_config: v.optional(
        v.strictObject({
            dynamic_lora_loading_path: v.optional(remoteUri),
            max_num_adapters_per_replica: v.optional(positiveInt),
            download_timeout_s: v.optional(positiveNumber),
            max_download_tries: v.optional(positiveInt),
        }),
    ),
    runtime_env: v.optional(v.record(v.string(), v.unknown())),
    experimental_configs: v.optional(v.record(v.string(), v.unknown())),
    log_engine_metrics: v.optional(v.boolean()),
});

/** One `llm_configs` entry, as written into `serveConfigV2`. */
export type LlmConfig = v.InferOutput<typeof llmConfigSchema>;
