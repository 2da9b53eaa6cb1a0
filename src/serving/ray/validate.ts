import { throughMirror } from "../../core/mirror";
import type { PlatformReadiness } from "../../core/platform";
import { claimNamespaceChecked } from "../common/args";
import { isKnown, whenKnown, type Deferrable } from "../../core/deferrable";
import { pathRelation } from "../../core/model-volume";
import { GPU_MEMORY_RESOURCES, NVIDIA_GPU, checkPoolSelector } from "../../core/gpu";
import { KNOWN_MODEL_PARAMETERS, type Dtype } from "../../core/sizing";
import { beginResolve, failArgs, ProblemList } from "../../core/validation";
import { images, platformVersions } from "../../core/versions";
import type { ModelVolumeRefParsed } from "../common/args";
import { checkFits } from "../common/pod";
import { checkPassThroughKeys, RAY_ENGINE_KWARGS, RAY_SECRET_KWARGS } from "../common/engine-flags";
import { checkEngineKeys, PINNED_ENGINES, uncheckedEngineWarning } from "../common/pinned-engines";
import { parseQuantity } from "../../core/quantity";
import { rayLlmAppSchema, WORKER_RESOURCES, type LlmModelParsed, type RayLLMAppArgs, type RayLlmAppParsed, type WorkerGroupParsed } from "./args";
import { toLlmConfig } from "./llm-config";
import type { LlmConfig } from "./llm-config-schema";
import { checkNetworkPolicy } from "../common/network-policy";
import { awaitedAnnotations, checkGeneratedAnnotations } from "../common/generated-annotations";
import { mapRayllmModel, type MappedRayllmModel } from "./rayllm";

export const RAY_LLM_COMPONENT = "RayLLMApp";

/** KubeRay appends 6 characters for the RayCluster, whose longest Service suffix is `-serve-svc` (KubeRay validation). */
const MAX_RAYSERVICE_NAME = 47;

/** A RayService name is a DNS-1035 label short enough for the names KubeRay derives from it. */
function rayServiceNameProblems(name: string): string[] {
    return [
        ...(/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) ? [] : ["must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter"]),
        ...(name.length > MAX_RAYSERVICE_NAME ? [`must be at most ${MAX_RAYSERVICE_NAME} characters (KubeRay derives cluster and Service names from it)`] : []),
    ];
}

/** Where engine kwargs are written, for the message about secrets. */
const SERVE_CONFIG = "the RayService's serve config";

/** A Ray worker group after validation: its pool, GPUs per pod and replica range. */
export interface ResolvedWorkerGroup {
    readonly args: WorkerGroupParsed;
    readonly gpuResourceName: string;
    readonly maxPods: number;
}

/**
 * The pinned Ray image, through the image mirror of the operator this component installs
 * (`operator.registries.images`), else of its platform (`KubeRayOperator`'s).
 */
function pinnedImage(args: RayLlmAppParsed, platform: Pick<PlatformReadiness, "imageRegistry">): string {
    const registry = (args.operator.install ? args.operator.registries.images : undefined) ?? platform.imageRegistry;
    return throughMirror(images.rayLlm, registry);
}

/** Arguments after validation, with every LLMConfig built. */
export interface RayLlmResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (see {@link checkedNamespace}). */
    readonly args: RayLlmAppParsed;
    readonly image: Deferrable<string>;
    readonly rayVersion: string;
    readonly groups: readonly ResolvedWorkerGroup[];
    /** One per model; an Output where a model's bucket URI is one (the serve config waits for it). */
    readonly llmConfigs: readonly Deferrable<LlmConfig>[];
    readonly modelIds: readonly string[];
    /** Distinct model volumes, mounted on every Ray pod. */
    readonly volumes: readonly ModelVolumeRefParsed[];
    /** Whether the Ray autoscaler runs (some group or model can scale). */
    readonly autoscaling: boolean;
    /** Things worth knowing that do not stop the deployment (logged by the component). */
    readonly warnings: readonly string[];
}

/** What one model asks of the cluster, with the argument paths to blame. */
interface ModelNeeds {
    readonly field: string;
    readonly id: string;
    readonly gpus: number;
    readonly tensorParallel: number;
    readonly tensorParallelField: string;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly accelerator?: string;
    readonly acceleratorField: string;
    readonly parameters?: number;
    readonly dtype: Dtype;
    readonly utilization?: number;
    /** CPUs one replica reserves in its placement group (RayLLM `num_cpus_per_worker`), and the field to blame. */
    readonly cpus?: { readonly perReplica: number; readonly field: string };
}

/** What Ray detects as the accelerator type of a GPU model name (Ray's NVIDIA_GPU_NAME_PATTERN, `\w+\s+([A-Z0-9]+)`). */
export function rayDetectedAcceleratorType(gpuModel: string): string | undefined {
    return /^\w+\s+([A-Z0-9]+)/.exec(gpuModel)?.[1];
}

