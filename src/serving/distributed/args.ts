import { fraction, nonEmptyString, positiveInt, positiveInt32 } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";
import {
    modelSourceSchema,
    modelVolumeRefSchema,
    servedModelNameSchema,
    servingCommon,
    type ServingCommonArgs,
    type VolumeOrHubSourceArgs,
} from "../common/args";
import { exposureSchema, type ExposureArgs } from "../common/exposure";
import { metricsSchema, type MetricsArgs } from "../common/metrics";

const command = lazySchema((z) => z.array(nonEmptyString()).min(1, "must name the program to run"));

export const distributedArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...servingCommon().shape,
        engine: z.enum(["vllm", "custom"]).default("vllm"),
        nodes: positiveInt32().min(2, "multi-node serving needs at least 2 pods per group (use a single-node service otherwise)"),
        parallelism: z.strictObject({ tensor: positiveInt(), pipeline: positiveInt() }).optional(),
        model: z
            .strictObject({
                source: modelSourceSchema({
                    volume: modelVolumeRefSchema().optional(),
                    path: z.string().optional(),
                    huggingFaceId: z
                        .string()
                        .regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'meta-llama/Llama-3.1-405B-Instruct'")
                        .optional(),
                }),
                servedModelName: servedModelNameSchema().optional(),
                dtype: z.enum(["auto", "float16", "bfloat16", "float32"]).default("auto"),
                maxModelLen: positiveInt().optional(),
                gpuMemoryUtilization: fraction().default(0.9),
                extraArgs: z.array(z.string().startsWith("--", "must be a flag starting with --")).default([]),
            })
            .optional(),
        custom: z
            .strictObject({
                leaderCommand: command(),
                workerCommand: command(),
                port: positiveInt().max(65535, "must be at most 65535").default(8000),
                readinessPath: z.string().startsWith("/", "must start with '/'").optional(),
            })
            .optional(),
        restartPolicy: z.enum(["RecreateGroupOnPodRestart", "None"]).default("RecreateGroupOnPodRestart"),
        exposure: exposureSchema().optional(),
        metrics: metricsSchema().optional(),
    }),
);

export type DistributedArgsParsed = Infer<typeof distributedArgsSchema>;

/** Arguments of {@link DistributedServing}. */
export interface DistributedServingArgs extends ServingCommonArgs {
    /**
     * `vllm`: vLLM spanning the group with its multiprocessing backend (`--nnodes`, `--node-rank`,
     * workers `--headless`); `custom`: your leader and worker commands (Arena's `serve distributed`).
     * @default "vllm"
     */
    readonly engine?: "vllm" | "custom";
    /** Pods per group (leader + workers, LWS `size`); each pod takes `gpus.count` GPUs, usually a whole node. @default none: required */
    readonly nodes: number;
    /**
     * Tensor x pipeline parallel sizes over the whole group; their product must be `nodes` x GPUs per pod.
     * @default {tensor: GPUs per pod, pipeline: nodes} (TP inside a node, PP across nodes)
     */
    readonly parallelism?: GroupParallelismArgs;
    /** The model (engine `vllm`). @default none: required with engine `vllm`, refused with `custom` */
    readonly model?: DistributedModelArgs;
    /**
     * Commands (engine `custom`; needs `image`). They may use LWS's variables `$(LWS_LEADER_ADDRESS)`,
     * `$(LWS_GROUP_SIZE)`, `$(LWS_WORKER_INDEX)`; `WORLD_SIZE` and `POD_INDEX` are set as Arena sets them.
     * @default undefined
     */
    readonly custom?: DistributedCustomArgs;
    /** `RecreateGroupOnPodRestart` restarts the whole group when one pod fails (a rank cannot rejoin alone). @default "RecreateGroupOnPodRestart" */
    readonly restartPolicy?: "RecreateGroupOnPodRestart" | "None";
    /** Reach the leader from outside the cluster. @default not exposed */
    readonly exposure?: ExposureArgs;
    /** Scrape the leader's `/metrics` (vLLM). @default no monitor */
    readonly metrics?: MetricsArgs;
}

/** Tensor x pipeline parallel sizes over a whole DistributedServing group (`DistributedServingArgs.parallelism`); both are given together. */
export interface GroupParallelismArgs {
    /** Tensor-parallel size. @default none: required (the whole object defaults to {tensor: GPUs per pod, pipeline: nodes}) */
    readonly tensor: number;
    /** Pipeline-parallel size. @default none: required (the whole object defaults to {tensor: GPUs per pod, pipeline: nodes}) */
    readonly pipeline: number;
}

/** The model a DistributedServing group serves with vLLM (`DistributedServingArgs.model`). */
export interface DistributedModelArgs {
    /** A volume every pod of the group mounts (ReadOnlyMany/ReadWriteMany), or a Hugging Face id each pod downloads. @default none: required */
    readonly source: VolumeOrHubSourceArgs;
    /** Name clients send as `model`; a `$` is refused (Kubernetes would expand `$(VAR)` in the args it is passed in). @default the component name */
    readonly servedModelName?: string;
    /** vLLM `--dtype`. @default "auto" */
    readonly dtype?: "auto" | "float16" | "bfloat16" | "float32";
    /** vLLM `--max-model-len`. @default the model's own */
    readonly maxModelLen?: number;
    /** vLLM `--gpu-memory-utilization`. @default 0.9 */
    readonly gpuMemoryUtilization?: number;
    /**
     * Further vLLM flags for every pod, each `--flag` or `--flag=value`. Refused: a flag the
     * component generates, in any spelling vLLM accepts (`--tensor_parallel_size`, an
     * abbreviation; the list is `DISTRIBUTED_FLAGS` in serving/common/engine-flags): `--model`,
     * `--served-model-name`, `--port`, `--tensor-parallel-size`, `--pipeline-parallel-size`,
     * `--dtype`, `--max-model-len`, `--gpu-memory-utilization`, `--nnodes`,
     * `--distributed-executor-backend`, `--node-rank`, `--master-addr`, `--master-port`,
     * `--headless`: set the typed argument instead. Also refused: `--api-key` and `--hf-token`
     * (use `apiKeySecret`, `hfTokenSecret`). A `$` is passed literally (written as `$$`), so
     * Kubernetes expands no `$(VAR)` here; the LWS references the component writes itself
     * (`$(LWS_LEADER_ADDRESS)`, `$(LWS_WORKER_INDEX)`) are unaffected. A flag vLLM 0.28.0 (the
     * pinned image) does not define is refused, naming the version, once its flag set is derived
     * (`PINNED_ENGINES` in serving/common/pinned-engines; until then the preview warns that the
     * flags pass unchecked); not checked with your own `image`.
     * @default []
     */
    readonly extraArgs?: readonly string[];
}

/** Leader and worker commands of a DistributedServing group (`DistributedServingArgs.custom`, engine `custom`). */
export interface DistributedCustomArgs {
    /** Command of the leader pod (index 0), which serves clients. @default none: required */
    readonly leaderCommand: readonly string[];
    /** Command of every worker pod. @default none: required */
    readonly workerCommand: readonly string[];
    /** Port the leader serves on (Arena's `--restful-port`). @default 8000 */
    readonly port?: number;
    /** HTTP readiness path on the leader. @default a TCP check of the port */
    readonly readinessPath?: string;
}
