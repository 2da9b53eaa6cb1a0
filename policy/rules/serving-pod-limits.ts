import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GPU_SHARE, podSpecs, WHOLE_GPU_RESOURCES } from "../lib/pods";

const isGpuResource = (name: string) => WHOLE_GPU_RESOURCES.includes(name) || GPU_SHARE.test(name);

/**
 * Every container has a memory limit (an engine loading weights without one can take the
 * node's memory and get neighbours evicted), and GPU requests equal GPU limits. CPU limits are
 * not required: they throttle tokenisation and scheduling threads for no isolation benefit.
 */
export const servingPodLimits: ResourceValidationPolicy = {
    name: "serving-pod-limits",
    description: "Serving containers set a memory limit, and GPU requests equal GPU limits.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                const where = `container '${c.name ?? "?"}' (${pod.at})`;
                const limits = c.resources?.limits ?? {};
                const requests = c.resources?.requests ?? {};
                if (limits.memory === undefined) reportViolation(`${where} has no memory limit`);
                for (const name of new Set([...Object.keys(limits), ...Object.keys(requests)].filter(isGpuResource))) {
                    if (requests[name] !== undefined && limits[name] === undefined) {
                        reportViolation(`${where} requests ${name} without a limit: extended resources need the limit (equal to the request)`);
                    } else if (requests[name] !== undefined && String(requests[name]) !== String(limits[name])) {
                        reportViolation(`${where} requests ${requests[name]} ${name} but limits ${limits[name]}: they must be equal`);
                    }
                }
            }
        }
    },
};
