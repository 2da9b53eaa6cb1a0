export type { VllmInferenceServiceArgs, VllmModelArgs, VllmModelSourceArgs, LoraAdapterArgs, VllmKServeArgs } from "./args";
export { VllmInferenceService, type VllmInferenceServiceOptions } from "./component";
export { renderVllm, renderInferenceService, renderDeployment, vllmEngineArgs, vllmUrls } from "./render";
export { resolveVllmArgs, type VllmResolved } from "./validate";
