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
    ExpectNoDrift<ArgsDrift<GpuClusterArgs, InferInput<typeof gpuClusterSchema>>>,
    ExpectNoDrift<ArgsDrift<ModelBucketVolumeArgs, InferInput<typeof modelBucketVolumeSchema>>>,
    ExpectNoDrift<ArgsDrift<KServeStackArgs, InferInput<typeof kserveStackSchema>>>,
    ExpectNoDrift<ArgsDrift<KubeRayOperatorArgs, InferInput<typeof kubeRayOperatorSchema>>>,
    ExpectNoDrift<ArgsDrift<VllmInferenceServiceArgs, InferInput<typeof vllmArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<RayLLMAppArgs, InferInput<typeof rayLlmAppSchema>>>,
    ExpectNoDrift<ArgsDrift<DjlServingServiceArgs, InferInput<typeof djlArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<OpenLlmServiceArgs, InferInput<typeof openLlmArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<TritonInferenceServiceArgs, InferInput<typeof tritonArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<DistributedServingArgs, InferInput<typeof distributedArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<TrafficSplitArgs, InferInput<typeof trafficSplitArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<ModelDownloadJobArgs, InferInput<typeof downloadArgsSchema>>>,
    ExpectNoDrift<ArgsDrift<ModelConversionJobArgs, InferInput<typeof conversionArgsSchema>>>,
];

// The check itself fails on each kind of drift (so it cannot pass vacuously).
type Base = { readonly a: string; readonly nested: { readonly n?: number } };
export type CheckCanFail = [
    // @ts-expect-error a field only in the Args interface
    ExpectNoDrift<ArgsDrift<Base & { readonly extra?: string }, { a: string; nested: { n?: number } }>>,
    // @ts-expect-error a nested field only in the schema
    ExpectNoDrift<ArgsDrift<Base, { a: string; nested: { n?: number; m?: string } }>>,
    // @ts-expect-error the Args type is an Input, the schema takes a plain string (the accessKey drift of issue 14)
    ExpectNoDrift<ArgsDrift<{ readonly a: import("@pulumi/pulumi").Input<string> }, { a: string }>>,
    // @ts-expect-error optional on one side only
    ExpectNoDrift<ArgsDrift<{ readonly a?: string }, { a: string }>>,
    ExpectNoDrift<ArgsDrift<Base, { a: string; nested: { n?: number } }>>,
];