function resolveGroups(args: RayLlmAppParsed, problems: ProblemList): ResolvedWorkerGroup[] {
    const seen = new Set<string>();
    return args.workerGroups.map((g, i) => {
        const field = `workerGroups[${i}]`;
        if (seen.has(g.name)) problems.add(`${field}.name`, `'${g.name}' is used by another worker group`);
        seen.add(g.name);
        const maxPods = g.replicas.max ?? g.replicas.min;
        if (maxPods < g.replicas.min) problems.add(`${field}.replicas.max`, `must be at least replicas.min (${g.replicas.min})`);
        const gpuResourceName = g.gpuPool?.gpuResourceName ?? NVIDIA_GPU;
        if (GPU_MEMORY_RESOURCES.has(gpuResourceName)) {
            problems.add(`${field}.gpuPool`, `${gpuResourceName} shares GPU memory; Ray schedules whole GPUs, so use a pool with whole GPUs`);
        }
        checkPoolSelector(g.gpuPool, g.nodeSelector, `${field}.nodeSelector`, problems);
        const perNode = g.gpuPool?.gpusPerNode;
        if (perNode !== undefined && g.gpusPerPod > perNode) {
            problems.add(`${field}.gpusPerPod`, `${g.gpusPerPod} GPUs per pod, but a node of the GPU pool has ${perNode}`);
        }
        return { args: g, gpuResourceName, maxPods };
    });
}

function typedModel(m: LlmModelParsed, i: number, problems: ProblemList): ModelNeeds {
    const field = `models[${i}]`;
    checkPassThroughKeys(Object.keys(m.engine.extra), `${field}.engine.extra`, RAY_ENGINE_KWARGS, SERVE_CONFIG, problems);
    const a = m.autoscaling;
    const max = a.maxReplicas ?? Math.max(a.minReplicas, 1);
    if (max < a.minReplicas) problems.add(`${field}.autoscaling.maxReplicas`, `must be at least minReplicas (${a.minReplicas})`);
    if (a.initialReplicas !== undefined && (a.initialReplicas < a.minReplicas || a.initialReplicas > max)) {
        problems.add(`${field}.autoscaling.initialReplicas`, `must be between minReplicas (${a.minReplicas}) and maxReplicas (${max})`);
    }
    return {
        field,
        id: m.id,
        gpus: m.engine.tensorParallelSize * m.engine.pipelineParallelSize,
        tensorParallel: m.engine.tensorParallelSize,
        tensorParallelField: `${field}.engine.tensorParallelSize`,
        minReplicas: a.minReplicas,
        maxReplicas: max,
        accelerator: m.acceleratorType,
        acceleratorField: `${field}.acceleratorType`,
        parameters: m.parameters ?? knownParameters(m.source.huggingFaceId),
        dtype: m.engine.dtype ?? "auto",
        utilization: m.engine.gpuMemoryUtilization,
    };
}

/** CPUs Ray sees on a worker pod: KubeRay passes the container's CPU limit (else its request) as `num-cpus`. */
function workerCpus(g: ResolvedWorkerGroup): number | undefined {
    const r = g.args.resources ?? WORKER_RESOURCES;
    const cpu = r.limits?.cpu ?? r.requests?.cpu;
    return cpu === undefined ? undefined : parseQuantity(cpu);
}

function checkPlacement(needs: readonly ModelNeeds[], groups: readonly ResolvedWorkerGroup[], problems: ProblemList, warnings: string[]): void {
    const widestPod = Math.max(...groups.map((g) => g.args.gpusPerPod));
    const podCpus = groups.map(workerCpus);
    const mostCpus = podCpus.every((c) => c !== undefined) ? Math.max(...(podCpus as number[])) : undefined;
    const capacity = groups.reduce((sum, g) => sum + g.maxPods * g.args.gpusPerPod, 0);
    const gpuModels = groups.map((g) => g.args.gpuPool?.gpuModel);
    for (const n of needs) {
        if (n.tensorParallel > widestPod) {
            problems.add(
                n.tensorParallelField,
                `tensor parallelism ${n.tensorParallel} needs that many GPUs in one pod; the widest worker group has ${widestPod} per pod`,
            );
        }
        if (n.cpus !== undefined && mostCpus !== undefined && n.cpus.perReplica > mostCpus) {
            problems.add(
                n.cpus.field,
                `a replica reserves ${n.cpus.perReplica} CPUs in one placement group (this per engine worker, plus the replica actor's, default 1); the worker pods have at most ${mostCpus} (workerGroups[].resources): raise those or lower this`,
            );
        }
        if (n.accelerator !== undefined && gpuModels.every((g) => g !== undefined)) {
            const detected = gpuModels.map((g) => rayDetectedAcceleratorType(g as string));
            const wanted = n.accelerator.replace(/-(40|80)G$/, "");
            if (!detected.includes(wanted)) {
                problems.add(
                    n.acceleratorField,
                    `Ray detects the worker GPUs (${gpuModels.join(", ")}) as ${detected.join(", ")}, so replicas asking for '${n.accelerator}' would never be scheduled; leave acceleratorType unset`,
                );
            }
        }
    }
    const minGpus = needs.reduce((sum, n) => sum + n.minReplicas * n.gpus, 0);
    const maxGpus = needs.reduce((sum, n) => sum + n.maxReplicas * n.gpus, 0);
    if (minGpus > capacity) {
        problems.add(
            "workerGroups",
            `the models' minimum replicas need ${minGpus} GPUs, but the worker groups hold at most ${capacity}; the RayService would never become Ready`,
        );
    } else if (maxGpus > capacity) {
        warnings.push(`the models can scale to ${maxGpus} GPUs, but the worker groups hold at most ${capacity}: replicas beyond that stay pending`);
    }
}

