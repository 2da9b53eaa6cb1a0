import { isKnown, whenKnown, type Deferrable } from "../../core/deferrable";
import { joinPath, pvcStorageUri } from "../../core/model-volume";
import { KNOWN_MODEL_PARAMETERS } from "../../core/sizing";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { checkFits, resolveGpuRequest, type GpuRequest } from "../common/pod";
import { resolveAutoscaling, vllmQueueQuery, type ResolvedAutoscaling } from "../common/autoscaling";
import { claimNamespaceChecked } from "../common/args";
import { checkExposure } from "../common/exposure";
import { checkPassThroughFlags, VLLM_SERVICE_FLAGS } from "../common/engine-flags";
import { vllmArgsSchema, type VllmArgsParsed, type VllmInferenceServiceArgs } from "./args";

export const VLLM_COMPONENT = "VllmInferenceService";

/** Arguments after validation, with every default and derived value resolved. */
export interface VllmResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (an Output when it or the volume's is). */
    readonly args: VllmArgsParsed;
    readonly gpu: GpuRequest;
    readonly servedModelName: string;
    /** `pvc://`, `hf://`, ... URI for KServe; undefined when vLLM itself downloads a hub id. */
    readonly storageUri?: Deferrable<string>;
    /** What vLLM gets as `--model` in deployment mode: a path on the mounted volume or a hub id. */
    readonly modelPathOrId: Deferrable<string>;
    /** KEDA scaling (deployment mode), resolved. */
    readonly autoscaling?: ResolvedAutoscaling;
}

const NAME = lazySchema(() => dns1123Label().max(45, "must be at most 45 characters (KServe appends '-predictor-...' to it)"));

/** The hub id a `hf://` URI names (`hf://org/model:revision` -> `org/model`). */
function hubIdOf(storageUri: string | undefined): string | undefined {
    return storageUri?.startsWith("hf://") ? storageUri.slice(5).split(":")[0] : undefined;
}


/**
 * Validates everything before any resource is registered; every problem is reported at once,
 * named by its argument path.
 */
export function resolveVllmArgs(name: string, raw: VllmInferenceServiceArgs): VllmResolved {
    const { parsed, problems } = beginResolve(VLLM_COMPONENT, name, NAME(), vllmArgsSchema(), raw);

    const world = parsed.parallelism.tensor * parsed.parallelism.pipeline;
    const gpu = resolveGpuRequest(parsed, world, problems);
    const source = parsed.model.source;
    const volume = source.volume;
    const namespace = volume ? claimNamespaceChecked({ component: VLLM_COMPONENT, workload: "service", namespace: parsed.namespace, volumes: [["model.source.volume", volume]], problems }) : parsed.namespace;
    const args: VllmArgsParsed = namespace === parsed.namespace ? parsed : { ...parsed, namespace };
    // A storage URI given as an Output is checked when it is known (below).
    const uri = source.storageUri;
    const checkUri = (known: string, into: ProblemList) => {
        if (args.mode === "deployment" && !known.startsWith("hf://")) {
            into.add("model.source.storageUri", "deployment mode has no storage initializer: use volume or huggingFaceId (or an hf:// URI)");
        }
    };
    if (uri !== undefined && isKnown(uri)) checkUri(uri, problems);
    if (args.mode === "deployment" && args.kserve.canaryTrafficPercent !== undefined) {
        problems.add("kserve.canaryTrafficPercent", "canary traffic needs KServe (mode 'kserve')");
    }
    if (args.kserve.canaryTrafficPercent !== undefined && args.kserve.deploymentMode !== "Knative") {
        problems.add("kserve.canaryTrafficPercent", "KServe canary rollouts work only in the Knative deployment mode");
    }
    if (args.mode === "kserve" && args.kserve.runtime === "huggingface" && args.apiKeySecret !== undefined) {
        problems.add("apiKeySecret", "KServe's Hugging Face server does not check API keys: use kserve.runtime 'vllm' or mode 'deployment'");
    }
    if (args.replicas.max !== undefined && args.replicas.max < args.replicas.min) {
        problems.add("replicas.max", `must be at least replicas.min (${args.replicas.min})`);
    }
    if (args.replicas.min === 0 && !(args.mode === "kserve" && args.kserve.deploymentMode === "Knative")) {
        problems.add("replicas.min", "scale to zero needs KServe in Knative mode");
    }

    for (const feature of ["exposure", "metrics", "autoscaling"] as const) {
        if (args.mode === "kserve" && args[feature] !== undefined) {
            problems.add(feature, "applies to mode 'deployment'; KServe routes, scrapes and scales InferenceServices itself");
        }
    }
    if (args.exposure) checkExposure(args.exposure, "exposure", problems);
    checkPassThroughFlags(args.model.extraArgs, "model.extraArgs", VLLM_SERVICE_FLAGS, problems);
    const servedModelName = args.model.servedModelName ?? name;
    const autoscaling =
        args.mode === "deployment" && args.autoscaling
            ? resolveAutoscaling(
                  args.autoscaling,
                  { field: "autoscaling", replicas: args.replicas, defaultQuery: vllmQueueQuery(args.namespace, servedModelName), hasMetrics: args.metrics !== undefined },
                  problems,
              )
            : undefined;

    const dtype = args.model.quantization === "fp8" ? "fp8" : args.model.dtype;
    const checkSize = (knownUri: string | undefined, into: ProblemList) => {
        const hubId = source.huggingFaceId ?? hubIdOf(knownUri);
        const parameters = args.model.parameters ?? (hubId ? KNOWN_MODEL_PARAMETERS[hubId] : undefined);
        checkFits(into, "model", {
            parameters,
            dtype,
            gpu,
            gpuMemoryGiB: args.gpuPool?.gpuMemoryGiB,
            utilization: args.model.gpuMemoryUtilization,
        });
    };
    // Without a parameter count, an hf:// URI's hub id gives it: an Output URI is sized when known.
    const sizeWhenKnown = uri !== undefined && !isKnown(uri) && args.model.parameters === undefined;
    if (!sizeWhenKnown) checkSize(uri !== undefined && isKnown(uri) ? uri : undefined, problems);
    problems.throwIfAny(VLLM_COMPONENT);

    const checkedUri =
        uri === undefined || isKnown(uri)
            ? uri
            : whenKnown([uri], (known: string) => {
                  const later = new ProblemList();
                  checkUri(known, later);
                  if (sizeWhenKnown) checkSize(known, later);
                  later.throwIfAny(VLLM_COMPONENT);
                  return known;
              });
    let storageUri: Deferrable<string> | undefined;
    let modelPathOrId: Deferrable<string>;
    if (volume) {
        const path = joinPath(volume.subPath, source.path ?? "");
        storageUri = pvcStorageUri(volume.claimName, path);
        modelPathOrId = "/" + joinPath(volume.mountPath, path);
    } else if (checkedUri !== undefined) {
        storageUri = checkedUri;
        modelPathOrId = whenKnown([checkedUri], (known: string) => hubIdOf(known) ?? "/mnt/models");
    } else {
        modelPathOrId = source.huggingFaceId as string;
        storageUri = undefined;
    }
    return {
        name,
        args,
        gpu,
        servedModelName,
        storageUri,
        modelPathOrId,
        autoscaling,
    };
}
