import { claimNamespaceChecked } from "../common/args";
import { joinPath } from "../../core/model-volume";
import { dns1123Label } from "../../core/schemas";
import { beginResolve } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { checkPassThroughFlags, DISTRIBUTED_FLAGS } from "../common/engine-flags";
import { checkEngineFlags, PINNED_ENGINES, uncheckedEngineWarning } from "../common/pinned-engines";
import { checkExposure } from "../common/exposure";
import { checkNetworkPolicy } from "../common/network-policy";
import { resolveGpuRequest, type GpuRequest } from "../common/pod";
import { distributedArgsSchema, type DistributedArgsParsed, type DistributedServingArgs } from "./args";

export const DISTRIBUTED_COMPONENT = "DistributedServing";

/** A DistributedServing's arguments after validation, ready to render. */
export interface DistributedResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (see {@link checkedNamespace}). */
    readonly args: DistributedArgsParsed;
    /** GPUs of one pod. */
    readonly gpu: GpuRequest;
    readonly tensor: number;
    readonly pipeline: number;
    readonly servedModelName: string;
    /** `--model`: a path on the mounted volume or a hub id. */
    readonly modelPathOrId?: string;
    readonly port: number;
}

/** LWS names pods `<name>-<group>-<index>`; the Service and headless Service add their own. */
const NAME = lazySchema(() => dns1123Label().max(40, "must be at most 40 characters (LeaderWorkerSet appends group and worker indexes)"));

export function resolveDistributedArgs(name: string, raw: DistributedServingArgs): DistributedResolved {
    const { parsed, problems } = beginResolve(DISTRIBUTED_COMPONENT, name, NAME(), distributedArgsSchema(), raw);
    const namespace = claimNamespaceChecked({
        component: DISTRIBUTED_COMPONENT,
        workload: "service",
        namespace: parsed.namespace,
        volumes: [["model.source.volume", parsed.model?.source.volume]],
        problems,
    });
    const args: DistributedArgsParsed = { ...parsed, namespace };
    const perPod = args.gpus.count ?? args.gpuPool?.gpusPerNode ?? 1;
    const gpu = resolveGpuRequest(args, perPod, problems);
    if (args.gpus.memoryGiB !== undefined) problems.add("gpus.memoryGiB", "a share of one GPU cannot take part in multi-node parallelism: request whole GPUs");
    const tensor = args.parallelism?.tensor ?? perPod;
    const pipeline = args.parallelism?.pipeline ?? args.nodes;
    if (tensor * pipeline !== perPod * args.nodes) {
        problems.add(
            "parallelism",
            `tensor x pipeline (${tensor} x ${pipeline}) must equal the group's GPUs: ${args.nodes} pods x ${perPod} GPUs = ${perPod * args.nodes}`,
        );
    }
    if (args.engine === "vllm") {
        if (!args.model) problems.add("model", "engine 'vllm' needs the model to serve");
        if (args.custom) problems.add("custom", "only used with engine 'custom'");
    } else {
        if (!args.custom) problems.add("custom", "engine 'custom' needs leaderCommand and workerCommand");
        if (!args.image) problems.add("image", "engine 'custom' runs your image: give it, pinned");
        if (args.model) problems.add("model", "only used with engine 'vllm' (a custom command loads its own model)");
    }
    if (args.replicas.min === 0) problems.add("replicas.min", "a LeaderWorkerSet cannot scale to zero");
    if (args.replicas.max !== undefined && args.replicas.max !== args.replicas.min) {
        problems.add("replicas.max", "multi-node groups are not autoscaled here: set replicas.min only (the number of groups)");
    }
    if (args.apiKeySecret !== undefined && args.engine === "custom") problems.add("apiKeySecret", "only used with engine 'vllm'");
    if (args.exposure) checkExposure(args.exposure, "exposure", problems);
    checkNetworkPolicy(args.networkPolicy, { exposure: args.exposure, hasMetrics: args.metrics !== undefined }, "networkPolicy", problems);
    if (args.model) checkPassThroughFlags(args.model.extraArgs, "model.extraArgs", DISTRIBUTED_FLAGS, problems);
    if (args.model) checkEngineFlags(args.model.extraArgs, "model.extraArgs", PINNED_ENGINES.vllmOpenAi, args.image, problems);
    problems.throwIfAny(DISTRIBUTED_COMPONENT);

    const source = args.model?.source;
    const modelPathOrId = source
        ? source.volume
            ? "/" + joinPath(source.volume.mountPath, source.volume.subPath, source.path ?? "")
            : source.huggingFaceId
        : undefined;
    return {
        name,
        args,
        gpu,
        tensor,
        pipeline,
        servedModelName: args.model?.servedModelName ?? name,
        modelPathOrId,
        port: args.engine === "vllm" ? 8000 : args.custom!.port,
    };
}

/** Preview warnings: pass-through flags the pinned engine's flag set cannot check (issue 17 §4). */
export function distributedWarnings(r: DistributedResolved): string[] {
    const warning = uncheckedEngineWarning("model.extraArgs", r.args.model?.extraArgs.length ?? 0, PINNED_ENGINES.vllmOpenAi, r.args.image);
    return warning === undefined ? [] : [warning];
}
