import { dump } from "js-yaml";
import { whenKnown, type Deferrable } from "../../core/deferrable";
import { joinPath } from "../../core/model-volume";
import { formatPath, issuesAt } from "../../core/validation";
import type { LlmModelParsed } from "./args";
import { llmConfigSchema, type LlmConfig } from "./llm-config-schema";

/** Where a volume-backed model is read from on every Ray pod. */
export function modelLocalPath(model: LlmModelParsed): string | undefined {
    const volume = model.source.volume;
    if (volume === undefined) return undefined;
    return "/" + joinPath(volume.mountPath, volume.subPath, model.source.path ?? "");
}

function modelSource(model: LlmModelParsed, uri: string | undefined): LlmConfig["model_loading_config"]["model_source"] {
    const s = model.source;
    if (s.huggingFaceId !== undefined) return s.huggingFaceId;
    if (uri !== undefined) return { bucket_uri: uri };
    return modelLocalPath(model);
}

function engineKwargs(model: LlmModelParsed): Record<string, unknown> {
    const e = model.engine;
    return {
        ...e.extra,
        ...(e.tensorParallelSize > 1 ? { tensor_parallel_size: e.tensorParallelSize } : {}),
        ...(e.pipelineParallelSize > 1 ? { pipeline_parallel_size: e.pipelineParallelSize } : {}),
        ...(e.maxModelLen !== undefined ? { max_model_len: e.maxModelLen } : {}),
        ...(e.gpuMemoryUtilization !== undefined ? { gpu_memory_utilization: e.gpuMemoryUtilization } : {}),
        ...(e.dtype !== undefined ? { dtype: e.dtype } : {}),
        ...(model.lora !== undefined
            ? {
                  enable_lora: true,
                  max_loras: model.lora.maxAdaptersPerReplica,
                  ...(model.lora.maxLoraRank !== undefined ? { max_lora_rank: model.lora.maxLoraRank } : {}),
              }
            : {}),
    };
}

/**
 * The typed model as one `LLMConfig`: plain data, or an Output of it when the model's bucket URI
 * (`source.uri`, `lora.dynamicLoadingPath`) is an Output.
 */
export function toLlmConfig(model: LlmModelParsed): Deferrable<LlmConfig> {
    return whenKnown([model.source.uri, model.lora?.dynamicLoadingPath], (uri, loraPath) => knownLlmConfig(model, uri, loraPath));
}

function knownLlmConfig(model: LlmModelParsed, uri: string | undefined, loraPath: string | undefined): LlmConfig {
    const a = model.autoscaling;
    const kwargs = engineKwargs(model);
    return {
        model_loading_config: { model_id: model.id, model_source: modelSource(model, uri) },
        ...(Object.keys(kwargs).length > 0 ? { engine_kwargs: kwargs } : {}),
        ...(model.acceleratorType !== undefined ? { accelerator_type: model.acceleratorType } : {}),
        deployment_config: {
            autoscaling_config: {
                min_replicas: a.minReplicas,
                max_replicas: a.maxReplicas ?? Math.max(a.minReplicas, 1),
                ...(a.initialReplicas !== undefined ? { initial_replicas: a.initialReplicas } : {}),
                ...(a.targetOngoingRequests !== undefined ? { target_ongoing_requests: a.targetOngoingRequests } : {}),
                ...(a.upscaleDelaySeconds !== undefined ? { upscale_delay_s: a.upscaleDelaySeconds } : {}),
                ...(a.downscaleDelaySeconds !== undefined ? { downscale_delay_s: a.downscaleDelaySeconds } : {}),
            },
            ...(model.maxOngoingRequests !== undefined ? { max_ongoing_requests: model.maxOngoingRequests } : {}),
        },
        ...(model.lora !== undefined
            ? { lora_config: { dynamic_lora_loading_path: loraPath, max_num_adapters_per_replica: model.lora.maxAdaptersPerReplica } }
            : {}),
        ...(Object.keys(model.env).length > 0 ? { runtime_env: { env_vars: { ...model.env } } } : {}),
    };
}

export const SERVE_APP_NAME = "llms";
export const BUILD_OPENAI_APP = "ray.serve.llm:build_openai_app";

/**
 * KubeRay reads `serveConfigV2` with sigs.k8s.io/yaml, a YAML 1.1 parser: unquoted `yes`, `on`,
 * `n`, `0b101` or `1_000` would reach Ray as booleans and numbers. Every string value is therefore
 * double-quoted, and js-yaml quotes keys that YAML 1.1 would read as something else.
 */
const SERVE_CONFIG_YAML = { forceQuotes: true, quotingType: '"', lineWidth: -1, noRefs: true } as const;

/**
 * `serveConfigV2`: one OpenAI-compatible application serving every model. Each LLMConfig is
 * checked against what `ray.serve.llm.LLMConfig` accepts before it is written. YAML text never
 * holds an Output: when a config is one, the text is written once it is known.
 */
export function renderServeConfig(llmConfigs: readonly Deferrable<LlmConfig>[]): Deferrable<string> {
    return whenKnown<LlmConfig[], string>([...llmConfigs], (...configs) => serveConfigText(configs));
}

function serveConfigText(llmConfigs: readonly LlmConfig[]): string {
    for (const config of llmConfigs) {
        const check = llmConfigSchema().safeParse(config);
        if (!check.success) {
            const reasons = issuesAt(check.error.issues)
                .map((issue) => `${formatPath(issue.path)}: ${issue.reason}`)
                .join("; ");
            throw new Error(`internal error: LLMConfig for '${config.model_loading_config.model_id}' is not valid: ${reasons}`);
        }
    }
    return dump(
        {
            applications: [
                {
                    name: SERVE_APP_NAME,
                    route_prefix: "/",
                    import_path: BUILD_OPENAI_APP,
                    args: { llm_configs: llmConfigs },
                },
            ],
        },
        SERVE_CONFIG_YAML,
    );
}