function knownParameters(huggingFaceId: string | undefined): number | undefined {
    return huggingFaceId !== undefined ? KNOWN_MODEL_PARAMETERS[huggingFaceId] : undefined;
}

/** The model must fit the GPUs of one replica on the largest-memory GPUs any group has. */
function checkModelFits(needs: readonly ModelNeeds[], groups: readonly ResolvedWorkerGroup[], problems: ProblemList): void {
    const memories = groups.map((g) => g.args.gpuPool?.gpuMemoryGiB).filter((m): m is number => m !== undefined);
    if (memories.length === 0) return;
    for (const n of needs) {
        checkFits(problems, n.field, {
            parameters: n.parameters,
            dtype: n.dtype,
            gpu: { resourceName: NVIDIA_GPU, amount: n.gpus, devices: n.gpus },
            gpuMemoryGiB: Math.max(...memories),
            utilization: n.utilization,
        });
    }
}

const ENGINE_DTYPES: readonly Dtype[] = ["auto", "float16", "bfloat16", "float32"];

/** Validates everything before any resource is registered; every problem names its field. */
export function resolveRayLlmArgs(name: string, raw: RayLLMAppArgs, platform: Pick<PlatformReadiness, "imageRegistry"> = {}): RayLlmResolved {
    const { parsed, problems } = beginResolve(RAY_LLM_COMPONENT, name, rayServiceNameProblems, rayLlmAppSchema(), raw);
    const claims = parsed.models.map((m, i) => [`models[${i}].source.volume`, m.source.volume] as const);
    const args: RayLlmAppParsed = {
        ...parsed,
        namespace: claimNamespaceChecked({ component: RAY_LLM_COMPONENT, workload: "RayService", namespace: parsed.namespace, volumes: claims, problems }),
    };
    const warnings: string[] = [];

    if (args.image !== undefined && args.rayVersion === undefined) problems.add("rayVersion", "give the Ray version of the custom image (KubeRay needs it)");
    if (args.models.length + args.rayllmModels.length === 0) problems.add("models", "give at least one model (models or rayllmModels)");
    const groups = resolveGroups(args, problems);
    const { needs, llmConfigs } = resolveModels(args, problems, warnings);
    checkDistinctIds(needs, problems);
    const volumes = distinctVolumes(args.models, problems);
    if (groups.length > 0 && needs.length > 0) checkPlacement(needs, groups, problems, warnings);
    checkModelFits(needs, groups, problems);
    checkNetworkPolicy(args.networkPolicy, { hasMetrics: false }, "networkPolicy", problems);
    checkGeneratedAnnotations(args.annotations, awaitedAnnotations("readyTimeoutMinutes"), "annotations", problems);
    problems.throwIfAny(RAY_LLM_COMPONENT);

    return {
        name,
        args,
        image: args.image ?? pinnedImage(args, platform),
        rayVersion: args.rayVersion ?? platformVersions.ray,
        groups,
        llmConfigs,
        modelIds: needs.map((n) => n.id),
        volumes,
        autoscaling: groups.some((g) => g.maxPods > g.args.replicas.min) || needs.some((n) => n.maxReplicas > n.minReplicas),
        warnings,
    };
}

