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
import { renamedSetting } from "../common/renamed-settings";
import { platformVersions } from "../../core/versions";
import { type LlmConfig } from "./llm-config-schema";

const SERVE_LLM = `Ray Serve LLM ${platformVersions.ray}`;

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
    /**
     * CPUs one replica reserves on its pod: `num_cpus_per_worker` in each of the placement group's
     * bundles plus the replica actor's own (`ray_actor_options.num_cpus`, Ray Serve's default 1),
     * which Ray Serve LLM merges into the first bundle. Undefined when the file sets no per-worker CPUs.
     */
    readonly cpusPerReplica?: number;
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
    checkGeneration(m.engine_config.generation, `${path}.engine_config.generation`, problems);
    if (problems.size > before) return undefined;
    return buildConfig(m, accelerator === "cpu" ? undefined : accelerator, path);
}

/**
 * RayLLM's `engine_config.generation` has no LLMConfig counterpart (LLMConfig 2.58.0 fields:
 * model_loading_config, llm_engine, engine_kwargs, accelerator_type, placement_group_config,
 * lora_config, deployment_config, runtime_env, experimental_configs, log_engine_metrics,
 * callback_config). `prompt_format` is dropped with a warning: Ray Serve LLM formats chats with the
 * tokenizer's chat template, which RayLLM's prompt formats reproduced for the models it shipped.
 * Non-empty `stopping_sequences` are refused: without them completions run past the stop strings,
 * so the served text changes (clients send `stop` per request instead). Any other key is refused too.
 */
function checkGeneration(generation: Record<string, unknown> | undefined, path: string, problems: ProblemList): void {
    for (const [key, value] of Object.entries(generation ?? {})) {
        if (key === "prompt_format") continue;
        if (key === "stopping_sequences") {
            if (Array.isArray(value) && value.length === 0) continue;
            problems.add(
                `${path}.stopping_sequences`,
                `${SERVE_LLM} has no server-side stop sequences (LLMConfig has no generation settings); ignoring them would change the served text: remove them and send 'stop' with each request`,
            );
            continue;
        }
        problems.add(
            `${path}.${key}`,
            `${SERVE_LLM} has no server-side generation defaults (LLMConfig has no generation settings); ignoring '${key}' would change the served output: remove it and send the setting with each request`,
        );
    }
}

function buildConfig(m: RayllmModelFile, accelerator: LlmConfig["accelerator_type"], path: string): MappedRayllmModel {
    const notes: string[] = [];
    const e = m.engine_config;
    const sc = m.scaling_config;
    const tp = sc.num_workers;
    const engineKwargs: Record<string, unknown> = { ...(e.engine_kwargs ?? {}) };
    if (tp > 1 && engineKwargs.tensor_parallel_size === undefined) engineKwargs.tensor_parallel_size = tp;
    if (e.max_total_tokens !== undefined && engineKwargs.max_model_len === undefined) engineKwargs.max_model_len = e.max_total_tokens;
    if (e.max_total_tokens !== undefined && engineKwargs.max_model_len === e.max_total_tokens) {
        notes.push(
            renamedSetting({ field: `${path}.engine_config.max_total_tokens`, engine: SERVE_LLM, now: "engine_kwargs.max_model_len", note: "written there" }),
        );
    }
    const pp = typeof engineKwargs.pipeline_parallel_size === "number" ? engineKwargs.pipeline_parallel_size : 1;

    if (e.generation?.prompt_format !== undefined) {
        notes.push(
            renamedSetting({
                field: `${path}.engine_config.generation.prompt_format`,
                engine: SERVE_LLM,
                note: "not carried over: chats are formatted with the tokenizer's chat template (check that it matches this prompt format)",
            }),
        );
    }
    const source = e.s3_mirror_config ?? e.gcs_mirror_config;
    const modelSource = source !== undefined ? { bucket_uri: source.bucket_uri } : e.hf_model_id;
    const huggingFaceId = source === undefined ? (e.hf_model_id ?? e.model_id) : undefined;

    const deployment = mapDeployment(m, notes, path);
    // Per-worker CPUs go into each engine worker's bundle (LLMConfig.placement_group_config, e.g.
    // {"bundles": [{"GPU": 1, "CPU": 2}]}); the replica actor's CPUs are merged into the first one.
    const cpus = sc.num_cpus_per_worker;
    const bundle: Record<string, number> = cpus !== undefined ? { GPU: 1, CPU: cpus } : { GPU: 1 };
    const bundles =
        sc.placement_strategy !== undefined || cpus !== undefined
            ? {
                  placement_group_config: {
                      bundles: Array.from({ length: tp * pp }, () => ({ ...bundle })),
                      ...(sc.placement_strategy !== undefined ? { strategy: sc.placement_strategy } : {}),
                  },
              }
            : {};
    const cpusPerReplica = cpus !== undefined ? tp * pp * cpus + (m.deployment_config.ray_actor_options?.num_cpus ?? 1) : undefined;
    const llmConfig: LlmConfig = {
        model_loading_config: { model_id: e.model_id, ...(modelSource !== undefined ? { model_source: modelSource } : {}) },
        ...(Object.keys(engineKwargs).length > 0 ? { engine_kwargs: engineKwargs } : {}),
        ...(accelerator !== undefined ? { accelerator_type: accelerator } : {}),
        ...bundles,
        ...(Object.keys(deployment).length > 0 ? { deployment_config: deployment } : {}),
        ...(e.runtime_env !== undefined ? { runtime_env: e.runtime_env } : {}),
    };
    return {
        llmConfig,
        gpusPerReplica: tp * pp,
        ...(huggingFaceId !== undefined ? { huggingFaceId } : {}),
        ...(cpusPerReplica !== undefined ? { cpusPerReplica } : {}),
        notes,
    };
}

