/**
 * RayLLM (Aviary) model files -> `ray.serve.llm` LLMConfig, so teams can bring the model YAML
 * they ran on RayLLM (`ray-project/ray-llm` `models/`). The format is the one its models README
 * documents: `deployment_config` (Ray Serve), `engine_config` (model, vLLM kwargs, generation)
 * and `scaling_config` (workers per replica). The mapping follows Anyscale's RayLLM -> Ray Serve
 * LLM migration guide; what has no counterpart is reported, never silently dropped.
 */
import { finiteNumber, nonEmptyString, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from "../../core/schemas";
import { formatPath, issuesAt, type ProblemList } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";
import { type LlmConfig } from "./llm-config-schema";

/** `yaml` is loaded when a RayLLM model file is mapped, not when the Kubernetes layer is imported (see BENCHMARKS.md). */
const yaml = (): typeof import("yaml") => require("yaml");

const autoscaling = lazySchema((z) =>
    z.strictObject({
        min_replicas: nonNegativeInt().optional(),
        initial_replicas: nonNegativeInt().optional(),
        max_replicas: positiveInt().optional(),
        target_num_ongoing_requests_per_replica: positiveNumber().optional(),
        target_ongoing_requests: positiveNumber().optional(),
        metrics_interval_s: positiveNumber().optional(),
        look_back_period_s: positiveNumber().optional(),
        smoothing_factor: positiveNumber().optional(),
        upscale_smoothing_factor: positiveNumber().optional(),
        downscale_smoothing_factor: positiveNumber().optional(),
        downscale_delay_s: nonNegativeNumber().optional(),
        upscale_delay_s: nonNegativeNumber().optional(),
    }),
);

const customResources = lazySchema((z) => z.record(z.string(), finiteNumber()));

const mirror = lazySchema((z) => z.strictObject({ bucket_uri: z.string().regex(/^(s3|gs):\/\/.+/, "must be an s3:// or gs:// URI") }));

export const rayllmModelSchema = lazySchema((z) =>
    z.strictObject({
        enabled: z.boolean().optional(),
        deployment_config: z
            .strictObject({
                autoscaling_config: autoscaling().optional(),
                max_concurrent_queries: positiveInt().optional(),
                max_ongoing_requests: positiveInt().optional(),
                ray_actor_options: z.strictObject({ resources: customResources().optional(), num_cpus: nonNegativeNumber().optional() }).optional(),
            })
            .default({}),
        engine_config: z.strictObject({
            model_id: nonEmptyString(),
            hf_model_id: nonEmptyString().optional(),
            type: z.string().optional(),
            engine_kwargs: z.record(z.string(), z.unknown()).optional(),
            max_total_tokens: positiveInt().optional(),
            generation: z.record(z.string(), z.unknown()).optional(),
            runtime_env: z.record(z.string(), z.unknown()).optional(),
            s3_mirror_config: mirror().optional(),
            gcs_mirror_config: mirror().optional(),
            model_init_kwargs: z.record(z.string(), z.unknown()).optional(),
            scheduler: z.record(z.string(), z.unknown()).optional(),
        }),
        scaling_config: z.strictObject({
            num_workers: positiveInt(),
            num_gpus_per_worker: positiveNumber().optional(),
            num_cpus_per_worker: nonNegativeNumber().optional(),
            placement_strategy: z.enum(["PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"]).optional(),
            resources_per_worker: customResources().optional(),
        }),
    }),
);

export type RayllmModelFile = Infer<typeof rayllmModelSchema>;

/** RayLLM's `accelerator_type_*` custom resources -> Ray Serve LLM `accelerator_type` (migration guide: A10 -> A10G, A100_40G -> A100-40G ...). */
const ACCELERATOR_RESOURCES: Readonly<Record<string, LlmConfig["accelerator_type"] | "cpu">> = {
    accelerator_type_a10: "A10G",
    accelerator_type_a10g: "A10G",
    accelerator_type_l4: "L4",
    accelerator_type_l40s: "L40S",
    accelerator_type_t4: "T4",
    accelerator_type_v100: "V100",
    accelerator_type_a100: "A100",
    accelerator_type_a100_40g: "A100-40G",
    accelerator_type_a100_80g: "A100-80G",
    accelerator_type_h100: "H100",
    accelerator_type_cpu: "cpu",
};

/** A model file mapped to an LLMConfig, with what could not be carried over. */
export interface MappedRayllmModel {
    readonly llmConfig: LlmConfig;
    /** GPUs one replica takes (workers x GPUs per worker). */
    readonly gpusPerReplica: number;
    /** Hugging Face id the weights come from, when they come from the hub. */
    readonly huggingFaceId?: string;
    readonly notes: string[];
}

function acceleratorFrom(resources: Record<string, number> | undefined, path: string, problems: ProblemList) {
    let found: LlmConfig["accelerator_type"] | "cpu" | undefined;
    for (const key of Object.keys(resources ?? {})) {
        const mapped = ACCELERATOR_RESOURCES[key];
        if (mapped === undefined) problems.add(`${path}.${key}`, `custom resource '${key}' has no Ray Serve LLM counterpart; remove it or use acceleratorType`);
        else found = mapped;
    }
    return found;
}

/**
 * Maps one RayLLM model file. `path` is where it sits in the arguments (`rayllmModels[0]`);
 * problems are added with full paths, and undefined is returned when the file cannot be mapped.
 */
export function mapRayllmModel(raw: unknown, path: string, problems: ProblemList): MappedRayllmModel | undefined {
    let doc = raw;
    if (typeof raw === "string") {
        try {
            doc = yaml().parse(raw);
        } catch (err) {
            problems.add(path, `is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
            return undefined;
        }
    }
    const parsed = rayllmModelSchema().safeParse(doc);
    if (!parsed.success) {
        // Every unknown field of every object is named at once (a file from another RayLLM version often has several).
        for (const issue of issuesAt(parsed.error.issues)) {
            if (issue.unknownKey) problems.add(`${path}.${formatPath(issue.path)}`, "is not a field of RayLLM model files");
            else problems.add(issue.path.length > 0 ? `${path}.${formatPath(issue.path)}` : path, issue.reason);
        }
        return undefined;
    }
    const m = parsed.data;
    const before = problems.size;
    if (m.enabled === false) problems.add(`${path}.enabled`, "the model file is disabled (enabled: false); leave it out instead");
    const engineType = m.engine_config.type;
    if (engineType !== undefined && engineType !== "VLLMEngine") {
        problems.add(`${path}.engine_config.type`, `'${engineType}' is not available in Ray Serve LLM, which runs vLLM: use a VLLMEngine model file`);
    }
    const sc = m.scaling_config;
    if (sc.num_gpus_per_worker !== undefined && sc.num_gpus_per_worker !== 1) {
        problems.add(`${path}.scaling_config.num_gpus_per_worker`, "must be 1: RayLLM ran one vLLM worker per GPU, num_workers being the tensor-parallel size");
    }
    const accelerator =
        acceleratorFrom(sc.resources_per_worker, `${path}.scaling_config.resources_per_worker`, problems) ??
        acceleratorFrom(m.deployment_config.ray_actor_options?.resources, `${path}.deployment_config.ray_actor_options.resources`, problems);
    if (accelerator === "cpu") problems.add(`${path}.scaling_config.resources_per_worker`, "CPU models are not served by RayLLMApp's GPU worker groups");
    if (problems.size > before) return undefined;
    return buildConfig(m, accelerator === "cpu" ? undefined : accelerator);
}

function buildConfig(m: RayllmModelFile, accelerator: LlmConfig["accelerator_type"]): MappedRayllmModel {
    const notes: string[] = [];
    const e = m.engine_config;
    const sc = m.scaling_config;
    const tp = sc.num_workers;
    const engineKwargs: Record<string, unknown> = { ...(e.engine_kwargs ?? {}) };
    if (tp > 1 && engineKwargs.tensor_parallel_size === undefined) engineKwargs.tensor_parallel_size = tp;
    if (e.max_total_tokens !== undefined && engineKwargs.max_model_len === undefined) engineKwargs.max_model_len = e.max_total_tokens;
    const pp = typeof engineKwargs.pipeline_parallel_size === "number" ? engineKwargs.pipeline_parallel_size : 1;

    if (e.generation !== undefined) {
        notes.push(
            `${e.model_id}: engine_config.generation (prompt_format, stopping_sequences) is not carried over; Ray Serve LLM applies the model's own chat template`,
        );
    }
    const source = e.s3_mirror_config ?? e.gcs_mirror_config;
    const modelSource = source !== undefined ? { bucket_uri: source.bucket_uri } : e.hf_model_id;
    const huggingFaceId = source === undefined ? (e.hf_model_id ?? e.model_id) : undefined;

    const deployment = mapDeployment(m, notes);
    if (sc.num_cpus_per_worker !== undefined) {
        // Reserving them in the engine's placement group could leave no CPU on the worker pod for
        // Serve's replica and router actors (the head runs none), and the RayService would never be Ready.
        notes.push(`${e.model_id}: scaling_config.num_cpus_per_worker is not carried over; size the worker pods' CPUs with workerGroups[].resources`);
    }
    const bundles =
        sc.placement_strategy !== undefined
            ? { placement_group_config: { bundles: Array.from({ length: tp * pp }, () => ({ GPU: 1 })), strategy: sc.placement_strategy } }
            : {};
    const llmConfig: LlmConfig = {
        model_loading_config: { model_id: e.model_id, ...(modelSource !== undefined ? { model_source: modelSource } : {}) },
        ...(Object.keys(engineKwargs).length > 0 ? { engine_kwargs: engineKwargs } : {}),
        ...(accelerator !== undefined ? { accelerator_type: accelerator } : {}),
        ...bundles,
        ...(Object.keys(deployment).length > 0 ? { deployment_config: deployment } : {}),
        ...(e.runtime_env !== undefined ? { runtime_env: e.runtime_env } : {}),
    };
    return { llmConfig, gpusPerReplica: tp * pp, ...(huggingFaceId !== undefined ? { huggingFaceId } : {}), notes };
}

function mapDeployment(m: RayllmModelFile, notes: string[]): NonNullable<LlmConfig["deployment_config"]> {
    const d = m.deployment_config;
    const a = d.autoscaling_config;
    const out: NonNullable<LlmConfig["deployment_config"]> = {};
    if (a !== undefined) {
        const { target_num_ongoing_requests_per_replica, metrics_interval_s, smoothing_factor, ...kept } = a;
        const target = a.target_ongoing_requests ?? target_num_ongoing_requests_per_replica;
        if (metrics_interval_s !== undefined)
            notes.push(`${m.engine_config.model_id}: autoscaling_config.metrics_interval_s is deprecated in Ray Serve and left out`);
        out.autoscaling_config = {
            ...kept,
            ...(target !== undefined ? { target_ongoing_requests: target } : {}),
            // Serve's deprecated smoothing_factor is its default gain both ways; say so explicitly.
            ...(smoothing_factor !== undefined && smoothing_factor !== 1 ? { upscaling_factor: smoothing_factor, downscaling_factor: smoothing_factor } : {}),
        };
    }
    const maxOngoing = d.max_ongoing_requests ?? d.max_concurrent_queries;
    if (maxOngoing !== undefined) out.max_ongoing_requests = maxOngoing;
    const numCpus = d.ray_actor_options?.num_cpus;
    if (numCpus !== undefined) out.ray_actor_options = { num_cpus: numCpus };
    return out;
}