/** The typed models, then the RayLLM model files: what each asks of the cluster, and its LLMConfig. */
function resolveModels(args: RayLlmAppParsed, problems: ProblemList, warnings: string[]): { needs: ModelNeeds[]; llmConfigs: Deferrable<LlmConfig>[] } {
    const needs: ModelNeeds[] = args.models.map((m, i) => typedModel(m, i, problems));
    args.models.forEach((m, i) => checkEngineKeys(Object.keys(m.engine.extra), `models[${i}].engine.extra`, PINNED_ENGINES.rayLlm, args.image, problems));
    const extraKeys = args.models.reduce((n, m) => n + Object.keys(m.engine.extra).length, 0);
    const unchecked = uncheckedEngineWarning("models[].engine.extra", extraKeys, PINNED_ENGINES.rayLlm, args.image);
    if (unchecked !== undefined) warnings.push(unchecked);
    const llmConfigs: Deferrable<LlmConfig>[] = args.models.map(toLlmConfig);
    args.rayllmModels.forEach((file, i) => {
        const field = `rayllmModels[${i}]`;
        const mapped = mapRayllmModel(file, field, problems);
        if (!mapped) return;
        needs.push(rayllmModelNeeds(mapped, field, problems));
        llmConfigs.push(mapped.llmConfig);
        warnings.push(...mapped.notes);
    });
    return { needs, llmConfigs };
}

/** What a RayLLM model file asks of the cluster, read from its LLMConfig. */
function rayllmModelNeeds(mapped: MappedRayllmModel, field: string, problems: ProblemList): ModelNeeds {
    const a = mapped.llmConfig.deployment_config?.autoscaling_config;
    const kwargs = mapped.llmConfig.engine_kwargs ?? {};
    // A model file's engine_kwargs are its own (they give the parallel layout); only secrets are refused.
    checkPassThroughKeys(Object.keys(kwargs), `${field}.engine_config.engine_kwargs`, RAY_SECRET_KWARGS, SERVE_CONFIG, problems);
    return {
        field,
        id: mapped.llmConfig.model_loading_config.model_id,
        gpus: mapped.gpusPerReplica,
        tensorParallel: typeof kwargs.tensor_parallel_size === "number" ? kwargs.tensor_parallel_size : 1,
        tensorParallelField: `${field}.scaling_config.num_workers`,
        minReplicas: a?.min_replicas ?? 1,
        maxReplicas: a?.max_replicas ?? a?.min_replicas ?? 1,
        accelerator: mapped.llmConfig.accelerator_type,
        acceleratorField: `${field}.scaling_config.resources_per_worker`,
        parameters: knownParameters(mapped.huggingFaceId),
        dtype: ENGINE_DTYPES.find((d) => d === kwargs.dtype) ?? "auto",
        utilization: typeof kwargs.gpu_memory_utilization === "number" ? kwargs.gpu_memory_utilization : undefined,
        ...(mapped.cpusPerReplica !== undefined ? { cpus: { perReplica: mapped.cpusPerReplica, field: `${field}.scaling_config.num_cpus_per_worker` } } : {}),
    };
}

/** Clients tell models apart by id: each id once. */
function checkDistinctIds(needs: readonly ModelNeeds[], problems: ProblemList): void {
    const seenIds = new Map<string, string>();
    for (const n of needs) {
        const other = seenIds.get(n.id);
        if (other !== undefined) problems.add(n.field, `model id '${n.id}' is also used by ${other}; clients tell models apart by id`);
        seenIds.set(n.id, n.field);
    }
}

function distinctVolumes(models: readonly LlmModelParsed[], problems: ProblemList): ModelVolumeRefParsed[] {
    const byMount = new Map<string, ModelVolumeRefParsed>();
    models.forEach((m, i) => {
        const v = m.source.volume;
        if (!v) return;
        const existing = byMount.get(v.mountPath);
        const field = `models[${i}].source.volume.mountPath`;
        const clash = (claim: string) => `'${v.mountPath}' is already the mount path of claim '${claim}'`;
        // Mounts nested in one another hide part of a volume: one mount path per claim, models by `path`.
        const nested = [...byMount.keys()].find((other) => other !== v.mountPath && pathRelation(v.mountPath, other) !== undefined);
        if (nested !== undefined) {
            const how = { same: "is the same path as", inside: "is inside", contains: "contains" }[pathRelation(v.mountPath, nested)!];
            problems.add(
                field,
                `'${v.mountPath}' ${how} '${nested}', the mount path of another model's volume; mount each claim once and point at models with source.path`,
            );
            return;
        }
        if (!existing || existing.claimName === v.claimName) byMount.set(v.mountPath, v);
        else if (isKnown(existing.claimName) && isKnown(v.claimName)) problems.add(field, clash(existing.claimName));
        else {
            // A claim name known later: the mounted claim is checked to be the same once both are known.
            const claimName = whenKnown<[string, string], string>([existing.claimName, v.claimName], (first, other) => {
                if (first !== other) failArgs(RAY_LLM_COMPONENT, [{ propertyPath: field, reason: clash(first) }]);
                return first;
            });
            byMount.set(v.mountPath, { ...existing, claimName });
        }
    });
    return [...byMount.values()];
}
