import type * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../../core/model-volume";
import { fraction, integer, nonEmptyString, positiveInt } from "../../core/schemas";
import { inputOf } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";
import { modelSourceSchema, modelVolumeRefSchema, servedModelNameSchema, servingCommon, type ParallelismArgs, type ServingCommonArgs } from "../common/args";
import { autoscalingSchema, type AutoscalingArgs } from "../common/autoscaling";
import { exposureSchema, type ExposureArgs } from "../common/exposure";
import { metricsSchema, type MetricsArgs } from "../common/metrics";

export const vllmArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...servingCommon().shape,
        mode: z.enum(["kserve", "deployment"]).default("kserve"),
        model: z.strictObject({
            /** Where the weights come from: exactly one of `volume`, `storageUri`, `huggingFaceId`. */
            source: modelSourceSchema({
                volume: modelVolumeRefSchema().optional(),
                path: z.string().optional(),
                storageUri: inputOf(z, z.string().regex(/^(pvc|hf|s3|gs|oci):\/\/.+/, "must be a pvc://, hf://, s3://, gs:// or oci:// URI")).optional(),
                huggingFaceId: z
                    .string()
                    .regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'bigscience/bloom-560m'")
                    .optional(),
            }),
            /** Name clients pass as `model` in OpenAI requests. */
            servedModelName: servedModelNameSchema().optional(),
            /** Parameter count, for the memory check; known models are looked up by huggingFaceId. */
            parameters: positiveInt().optional(),
            dtype: z.enum(["auto", "float16", "bfloat16", "float32"]).default("auto"),
            maxModelLen: positiveInt().optional(),
            gpuMemoryUtilization: fraction().default(0.9),
            quantization: z.enum(["awq", "gptq", "fp8", "bitsandbytes", "gguf", "compressed-tensors"]).optional(),
            kvCacheDtype: z.enum(["auto", "fp8", "fp8_e4m3", "fp8_e5m2"]).optional(),
            enablePrefixCaching: z.boolean().optional(),
            loraAdapters: z.array(z.strictObject({ name: nonEmptyString(), path: nonEmptyString() })).default([]),
            maxLoraRank: positiveInt().optional(),
            extraArgs: z.array(z.string().startsWith("--", "must be a flag starting with --")).default([]),
        }),
        parallelism: z
            .strictObject({
                tensor: positiveInt().default(1),
                pipeline: positiveInt().default(1),
            })
            .default({ tensor: 1, pipeline: 1 }),
        kserve: z
            .strictObject({
                runtime: z.enum(["huggingface", "vllm"]).default("huggingface"),
                deploymentMode: z.enum(["Standard", "Knative"]).default("Standard"),
                scaleMetric: z.enum(["cpu", "memory", "concurrency", "rps"]).optional(),
                scaleTarget: positiveInt().optional(),
                canaryTrafficPercent: integer().min(0, "must be at least 0").max(100, "must be at most 100").optional(),
                /** Knative only: how long a revision may take to become ready. @default "1800s" */
                progressDeadline: z
                    .string()
                    .regex(/^\d+s$/, "must be seconds such as '1800s'")
                    .default("1800s"),
            })
            .default({ runtime: "huggingface", deploymentMode: "Standard", progressDeadline: "1800s" }),
        exposure: exposureSchema().optional(),
        metrics: metricsSchema().optional(),
        autoscaling: autoscalingSchema().optional(),
    }),
);

export type VllmArgsParsed = Infer<typeof vllmArgsSchema>;

