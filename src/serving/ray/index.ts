export type {
    RayLLMAppArgs,
    RayLlmModel,
    RayWorkerGroup,
    RayModelSourceArgs,
    RayEngineArgs,
    RayServeAutoscalingArgs,
    RayLoraArgs,
    RayHeadArgs,
    RayOperatorArgs,
} from "./args";
export { RayLLMApp, type RayLLMAppOptions } from "./component";
export { toLlmConfig, renderServeConfig, modelLocalPath } from "./llm-config";
export { llmConfigSchema, RAY_ACCELERATOR_TYPES, type LlmConfig } from "./llm-config-schema";
export { mapRayllmModel, rayllmModelSchema, type MappedRayllmModel } from "./rayllm";
export {
    renderRayLlm,
    renderRayService,
    rayLlmUrls,
    rayServiceReplaceOptions,
    RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE,
    UNHASHED_FIELDS_ANNOTATION,
} from "./render";
export { resolveRayLlmArgs, rayDetectedAcceleratorType, type RayLlmResolved } from "./validate";
