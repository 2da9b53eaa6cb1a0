import { joinPath, pvcStorageUri } from "../../core/model-volume";
import { KNOWN_MODEL_PARAMETERS } from "../../core/sizing";
import * as v from "valibot";
import { dns1123Label } from "../../core/schemas";
import { parseArgs, ProblemList } from "../../core/validation";
import { checkFits, resolveGpuRequest, type GpuRequest } from "../common/pod";
import { resolveAutoscaling, vllmQueueQuery, type ResolvedAutoscaling } from "../common/autoscaling";
import { checkExposure } from "../common/exposure";
import { vllmArgsSchema, type VllmArgsParsed, type VllmInferenceServiceArgs } from "./args";

export const VLLM_COMPONENT = "VllmInferenceService";

/** Arguments after validation, with every default and derived value resolved. */
export interface VllmResolved {
    readonly name: string;
    readonly args: VllmArgsParsed;
    readonly gpu: GpuRequest;
    readonly servedModelName: string;
    /** `pvc://`, `hf://`, ... URI for KServe; undefined when vLLM itself downloads a hub id. */
    readonly storageUri?: string;
    /** What vLLM gets as `--model` in deployment mode: a path on the mounted volume or a hub id. */
    readonly modelPathOrId: string;
    /** KEDA scaling (deployment mode), resolved. */
    readonly autoscaling?: ResolvedAutoscaling;
}

/** Built once, at load: building a schema costs far more than parsing a name with it. */
const NAME = v.pipe(dns1123Label, v.maxLength(45, "must be at most 45 characters (KServe appends '-predictor-...' to it)"));

/**
 * Validates everything before any resource is registered; every problem is reported at once,
 * named by its argument path.
 */
export function resolveVllmArgs(name: string, raw: VllmInferenceServiceArgs): VllmResolved {
    const nameCheck = v.safeParse(NAME, name);
    const problems = new ProblemList();
    if (!nameCheck.success) problems.add("name", nameCheck.issues[0].message);
    const args = parseArgs(VLLM_COMPONENT, vllmArgsSchema, raw);

    const world = args.parallelism.tensor * args.parallelism.pipeline;
    const gpu = resolveGpuRequest(args, world, problems);
    const source = args.model.source;
    const volume = source.volume;
    if (volume && volume.namespace !== args.namespace) {
        problems.add("model.source.volume", `the claim is in namespace '${volume.namespace}', the service in '${args.namespace}'; pods can only mount claims of their own namespace`);
    }
    if (args.mode === "deployment" && source.storageUri !== undefined && !source.storageUri.startsWith("hf://")) {
        problems.add("model.source.storageUri", "deployment mode has no storage initializer: use volume or huggingFaceId (or an hf:// URI)");
    }
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
    const servedModelName = args.model.servedModelName ?? name;
    const autoscaling =
        args.mode === "deployment" && args.autoscaling
            ? resolveAutoscaling(
                  args.autoscaling,
                  { field: "autoscaling", replicas: args.replicas, defaultQuery: vllmQueueQuery(args.namespace, servedModelName), hasMetrics: args.metrics !== undefined },
                  problems,
              )
            : undefined;

    const hubId = source.huggingFaceId ?? (source.storageUri?.startsWith("hf://") ? source.storageUri.slice(5).split(":")[0] : undefined);
    const parameters = args.model.parameters ?? (hubId ? KNOWN_MODEL_PARAMETERS[hubId] : undefined);
    const dtype = args.model.quantization === "fp8" ? "fp8" : args.model.dtype;
    checkFits(problems, "model", {
        parameters,
        dtype,
        gpu,
        gpuMemoryGiB: args.gpuPool?.gpuMemoryGiB,
        utilization: args.model.gpuMemoryUtilization,
    });
    problems.throwIfAny(VLLM_COMPONENT);

    let storageUri: string | undefined;
    let modelPathOrId: string;
    if (volume) {
        const path = joinPath(volume.subPath, source.path ?? "");
        storageUri = pvcStorageUri(volume.claimName, path);
        modelPathOrId = "/" + joinPath(volume.mountPath, path);
    } else if (source.storageUri) {
        storageUri = source.storageUri;
        modelPathOrId = hubId ?? "/mnt/models";
    } else {
        modelPathOrId = hubId as string;
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
