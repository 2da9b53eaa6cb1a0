import * as pulumi from "@pulumi/pulumi";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { VllmInferenceServiceArgs } from "./args";
import { renderVllm, vllmUrls, type VllmRoles } from "./render";
import { resolveVllmArgs, vllmWarnings } from "./validate";

/** Resource options of {@link VllmInferenceService}, plus the platform it waits for. */
export interface VllmInferenceServiceOptions extends pulumi.ComponentResourceOptions {
    /** A platform (e.g. `KServeStack`) whose readiness this service waits for. */
    readonly platform?: PlatformReadiness;
}

/**
 * vLLM with its OpenAI-compatible API, as a KServe InferenceService or a plain Deployment.
 * All validation runs before anything is registered.
 */
export class VllmInferenceService extends pulumi.ComponentResource {
    /** In-cluster URL of the service. */
    public readonly url: pulumi.Output<string>;
    /** OpenAI base URL: `/openai/v1` behind KServe's Hugging Face server, `/v1` on vLLM. */
    public readonly openAiBaseUrl: pulumi.Output<string>;
    /** Name clients send as `model`. */
    public readonly servedModelName: pulumi.Output<string>;
    /** URL from outside the cluster (with `exposure`), else undefined. */
    public readonly externalUrl: pulumi.Output<string | undefined>;
    /** The registered Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<VllmRoles>;

    constructor(name: string, args: VllmInferenceServiceArgs, opts: VllmInferenceServiceOptions = {}) {
        const { platform, ...componentOpts } = opts;
        const resolved = resolveVllmArgs(name, args, { imageRegistry: platform?.imageRegistry });
        super("llm-serving:serving:VllmInferenceService", name, {}, componentOpts);
        for (const warning of vllmWarnings(resolved)) pulumi.log.warn(warning, this);
        this.resources = registerKubeObjects<VllmRoles>(this, name, renderVllm(resolved), {
            dependsOn: platform?.ready,
        });
        const urls = vllmUrls(resolved);
        this.url = pulumi.output(urls.url);
        this.openAiBaseUrl = pulumi.output(urls.openAiBaseUrl);
        this.servedModelName = pulumi.output(resolved.servedModelName);
        this.externalUrl = pulumi.output(urls.externalUrl);
        this.registerOutputs({
            url: this.url,
            openAiBaseUrl: this.openAiBaseUrl,
            servedModelName: this.servedModelName,
            externalUrl: this.externalUrl,
        });
    }
}
