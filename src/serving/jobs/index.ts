export type { JobCommonArgs } from "./common";
export type { ModelDownloadJobArgs } from "./download/args";
export { ModelDownloadJob, type ModelJobOptions } from "./download/component";
export { renderDownload, DOWNLOAD_SCRIPT } from "./download/render";
export { resolveDownloadArgs, type DownloadResolved } from "./download/validate";
export type {
    ConversionGpuArgs,
    ConversionPathArgs,
    FasterTransformerConversionArgs,
    ModelConversionJobArgs,
    TensorRtLlmConversionArgs,
} from "./conversion/args";
export { ModelConversionJob } from "./conversion/component";
export { renderConversion, conversionScript } from "./conversion/render";
export { resolveConversionArgs, type ConversionResolved } from "./conversion/validate";
