/**
 * The Kubernetes layer: everything that runs on an existing cluster. Importing this entry point
 * never loads @pulumi/aws or @pulumi/alicloud.
 */
export * from "./core";
export * from "./storage/model-bucket-volume";
/** The argument schema, for stack configuration checked the same way (`loadConfig` from `/config`). */
export { modelBucketVolumeSchema } from "./storage/model-bucket-volume/args";
export * from "./serving/vllm";
export * from "./platform/kserve";
export * from "./platform/kuberay";
export * from "./serving/ray";
export * from "./serving/djl";
export * from "./serving/openllm";
export * from "./serving/jobs";
export * from "./serving/triton";
export * from "./serving/distributed";
export * from "./serving/traffic";
