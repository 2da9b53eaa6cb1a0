/**
 * One source of truth per component: each hand-written Args interface (its JSDoc is what users see
 * on hover) must describe exactly what its zod schema accepts. `npm run typecheck` compiles this
 * file; a field added, removed, retyped or made optional on one side only fails it.
 */
import type { ArgsDrift, ExpectNoDrift } from "../support/args-drift";
import type { InferInput } from "../../src/core/zod";
import type { GpuClusterArgs } from "../../src/cloud/gpu-cluster/args";
import type { gpuClusterSchema } from "../../src/cloud/gpu-cluster/args";
import type { ModelBucketVolumeArgs, modelBucketVolumeSchema } from "../../src/storage/model-bucket-volume/args";
import type { KServeStackArgs, kserveStackSchema } from "../../src/platform/kserve/args";
import type { KubeRayOperatorArgs, kubeRayOperatorSchema } from "../../src/platform/kuberay/args";
import type { VllmInferenceServiceArgs, vllmArgsSchema } from "../../src/serving/vllm/args";
import type { RayLLMAppArgs, rayLlmAppSchema } from "../../src/serving/ray/args";
import type { DjlServingServiceArgs, djlArgsSchema } from "../../src/serving/djl/args";
import type { OpenLlmServiceArgs, openLlmArgsSchema } from "../../src/serving/openllm/args";
import type { TritonInferenceServiceArgs, tritonArgsSchema } from "../../src/serving/triton/args";
import type { DistributedServingArgs, distributedArgsSchema } from "../../src/serving/distributed/args";
import type { TrafficSplitArgs, trafficSplitArgsSchema } from "../../src/serving/traffic/args";
import type { ModelDownloadJobArgs, downloadArgsSchema } from "../../src/serving/jobs/download/args";
import type { ModelConversionJobArgs, conversionArgsSchema } from "../../src/serving/jobs/conversion/args";
export type Checked = [
    ExpectNoDrift<ArgsDrift<RayLLMAppArgs, InferInput<typeof rayLlmAppSchema>>>,
    ExpectNoDrift<ArgsDrift<TritonInferenceServiceArgs, InferInput<typeof tritonArgsSchema>>>,
];
