import * as v from "valibot";
import { joinPath } from "../../core/model-volume";
import { dns1123Label } from "../../core/schemas";
import { KNOWN_MODEL_PARAMETERS, type Dtype } from "../../core/sizing";
import { parseArgs, ProblemList } from "../../core/validation";
import type { ResolvedAutoscaling } from "../common/autoscaling";
import { checkPlainWorkload } from "../common/workload";
import { checkFits, resolveGpuRequest, type GpuRequest } from "../common/pod";
import { djlArgsSchema, type DjlArgsParsed, type DjlServingServiceArgs } from "./args";
import { builtInHandlerSource } from "./handler-source";
import { GENERATED_KEYS } from "./serving-properties";

export const DJL_COMPONENT = "DjlServingService";

const DTYPE: Record<DjlArgsParsed["model"]["dtype"], Dtype> = { fp16: "float16", bf16: "bfloat16", fp32: "float32" };

/** Arguments after validation, with every default and derived value resolved. */
export interface DjlResolved {
    readonly name: string;
    readonly args: DjlArgsParsed;
    readonly gpu: GpuRequest;
    /** Name in `POST /predictions/<modelName>` (and of the model directory). */
    readonly modelName: string;
    /** `option.model_id`: a path on the mounted volume or a Hugging Face id. */
    readonly modelId: string;
    /** Source of the custom `model.py`, when there is one. */
    readonly handlerSource?: string;
    readonly autoscaling?: ResolvedAutoscaling;
}

/** Built once, at load: building a schema costs far more than parsing a name with it. */
const NAME = v.pipe(dns1123Label, v.maxLength(50, "must be at most 50 characters (suffixes are added to object names)"));

/** Validates everything before any resource is registered; every problem is reported at once, by path. */
export function resolveDjlArgs(name: string, raw: DjlServingServiceArgs): DjlResolved {
    const problems = new ProblemList();
    const nameCheck = v.safeParse(NAME, name);
    if (!nameCheck.success) problems.add("name", nameCheck.issues[0].message);
    const args = parseArgs(DJL_COMPONENT, djlArgsSchema, raw);
    const m = args.model;

    const gpu = resolveGpuRequest(args, m.tensorParallelDegree, problems);
    const volume = m.source.volume;
    if (volume && volume.namespace !== args.namespace) {
        problems.add("model.source.volume", `the claim is in namespace '${volume.namespace}', the service in '${args.namespace}'; pods can only mount claims of their own namespace`);
    }
    if (m.revision !== undefined && m.source.huggingFaceId === undefined) {
        problems.add("model.revision", "a revision selects a Hugging Face commit: only with model.source.huggingFaceId");
    }
    for (const key of Object.keys(m.properties)) {
        if ((GENERATED_KEYS as readonly string[]).includes(key)) {
            problems.add(`model.properties.${key}`, "is generated from the typed arguments; set that argument instead");
        }
    }
    if (args.engine === "trtllm" && args.image === undefined) {
        problems.add("image", "engine 'trtllm' runs in DJLServing's TensorRT-LLM container (deepjavalibrary/djl-serving:<version>-tensorrt-llm): give it, pinned");
    }
    const djlVersion = /djl-(?:serving|inference):0\.(\d+)\./.exec(args.image ?? "");
    if (args.engine === "deepspeed" && djlVersion && Number(djlVersion[1]) >= 28) {
        problems.add("image", "DeepSpeed is not in DJLServing 0.28.0 and later: use a 0.27 or earlier DeepSpeed image, or another engine");
    }
    if (args.handler?.builtIn === "deepspeed-bloom" && args.engine !== "deepspeed") {
        problems.add("handler.builtIn", "the DeepSpeed handler needs engine 'deepspeed' (only that container has DeepSpeed)");
    }
    if (args.handler?.source !== undefined && !/^def handle\(/m.test(args.handler.source)) {
        problems.add("handler.source", "must define handle(inputs), the function DJLServing calls");
    }
    if (args.handler && m.maxRollingBatchSize !== undefined) {
        problems.add("model.maxRollingBatchSize", "a custom handler does its own batching; rolling batch is off");
    }
    const autoscaling = checkPlainWorkload("DJLServing", args, problems);

    const parameters = m.parameters ?? (m.source.huggingFaceId ? KNOWN_MODEL_PARAMETERS[m.source.huggingFaceId] : undefined);
    checkFits(problems, "model", { parameters, dtype: DTYPE[m.dtype], gpu, gpuMemoryGiB: args.gpuPool?.gpuMemoryGiB });
    problems.throwIfAny(DJL_COMPONENT);

    const modelId = volume ? "/" + joinPath(volume.mountPath, volume.subPath, m.source.path ?? "") : (m.source.huggingFaceId as string);
    const handlerSource = args.handler?.builtIn ? builtInHandlerSource(args.handler.builtIn) : args.handler?.source;
    return { name, args, gpu, modelName: m.name ?? name, modelId, handlerSource, autoscaling };
}
