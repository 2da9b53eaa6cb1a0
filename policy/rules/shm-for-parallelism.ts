import type { StackValidationPolicy } from "@pulumi/policy";
import { parallelism } from "../lib/parallelism";
import { shmVolume, wholeGpus } from "../lib/pods";
import { describeContainer, stackContainers } from "../lib/workloads";

/**
 * NCCL exchanges tensors between the GPU processes of one pod through /dev/shm, which a
 * container gets as 64 MiB unless a memory-backed emptyDir is mounted there: tensor parallelism
 * then fails or crawls (kserve#3791, #3910).
 */
export const shmForParallelism: StackValidationPolicy = {
    name: "shm-for-parallelism",
    description: "Containers using several GPUs (tensor or pipeline parallelism) mount a memory-backed emptyDir at /dev/shm.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const s of stackContainers(args.resources)) {
            const p = parallelism(s.container, s.files);
            const world = p ? p.tensor * p.pipeline : 1;
            const gpus = wholeGpus(s.container);
            if (world <= 1 && gpus <= 1) continue;
            const volume = shmVolume(s.pod, s.container);
            if (volume?.emptyDir?.medium !== "Memory") {
                const why = world > 1 ? `parallelism ${world} (from its ${p!.source})` : `${gpus} GPUs`;
                reportViolation(
                    `${describeContainer(s)} uses ${why} but ${volume ? `mounts volume '${volume.name}', not a memory-backed emptyDir,` : "mounts nothing"} at /dev/shm`,
                    s.resource.urn,
                );
            }
        }
    },
};