function mapDeployment(m: RayllmModelFile, notes: string[], path: string): NonNullable<LlmConfig["deployment_config"]> {
    const d = m.deployment_config;
    const a = d.autoscaling_config;
    const out: NonNullable<LlmConfig["deployment_config"]> = {};
    if (a !== undefined) {
        const { target_num_ongoing_requests_per_replica, metrics_interval_s, smoothing_factor, ...kept } = a;
        const target = a.target_ongoing_requests ?? target_num_ongoing_requests_per_replica;
        const renamed = (from: string, to: string) =>
            notes.push(renamedSetting({ field: `${path}.deployment_config.autoscaling_config.${from}`, engine: SERVE_LLM, now: to, note: "written there" }));
        if (a.target_ongoing_requests === undefined && target_num_ongoing_requests_per_replica !== undefined)
            renamed("target_num_ongoing_requests_per_replica", "autoscaling_config.target_ongoing_requests");
        if (smoothing_factor !== undefined && smoothing_factor !== 1) renamed("smoothing_factor", "autoscaling_config.upscaling_factor and downscaling_factor");
        if (metrics_interval_s !== undefined)
            notes.push(
                renamedSetting({
                    field: `${path}.deployment_config.autoscaling_config.metrics_interval_s`,
                    engine: SERVE_LLM,
                    note: "deprecated in Ray Serve and left out (replicas report their metrics on their own interval)",
                }),
            );
        out.autoscaling_config = {
            ...kept,
            ...(target !== undefined ? { target_ongoing_requests: target } : {}),
            // Serve's deprecated smoothing_factor is its default gain both ways; say so explicitly.
            ...(smoothing_factor !== undefined && smoothing_factor !== 1 ? { upscaling_factor: smoothing_factor, downscaling_factor: smoothing_factor } : {}),
        };
    }
    const maxOngoing = d.max_ongoing_requests ?? d.max_concurrent_queries;
    if (maxOngoing !== undefined) out.max_ongoing_requests = maxOngoing;
    if (d.max_ongoing_requests === undefined && d.max_concurrent_queries !== undefined) {
        notes.push(
            renamedSetting({
                field: `${path}.deployment_config.max_concurrent_queries`,
                engine: SERVE_LLM,
                now: "deployment_config.max_ongoing_requests",
                note: "written there",
            }),
        );
    }
    const numCpus = d.ray_actor_options?.num_cpus;
    if (numCpus !== undefined) out.ray_actor_options = { num_cpus: numCpus };
    return out;
}
