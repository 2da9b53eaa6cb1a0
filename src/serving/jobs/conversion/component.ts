import * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../../../core/model-volume";
import { registerKubeObjects, type ChildrenByRole } from "../../../core/register";
import { jobTimeouts } from "../common";
import type { ModelJobOptions } from "../download/component";
import type { ModelConversionJobArgs } from "./args";
import { renderConversion, type ConversionRoles } from "./render";
import { resolveConversionArgs } from "./validate";

/**
 * Converts a Hugging Face checkpoint on a writable model volume into what a Triton backend loads:
 * FasterTransformer weights (`<output>/<tp>-gpu`) or TensorRT-LLM engines (`<output>/engine`).
 * A GPU Job that skips when the volume already holds the same conversion; `pulumi up` waits for it
 * to complete, so a Triton service given it in `waitFor` starts on finished weights.
 */
export class ModelConversionJob extends pulumi.ComponentResource {
    /** What the Triton backend loads, relative to the volume's `subPath`. */
    public readonly modelPath: pulumi.Output<string>;
    /** Tensor-parallel size the result is split for. */
    public readonly tensorParallel: pulumi.Output<number>;
    /** Plain data for the serving side's `model.source` (`{volume, path}`), known at construction. */
    public readonly modelRef: { readonly volume: ModelVolumeRef; readonly path: string };
    /** The Job: completes when the converted model is in the volume. */
    public readonly ready: pulumi.Resource[];
    public readonly resources: ChildrenByRole<ConversionRoles>;

    constructor(name: string, args: ModelConversionJobArgs, opts: ModelJobOptions = {}) {
        const resolved = resolveConversionArgs(name, args);
        const { waitFor, ...componentOpts } = opts;
        super("llm-serving:jobs:ModelConversionJob", name, {}, componentOpts);
        this.resources = registerKubeObjects<ConversionRoles>(this, name, renderConversion(resolved), {
            dependsOn: (waitFor ?? []).flatMap((w) => w.ready),
            perRole: { job: { customTimeouts: jobTimeouts(resolved.args) } },
        });
        this.ready = [this.resources.job];
        this.modelPath = pulumi.output(resolved.modelPath);
        this.modelRef = { volume: resolved.args.volume, path: resolved.modelPath };
        this.tensorParallel = pulumi.output(resolved.args.tensorParallel);
        this.registerOutputs({ modelPath: this.modelPath, tensorParallel: this.tensorParallel });
    }
}