/** Arguments of {@link VllmInferenceService}. */
export interface VllmInferenceServiceArgs extends ServingCommonArgs {
    /**
     * `kserve`: an InferenceService (`serving.kserve.io/v1beta1`); `deployment`: a plain
     * Deployment + Service running `vllm/vllm-openai`, for clusters without KServe.
     * @default "kserve"
     */
    readonly mode?: "kserve" | "deployment";
    /** The model and how vLLM runs it. @default none: required */
    readonly model: VllmModelArgs;
    /** Tensor- and pipeline-parallel sizes; their product must equal the GPUs requested. @default {tensor: 1, pipeline: 1} */
    readonly parallelism?: ParallelismArgs;
    /** KServe settings (mode `kserve` only). @default {runtime: "huggingface", deploymentMode: "Standard", progressDeadline: "1800s"} */
    readonly kserve?: VllmKServeArgs;
    /** Reach the service from outside the cluster (mode `deployment`; KServe routes its own). @default not exposed */
    readonly exposure?: ExposureArgs;
    /** Scrape vLLM's `/metrics` with a ServiceMonitor or PodMonitor (mode `deployment`). @default no monitor */
    readonly metrics?: MetricsArgs;
    /** KEDA autoscaling on `vllm:num_requests_waiting` between `replicas.min` and `replicas.max` (mode `deployment`). @default fixed `replicas.min` */
    readonly autoscaling?: AutoscalingArgs;
}

/** The model of a {@link VllmInferenceService} and how vLLM runs it (`VllmInferenceServiceArgs.model`). */
export interface VllmModelArgs {
    /** Exactly one of `volume` (with optional `path`), `storageUri` or `huggingFaceId`. @default none: required */
    readonly source: VllmModelSourceArgs;
    /**
     * Name clients use as `model` in OpenAI requests. It is passed in the container args, so a `$`
     * is refused (Kubernetes would expand `$(VAR)` there). @default the component name
     */
    readonly servedModelName?: string;
    /** Parameter count, for the memory check. @default looked up for known models, else unchecked */
    readonly parameters?: number;
    /** vLLM `--dtype`. @default "auto" */
    readonly dtype?: "auto" | "float16" | "bfloat16" | "float32";
    /** vLLM `--max-model-len`. @default the model's own */
    readonly maxModelLen?: number;
    /** vLLM `--gpu-memory-utilization`. @default 0.9 */
    readonly gpuMemoryUtilization?: number;
    /** vLLM `--quantization`. @default none */
    readonly quantization?: "awq" | "gptq" | "fp8" | "bitsandbytes" | "gguf" | "compressed-tensors";
    /** vLLM `--kv-cache-dtype`. @default vLLM's ("auto") */
    readonly kvCacheDtype?: "auto" | "fp8" | "fp8_e4m3" | "fp8_e5m2";
    /** `--enable-prefix-caching` (true) or `--no-enable-prefix-caching` (false). @default vLLM's */
    readonly enablePrefixCaching?: boolean;
    /** LoRA adapters served beside the base model (`--enable-lora --lora-modules`). @default [] */
    readonly loraAdapters?: readonly LoraAdapterArgs[];
    /** `--max-lora-rank`. @default vLLM's */
    readonly maxLoraRank?: number;
    /**
     * Further engine flags, appended verbatim, each one `--flag` or `--flag=value`. Refused: a
     * flag the component generates, in any spelling vLLM accepts (`--tensor_parallel_size`,
     * `--no-enable-prefix-caching`, an abbreviation; the list is `VLLM_SERVICE_FLAGS` in
     * serving/common/engine-flags): `--model`, `--served-model-name`, `--port`,
     * `--tensor-parallel-size`, `--pipeline-parallel-size`, `--dtype`, `--max-model-len`,
     * `--gpu-memory-utilization`, `--quantization`, `--kv-cache-dtype`, `--enable-prefix-caching`,
     * `--enable-lora`, `--max-loras`, `--lora-modules`, `--max-lora-rank`, and the Hugging Face
     * runtime's `--model_name`, `--model_id`, `--backend`: set the typed argument instead. Also
     * refused: `--api-key` and `--hf-token` (use `apiKeySecret`, `hfTokenSecret`). A `$` is
     * passed literally: the component writes it as `$$`, so Kubernetes expands no `$(VAR)` here.
     * A flag the pinned engine does not define is refused, naming the version, where its flag set
     * is derived (`PINNED_ENGINES` in serving/common/pinned-engines): KServe 0.20.0's Hugging Face
     * server with vLLM 0.24.0 (the default runtime). vLLM 0.28.0 (mode `deployment` and KServe's
     * `vllm` runtime, whose predictor runs the pinned vLLM image) has no set yet: its flags pass
     * unchecked, and the preview warns so. Not checked with your own `image`.
     * @default []
     */
    readonly extraArgs?: readonly string[];
}

