import * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../../../core/model-volume";
import { registerKubeObjects, type ChildrenByRole } from "../../../core/register";
import { jobTimeouts } from "../common";
import type { ModelDownloadJobArgs } from "./args";
import { renderDownload, type DownloadRoles } from "./render";
import { resolveDownloadArgs } from "./validate";

/** Resource options of the model jobs, plus the jobs they wait for. */
export interface ModelJobOptions extends pulumi.ComponentResourceOptions {
    /** Jobs (or anything with `ready`) that must complete before this one starts, e.g. the download before a conversion. */
    readonly waitFor?: readonly { readonly ready: pulumi.Input<pulumi.Resource>[] }[];
}

/**
 * Downloads a Hugging Face repository into a writable model volume, once: a Job that skips when
 * the volume already holds this repository at this revision. `pulumi up` waits for it to
 * complete, so components given it in `waitFor` (or `dependsOn`) start after the files are there.
 */
export class ModelDownloadJob extends pulumi.ComponentResource {
    /** Where the files are, relative to the volume's `subPath` (what serving components take as `source.path`). */
    public readonly path: pulumi.Output<string>;
    /** Plain data for the next step's `source` (`{volume, path}`), known at construction. */
    public readonly modelRef: { readonly volume: ModelVolumeRef; readonly path: string };
    /** The Job: completes when the files are in the volume. */
    public readonly ready: pulumi.Resource[];
    public readonly resources: ChildrenByRole<DownloadRoles>;

    constructor(name: string, args: ModelDownloadJobArgs, opts: ModelJobOptions = {}) {
        const resolved = resolveDownloadArgs(name, args);
        const { waitFor, ...componentOpts } = opts;
        super("llm-serving:jobs:ModelDownloadJob", name, {}, componentOpts);
        this.resources = registerKubeObjects<DownloadRoles>(this, name, renderDownload(resolved), {
            dependsOn: (waitFor ?? []).flatMap((w) => w.ready),
            perRole: { job: { customTimeouts: jobTimeouts(resolved.args) } },
        });
        this.ready = [this.resources.job];
        this.path = pulumi.output(resolved.path);
        this.modelRef = { volume: resolved.args.volume, path: resolved.path };
        this.registerOutputs({ path: this.path });
    }
}
