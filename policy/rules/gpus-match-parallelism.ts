import type { StackValidationPolicy } from "@pulumi/policy";
import { parallelism } from "../lib/parallelism";
import { gpuShares, wholeGpus } from "../lib/pods";
import { describeContainer, stackContainers } from "../lib/workloads";

/**
 * A serving container's whole-GPU request equals its engine's parallel world size (tensor x
 * pipeline): fewer GPUs fail at start, more sit idle. A stack policy because DJLServing and
 * Triton read the degree from a mounted ConfigMap. Ray Serve is out of scope: its engine workers
 * are placement-group bundles that may span pods.
 */
export const gpusMatchParallelism: StackValidationPolicy = {
    name: "gpus-match-parallelism",
    description: "Serving containers request as many whole GPUs as tensor x pipeline parallelism.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const s of stackContainers(args.resources)) {
            const p = parallelism(s.container, s.files);
            if (!p || s.pod.multiNode) continue;
            const world = p.tensor * p.pipeline;
            const shares = gpuShares(s.container);
            if (world > 1 && shares.length > 0) {
                reportViolation(
                    `${describeContainer(s)} runs parallelism ${world} (from its ${p.source}) on ${shares.join(", ")}, a share of one GPU: request ${world} whole GPUs`,
                    s.resource.urn,
                );
                continue;
            }
            const gpus = wholeGpus(s.container);
            if (shares.length === 0 && gpus !== world) {
                reportViolation(
                    `${describeContainer(s)} requests ${gpus} GPU(s) but its ${p.source} set tensor ${p.tensor} x pipeline ${p.pipeline} = ${world}: request ${world}`,
                    s.resource.urn,
                );
            }
        }
    },
};