/** Where a vLLM service's weights come from (`VllmInferenceServiceArgs.model.source`): exactly one of `volume` (with optional `path`), `storageUri` or `huggingFaceId`. */
export interface VllmModelSourceArgs {
    /** A model volume (`ModelBucketVolume.ref`, or any PVC described by hand). @default none: another source is given */
    readonly volume?: ModelVolumeRef;
    /** Path of the model inside the volume. @default the volume's subPath */
    readonly path?: string;
    /**
     * `pvc://`, `hf://`, `s3://`, `gs://` or `oci://` URI (KServe downloads it). May be an Output
     * (e.g. built from a bucket's name), checked when known. @default none: another source is given
     */
    readonly storageUri?: pulumi.Input<string>;
    /** A Hugging Face repository id; vLLM downloads it at start-up. @default none: another source is given */
    readonly huggingFaceId?: string;
}

/** A LoRA adapter served beside the base model (`--lora-modules name=path`). */
export interface LoraAdapterArgs {
    /** Name clients send as `model` to use the adapter. @default none: required */
    readonly name: string;
    /** Path (or Hugging Face id) of the adapter's weights, as vLLM reads it. @default none: required */
    readonly path: string;
}

/** KServe settings of a {@link VllmInferenceService} (`VllmInferenceServiceArgs.kserve`, mode `kserve` only). */
export interface VllmKServeArgs {
    /**
     * `huggingface`: KServe's Hugging Face server with the vLLM backend (OpenAI API under `/openai/v1`),
     * running the pinned `kserve/huggingfaceserver:<kserve>-gpu`; `vllm`: KServe's vLLM server runtime
     * (`/v1`), running the pinned `vllm/vllm-openai`. The predictor sets the image (or your `image`),
     * so the ClusterServingRuntime's own image is not what runs.
     * @default "huggingface"
     */
    readonly runtime?: "huggingface" | "vllm";
    /**
     * `serving.kserve.io/deploymentMode`. In `Knative` mode KServe copies the predictor's pod spec
     * into a Knative Service, whose webhook refuses pod-spec fields its `config-features` leave
     * disabled. The predictor always sets the pod `securityContext` (the restricted profile), so
     * the cluster needs `kubernetes.podspec-securitycontext: enabled`; with a node selector or a
     * GPU pool also `kubernetes.podspec-nodeselector`, with tolerations (a GPU predictor gets the
     * `nvidia.com/gpu` one) `kubernetes.podspec-tolerations`; its emptyDirs need
     * `kubernetes.podspec-volumes-emptydir`, Knative's default. A `KServeStack` in Knative mode
     * enables all of them; a KServe installed otherwise must too (Knative Serving 1.21
     * `pkg/apis/serving/fieldmask.go`, `pkg/apis/config/features.go`).
     * @default "Standard"
     */
    readonly deploymentMode?: "Standard" | "Knative";
    /** KServe `scaleMetric`. @default KServe's */
    readonly scaleMetric?: "cpu" | "memory" | "concurrency" | "rps";
    /** KServe `scaleTarget`. @default KServe's */
    readonly scaleTarget?: number;
    /** Percent of traffic to the latest revision (Knative mode only). @default undefined (all) */
    readonly canaryTrafficPercent?: number;
    /** Knative progress deadline for slow GPU cold starts. @default "1800s" */
    readonly progressDeadline?: string;
}
