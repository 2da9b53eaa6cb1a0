import { dns1123Label } from "../../core/schemas";
import { beginResolve } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import type { ResolvedAutoscaling } from "../common/autoscaling";
import { checkPlainWorkload } from "../common/workload";
import { resolveGpuRequest, type GpuRequest } from "../common/pod";
import { openLlmArgsSchema, type OpenLlmArgsParsed, type OpenLlmServiceArgs } from "./args";

export const OPENLLM_COMPONENT = "OpenLlmService";

/** Arguments after validation, with every default and derived value resolved. */
export interface OpenLlmResolved {
    readonly name: string;
    readonly args: OpenLlmArgsParsed;
    readonly gpu: GpuRequest;
    readonly autoscaling?: ResolvedAutoscaling;
}

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));

/** Validates everything before any resource is registered; every problem is reported at once, by path. */
export function resolveOpenLlmArgs(name: string, raw: OpenLlmServiceArgs): OpenLlmResolved {
    const { parsed: args, problems } = beginResolve(OPENLLM_COMPONENT, name, NAME(), openLlmArgsSchema(), raw);

    // The Bento decides how many GPUs it uses; the pod asks for gpus.count (one by default).
    const gpu = resolveGpuRequest(args, args.gpus.count ?? 1, problems);
    if (args.install === "image" && args.image === undefined) {
        problems.add("image", "install 'image' runs openllm from your image: give it, pinned");
    }
    const autoscaling = checkPlainWorkload("OpenLLM", args, problems);
    problems.throwIfAny(OPENLLM_COMPONENT);
    return { name, args, gpu, autoscaling };
}
