import type { ResourceValidationPolicy } from "@pulumi/policy";
import { canonicalFlag, containerFlags, type Flag } from "../lib/flags";
import { podSpecs } from "../lib/pods";

/**
 * Flags that engines accept several times, each adding to a list: vLLM `--middleware`; Triton
 * `--model-repository`, `--load-model`, `--backend-config` and its other `*-config` settings,
 * `--rate-limit-resource`, `--host-policy`.
 */
export const REPEATABLE_FLAGS: readonly string[] = [
    "--middleware",
    "--model-repository",
    "--load-model",
    "--backend-config",
    "--cache-config",
    "--trace-config",
    "--metrics-config",
    "--rate-limit-resource",
    "--host-policy",
].map(canonicalFlag);

const shown = (f: Flag) => (f.value === undefined ? f.written : `${f.written} ${f.value}`);

/**
 * A container's arguments give each flag once: engines keep the last of two values (vLLM's
 * argparse), so an `extraArgs` entry silently overrides what the component rendered, or the
 * reverse. `--max_model_len` and `--max-model-len` are the same vLLM flag. Shell scripts
 * (`sh -c`) are not parsed.
 */
export const noDuplicateFlags: ResourceValidationPolicy = {
    name: "no-duplicate-flags",
    description: "Container arguments give each flag once (--a_b and --a-b are the same vLLM flag): no duplicates, no conflicting values.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const pod of podSpecs(args.type, args.props)) {
            for (const c of [...pod.initContainers, ...pod.containers]) {
                const byName = new Map<string, Flag[]>();
                for (const f of containerFlags(c.command, c.args)) {
                    if (!REPEATABLE_FLAGS.includes(f.name)) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
                }
                for (const [name, given] of byName) {
                    if (given.length < 2) continue;
                    const values = new Set(given.map((f) => f.value ?? ""));
                    const what = values.size > 1 ? `conflicting values for ${name}` : `${name} ${given.length} times`;
                    reportViolation(`container '${c.name ?? "?"}' (${pod.at}) args give ${what}: ${given.map(shown).join(", ")}: keep one`);
                }
            }
        }
    },
};
