import { isKnown, whenKnown } from "../../core/deferrable";
import { joinPath } from "../../core/model-volume";
import { dns1123Label } from "../../core/schemas";
import { KNOWN_MODEL_PARAMETERS, type Dtype } from "../../core/sizing";
import { beginResolve, ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import type { ResolvedAutoscaling } from "../common/autoscaling";
import { claimNamespaceChecked } from "../common/args";
import { checkPlainWorkload } from "../common/workload";
import { checkFits, resolveGpuRequest, type GpuRequest } from "../common/pod";
import { djlArgsSchema, type DjlArgsParsed, type DjlServingServiceArgs } from "./args";
import { builtInHandlerSource } from "./handler-source";
import { checkPassThroughKeys } from "../common/engine-flags";
import { checkReadProperties, GENERATED_KEYS } from "./serving-properties";

export const DJL_COMPONENT = "DjlServingService";

const DTYPE: Record<DjlArgsParsed["model"]["dtype"], Dtype> = { fp16: "float16", bf16: "bfloat16", fp32: "float32" };

/** Arguments after validation, with every default and derived value resolved. */
export interface DjlResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` and `image` are the checked ones (Outputs when given as Outputs). */
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

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));

/** Problems with an image the user gave, for the engine. */
function checkImage(engine: DjlArgsParsed["engine"], image: string, problems: ProblemList): void {
    const djlVersion = /djl-(?:serving|inference):0\.(\d+)\./.exec(image);
    if (engine === "deepspeed" && djlVersion && Number(djlVersion[1]) >= 28) {
        problems.add("image", "DeepSpeed is not in DJLServing 0.28.0 and later: use a 0.27 or earlier DeepSpeed image, or another engine");
    }
}

/** Validates everything before any resource is registered; every problem is reported at once, by path. */
export function resolveDjlArgs(name: string, raw: DjlServingServiceArgs): DjlResolved {
    const { parsed, problems } = beginResolve(DJL_COMPONENT, name, NAME(), djlArgsSchema(), raw);
    const m = parsed.model;

    const gpu = resolveGpuRequest(parsed, m.tensorParallelDegree, problems);
    const volume = m.source.volume;
    const namespace = volume
        ? claimNamespaceChecked({
              component: DJL_COMPONENT,
              workload: "service",
              namespace: parsed.namespace,
              volumes: [["model.source.volume", volume]],
              problems,
          })
        : parsed.namespace;
    if (m.revision !== undefined && m.source.huggingFaceId === undefined) {
        problems.add("model.revision", "a revision selects a Hugging Face commit: only with model.source.huggingFaceId");
    }
    checkPassThroughKeys(Object.keys(m.properties), "model.properties", GENERATED_KEYS, "the serving.properties ConfigMap", problems);
    checkReadProperties(parsed, problems);
    if (parsed.engine === "trtllm" && parsed.image === undefined) {
        problems.add(
            "image",
            "engine 'trtllm' runs in DJLServing's TensorRT-LLM container (deepjavalibrary/djl-serving:<version>-tensorrt-llm): give it, pinned",
        );
    }
    // An image given as an Output is checked when it is known (below).
    if (parsed.image !== undefined && isKnown(parsed.image)) checkImage(parsed.engine, parsed.image, problems);
    if (parsed.handler?.builtIn === "deepspeed-bloom" && parsed.engine !== "deepspeed") {
        problems.add("handler.builtIn", "the DeepSpeed handler needs engine 'deepspeed' (only that container has DeepSpeed)");
    }
    if (parsed.handler?.source !== undefined && !/^def handle\(/m.test(parsed.handler.source)) {
        problems.add("handler.source", "must define handle(inputs), the function DJLServing calls");
    }
    if (parsed.handler && m.maxRollingBatchSize !== undefined) {
        problems.add("model.maxRollingBatchSize", "a custom handler does its own batching; rolling batch is off");
    }
    const autoscaling = checkPlainWorkload("DJLServing", parsed, problems);

    const parameters = m.parameters ?? (m.source.huggingFaceId ? KNOWN_MODEL_PARAMETERS[m.source.huggingFaceId] : undefined);
    checkFits(problems, "model", { parameters, dtype: DTYPE[m.dtype], gpu, gpuMemoryGiB: parsed.gpuPool?.gpuMemoryGiB });
    problems.throwIfAny(DJL_COMPONENT);

    const image =
        parsed.image === undefined || isKnown(parsed.image)
            ? parsed.image
            : whenKnown([parsed.image], (known: string) => {
                  const later = new ProblemList();
                  checkImage(parsed.engine, known, later);
                  later.throwIfAny(DJL_COMPONENT);
                  return known;
              });
    const args: DjlArgsParsed =
        namespace === parsed.namespace && image === parsed.image ? parsed : { ...parsed, namespace, ...(image === parsed.image ? {} : { image }) };
    const modelId = volume ? "/" + joinPath(volume.mountPath, volume.subPath, m.source.path ?? "") : (m.source.huggingFaceId as string);
    const handlerSource = args.handler?.builtIn ? builtInHandlerSource(args.handler.builtIn) : args.handler?.source;
    return { name, args, gpu, modelName: m.name ?? name, modelId, handlerSource, autoscaling };
}
