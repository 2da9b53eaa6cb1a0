export type {
    TritonInferenceServiceArgs,
    TritonBackend,
    TritonRepositoryArgs,
    TritonModelArgs,
    TritonVllmArgs,
    TritonTensorRtLlmArgs,
    TritonFasterTransformerArgs,
} from "./args";
export { TritonInferenceService, type TritonInferenceServiceOptions } from "./component";
export { renderTriton, modelRepositoryFiles, tritonCommand, tritonUrls } from "./render";
export { resolveTritonArgs, type TritonResolved } from "./validate";
