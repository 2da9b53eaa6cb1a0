import * as pulumi from "@pulumi/pulumi";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { DistributedServingArgs } from "./args";
import { distributedUrls, renderDistributed, type DistributedRoles } from "./render";
import { distributedWarnings, resolveDistributedArgs } from "./validate";

/** Resource options of {@link DistributedServing}, plus what it waits for. */
export interface DistributedServingOptions extends pulumi.ComponentResourceOptions {
    /** A platform whose readiness this service waits for (the LeaderWorkerSet controller install). */
    readonly platform?: PlatformReadiness;
    /** Jobs that must complete first (e.g. a `ModelDownloadJob`). */
    readonly waitFor?: readonly { readonly ready: pulumi.Input<pulumi.Resource>[] }[];
}

/**
 * Multi-node serving, as Arena's `serve distributed`: a LeaderWorkerSet whose groups of `nodes` pods
 * run one model across more GPUs than a node has (vLLM tensor x pipeline parallelism, or your own
 * commands), and a Service in front of the leaders. Needs the LeaderWorkerSet controller (v0.10 CRD).
 */
export class DistributedServing extends pulumi.ComponentResource {
    /** In-cluster URL of the leaders. */
    public readonly url: pulumi.Output<string>;
    /** OpenAI base URL (engine `vllm`), else undefined. */
    public readonly openAiBaseUrl: pulumi.Output<string | undefined>;
    /** URL from outside the cluster (with `exposure`), else undefined. */
    public readonly externalUrl: pulumi.Output<string | undefined>;
    public readonly resources: ChildrenByRole<DistributedRoles>;

    constructor(name: string, args: DistributedServingArgs, opts: DistributedServingOptions = {}) {
        const resolved = resolveDistributedArgs(name, args);
        const { platform, waitFor, ...componentOpts } = opts;
        super("llm-serving:serving:DistributedServing", name, {}, componentOpts);
        for (const warning of distributedWarnings(resolved)) pulumi.log.warn(warning, this);
        this.resources = registerKubeObjects<DistributedRoles>(this, name, renderDistributed(resolved), {
            dependsOn: [...(platform?.ready ?? []), ...(waitFor ?? []).flatMap((w) => w.ready)],
        });
        const urls = distributedUrls(resolved);
        this.url = pulumi.output(urls.url);
        this.openAiBaseUrl = pulumi.output(urls.openAiBaseUrl);
        this.externalUrl = pulumi.output(urls.externalUrl);
        this.registerOutputs({ url: this.url, openAiBaseUrl: this.openAiBaseUrl, externalUrl: this.externalUrl });
    }
}
