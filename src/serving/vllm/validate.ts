import { isKnown, whenKnown, type Deferrable } from "../../core/deferrable";
import { joinPath, pvcStorageUri } from "../../core/model-volume";
import type { PlatformReadiness } from "../../core/platform";
import { KNOWN_MODEL_PARAMETERS } from "../../core/sizing";
import { dns1123Label } from "../../core/schemas";
import { beginResolve, ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { checkFits, resolveGpuRequest, type GpuRequest } from "../common/pod";
import { resolveAutoscaling, vllmQueueQuery, type ResolvedAutoscaling } from "../common/autoscaling";
import { claimNamespaceChecked } from "../common/args";
import { checkExposure } from "../common/exposure";
import { checkNetworkPolicy } from "../common/network-policy";
import { checkGeneratedAnnotations } from "../common/generated-annotations";
import { checkPassThroughFlags, VLLM_SERVICE_FLAGS } from "../common/engine-flags";
import { checkEngineFlags, uncheckedEngineWarning, vllmServiceEngine } from "../common/pinned-engines";
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
    /** The platform's registry mirror (`PlatformReadiness.imageRegistry`), for the KServe predictor's pinned image. */
    readonly imageRegistry?: string;
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
export function resolveVllmArgs(name: string, raw: VllmInferenceServiceArgs, platform: Pick<PlatformReadiness, "imageRegistry"> = {}): VllmResolved {
    const { parsed, problems } = beginResolve(VLLM_COMPONENT, name, NAME(), vllmArgsSchema(), raw);
    const gpu = resolveGpuRequest(parsed, parsed.parallelism.tensor * parsed.parallelism.pipeline, problems);
    const args = withCheckedNamespace(parsed, problems);
    // A storage URI given as an Output is checked when it is known (checkedStorageUri).
    const uri = args.model.source.storageUri;
    if (uri !== undefined && isKnown(uri)) checkStorageUri(args, uri, problems);
    checkModeOptions(args, problems);
    const servedModelName = args.model.servedModelName ?? name;
    const autoscaling = resolveVllmAutoscaling(args, servedModelName, problems);
    // Without a parameter count, an hf:// URI's hub id gives it: an Output URI is sized when known.
    const sizeWhenKnown = uri !== undefined && !isKnown(uri) && args.model.parameters === undefined;
    if (!sizeWhenKnown) checkModelSize(args, gpu, uri !== undefined && isKnown(uri) ? uri : undefined, problems);
    problems.throwIfAny(VLLM_COMPONENT);

    const { storageUri, modelPathOrId } = modelLocation(args, checkedStorageUri(args, gpu, sizeWhenKnown));
    return { name, args, gpu, servedModelName, storageUri, modelPathOrId, autoscaling, imageRegistry: platform.imageRegistry };
}

/** The arguments with the namespace checked against the model volume's (an Output when either is one). */
function withCheckedNamespace(parsed: VllmArgsParsed, problems: ProblemList): VllmArgsParsed {
    const volume = parsed.model.source.volume;
    if (!volume) return parsed;
    const namespace = claimNamespaceChecked({
        component: VLLM_COMPONENT,
        workload: "service",
        namespace: parsed.namespace,
        volumes: [["model.source.volume", volume]],
        problems,
    });
    return namespace === parsed.namespace ? parsed : { ...parsed, namespace };
}

/** Deployment mode has no storage initializer: only an hf:// URI, which vLLM downloads itself. */
function checkStorageUri(args: VllmArgsParsed, known: string, into: ProblemList): void {
    if (args.mode === "deployment" && !known.startsWith("hf://")) {
        into.add("model.source.storageUri", "deployment mode has no storage initializer: use volume or huggingFaceId (or an hf:// URI)");
    }
}

/** The InferenceService annotations the component writes from typed arguments. */
const KSERVE_ANNOTATIONS = {
    "serving.kserve.io/deploymentMode": "kserve.deploymentMode",
    "serving.knative.dev/progress-deadline": "kserve.progressDeadline",
};

/**
 * The provider's await annotations, refused on an InferenceService: the component turns the await
 * off (`pulumi.com/skipAwait`, see renderInferenceService), because KServe reports the predictor
 * Deployment's (Knative Service's) observedGeneration, which an await on the InferenceService's
 * generation can wait for forever.
 */
const AWAIT_ANNOTATIONS = ["pulumi.com/skipAwait", "pulumi.com/waitFor", "pulumi.com/timeoutSeconds"];

function checkAwaitAnnotations(annotations: Readonly<Record<string, string>>, problems: ProblemList): void {
    for (const key of AWAIT_ANNOTATIONS.filter((k) => annotations[k] !== undefined)) {
        problems.add(
            `annotations.${key}`,
            `'${key}' is not taken on an InferenceService: the component does not await it, since KServe reports the predictor Deployment's observedGeneration, which the provider's await would compare with the InferenceService's generation and could wait for forever; wait for its Ready condition outside pulumi up`,
        );
    }
}

/** What each mode supports: canary traffic, API keys, scale to zero, and the Deployment-only features. */
function checkModeOptions(args: VllmArgsParsed, problems: ProblemList): void {
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
    if (args.mode === "kserve") {
        checkGeneratedAnnotations(args.annotations, KSERVE_ANNOTATIONS, "annotations", problems);
        checkAwaitAnnotations(args.annotations, problems);
    }
    if (args.exposure) checkExposure(args.exposure, "exposure", problems);
    checkNetworkPolicy(args.networkPolicy, { exposure: args.exposure, hasMetrics: args.metrics !== undefined }, "networkPolicy", problems);
    checkPassThroughFlags(args.model.extraArgs, "model.extraArgs", VLLM_SERVICE_FLAGS, problems);
    checkEngineFlags(args.model.extraArgs, "model.extraArgs", vllmServiceEngine(args.mode, args.kserve.runtime), args.image, problems);
}

/** Preview warnings: pass-through flags the pinned engine's flag set cannot check (issue 17 §4). */
export function vllmWarnings(r: VllmResolved): string[] {
    const { model, mode, kserve, image } = r.args;
    const warning = uncheckedEngineWarning("model.extraArgs", model.extraArgs.length, vllmServiceEngine(mode, kserve.runtime), image);
    return warning === undefined ? [] : [warning];
}

/** KEDA scaling in deployment mode, on vLLM's queue of the served model unless a query is given. */
function resolveVllmAutoscaling(args: VllmArgsParsed, servedModelName: string, problems: ProblemList): ResolvedAutoscaling | undefined {
    if (args.mode !== "deployment" || !args.autoscaling) return undefined;
    return resolveAutoscaling(
        args.autoscaling,
        {
            field: "autoscaling",
            replicas: args.replicas,
            defaultQuery: vllmQueueQuery(args.namespace, servedModelName),
            hasMetrics: args.metrics !== undefined,
        },
        problems,
    );
}

/** The model must fit the GPUs; its size is the given parameter count, else a known hub id's (from `knownUri` for hf://). */
function checkModelSize(args: VllmArgsParsed, gpu: GpuRequest, knownUri: string | undefined, into: ProblemList): void {
    const hubId = args.model.source.huggingFaceId ?? hubIdOf(knownUri);
    const parameters = args.model.parameters ?? (hubId ? KNOWN_MODEL_PARAMETERS[hubId] : undefined);
    checkFits(into, "model", {
        parameters,
        dtype: args.model.quantization === "fp8" ? "fp8" : args.model.dtype,
        gpu,
        gpuMemoryGiB: args.gpuPool?.gpuMemoryGiB,
        utilization: args.model.gpuMemoryUtilization,
    });
}

/** The storage URI; one given as an Output becomes an Output that fails, naming its field, when its value does not pass. */
function checkedStorageUri(args: VllmArgsParsed, gpu: GpuRequest, sizeWhenKnown: boolean): Deferrable<string> | undefined {
    const uri = args.model.source.storageUri;
    if (uri === undefined || isKnown(uri)) return uri;
    return whenKnown([uri], (known: string) => {
        const later = new ProblemList();
        checkStorageUri(args, known, later);
        if (sizeWhenKnown) checkModelSize(args, gpu, known, later);
        later.throwIfAny(VLLM_COMPONENT);
        return known;
    });
}

/** Where the model comes from: KServe's storage URI (none when vLLM downloads a hub id) and vLLM's `--model`. */
function modelLocation(
    args: VllmArgsParsed,
    checkedUri: Deferrable<string> | undefined,
): { storageUri?: Deferrable<string>; modelPathOrId: Deferrable<string> } {
    const source = args.model.source;
    const volume = source.volume;
    if (volume) {
        const path = joinPath(volume.subPath, source.path ?? "");
        return { storageUri: pvcStorageUri(volume.claimName, path), modelPathOrId: "/" + joinPath(volume.mountPath, path) };
    }
    if (checkedUri !== undefined) {
        return { storageUri: checkedUri, modelPathOrId: whenKnown([checkedUri], (known: string) => hubIdOf(known) ?? "/mnt/models") };
    }
    return { storageUri: undefined, modelPathOrId: source.huggingFaceId as string };
}
