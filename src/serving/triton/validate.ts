import { claimNamespaceChecked } from "../common/args";
import { whenKnown, type Deferrable } from "../../core/deferrable";
import { joinPath } from "../../core/model-volume";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, type ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { promLabelValue, type ResolvedAutoscaling } from "../common/autoscaling";
import { checkPassThroughKeys, TRITON_VLLM_KEYS } from "../common/engine-flags";
import { checkEngineKeys, PINNED_ENGINES } from "../common/pinned-engines";
import { checkPlainWorkload } from "../common/workload";
import { resolveGpuRequest, type GpuRequest } from "../common/pod";
import { tritonArgsSchema, type TritonArgsParsed, type TritonBackend, type TritonInferenceServiceArgs } from "./args";

export const TRITON_COMPONENT = "TritonInferenceService";

const DEFAULT_MODEL_NAME: Record<TritonBackend, string> = { vllm: "vllm_model", tensorrtllm: "tensorrt_llm", fastertransformer: "fastertransformer" };

/** Arguments after validation, with every default and derived value resolved. */
export interface TritonResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (see {@link checkedNamespace}). */
    readonly args: TritonArgsParsed;
    readonly gpu: GpuRequest;
    /** Directory Triton gets as `--model-repository`. */
    readonly repositoryDir: string;
    /** The generated model (absent when serving an existing repository). */
    readonly model?: {
        readonly name: string;
        /** Weights directory inside the container, or the Hugging Face id vLLM downloads. */
        readonly weights: string;
        readonly maxBatchSize: number;
    };
    readonly autoscaling?: ResolvedAutoscaling;
}

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));
/** Where the generated repository is laid out (an emptyDir). */
export const GENERATED_REPOSITORY = "/models";

/** Triton's pending-request gauge for one model in one namespace. */
export function tritonQueueQuery(namespace: Deferrable<string>, model: string): Deferrable<string> {
    return whenKnown([namespace], (ns: string) => `sum(nv_inference_pending_request_count{namespace=${promLabelValue(ns)},model=${promLabelValue(model)}})`);
}

/** Validates everything before any resource is registered; every problem is reported at once, by path. */
export function resolveTritonArgs(name: string, raw: TritonInferenceServiceArgs): TritonResolved {
    const { parsed, problems } = beginResolve(TRITON_COMPONENT, name, NAME(), tritonArgsSchema(), raw);
    const namespace = claimNamespaceChecked({
        component: TRITON_COMPONENT,
        workload: "service",
        namespace: parsed.namespace,
        volumes: [
            ["repository.volume", parsed.repository?.volume],
            ["model.source.volume", parsed.model?.source.volume],
        ],
        problems,
    });
    const args: TritonArgsParsed = { ...parsed, namespace };
    const { tensor, pipeline } = args.parallelism;
    const gpu = resolveGpuRequest(args, tensor * pipeline, problems);
    checkModelOrRepository(args, problems);
    checkBackendOptions(args, problems);
    const modelName = args.model ? (args.model.name ?? DEFAULT_MODEL_NAME[args.backend]) : undefined;
    // KEDA scales on the generated model's queue unless a query is given.
    const defaultQuery = args.autoscaling && modelName ? tritonQueueQuery(args.namespace, modelName) : undefined;
    const autoscaling = checkPlainWorkload("Triton", args, problems, defaultQuery);
    problems.throwIfAny(TRITON_COMPONENT);
    return { name, args, gpu, ...repositoryLayout(args, modelName), autoscaling };
}

/** Exactly one of a generated model or an existing repository; a generated model's settings must suit the backend. */
function checkModelOrRepository(args: TritonArgsParsed, problems: ProblemList): void {
    const m = args.model;
    if ((args.repository === undefined) === (m === undefined)) {
        problems.add("model", "give exactly one of model (a generated repository) or repository (an existing one on a volume)");
    }
    if (!m) return;
    if (m.source.huggingFaceId !== undefined && args.backend !== "vllm") {
        problems.add("model.source.huggingFaceId", `the ${args.backend} backend loads converted weights from a volume (ModelConversionJob), not a hub id`);
    }
    for (const [field, backend] of [
        ["vllm", "vllm"],
        ["tensorRtLlm", "tensorrtllm"],
        ["fasterTransformer", "fastertransformer"],
    ] as const) {
        if (m[field] !== undefined && args.backend !== backend) problems.add(`model.${field}`, `only used with backend '${backend}'`);
    }
    if (m.maxBatchSize !== undefined && args.backend === "vllm") {
        problems.add("model.maxBatchSize", "the vLLM backend batches inside vLLM (max_batch_size 0): set vllm.engineArgs.max_num_seqs instead");
    }
    if (m.vllm) checkPassThroughKeys(Object.keys(m.vllm.engineArgs), "model.vllm.engineArgs", TRITON_VLLM_KEYS, "the model.json ConfigMap", problems);
    if (m.vllm) checkEngineKeys(Object.keys(m.vllm.engineArgs), "model.vllm.engineArgs", PINNED_ENGINES.tritonVllm, args.image, problems);
}

/** What one pod per replica can run, and that `loadModels` includes the generated model. */
function checkBackendOptions(args: TritonArgsParsed, problems: ProblemList): void {
    if (args.backend === "fastertransformer" && args.parallelism.pipeline > 1) {
        problems.add("parallelism.pipeline", "FasterTransformer pipeline parallelism spans nodes (MPI); this service runs one pod per replica");
    }
    const generated = args.model?.name;
    if (args.loadModels !== undefined && generated !== undefined && !args.loadModels.includes(generated)) {
        problems.add("loadModels", `does not load the generated model '${generated}'`);
    }
}

/** Where Triton finds its repository: the given one on its volume, or the generated one with its model. */
function repositoryLayout(args: TritonArgsParsed, modelName: string | undefined): Pick<TritonResolved, "repositoryDir" | "model"> {
    const onVolume = (vol: { mountPath: string; subPath: string }, p: string) => "/" + joinPath(vol.mountPath, vol.subPath, p);
    if (args.repository) return { repositoryDir: onVolume(args.repository.volume, args.repository.path) };
    const m = args.model!;
    const weights = m.source.volume ? onVolume(m.source.volume, m.source.path ?? "") : (m.source.huggingFaceId as string);
    const maxBatchSize = args.backend === "vllm" ? 0 : (m.maxBatchSize ?? (args.backend === "tensorrtllm" ? 64 : 1024));
    return { repositoryDir: GENERATED_REPOSITORY, model: { name: modelName!, weights, maxBatchSize } };
}
