import * as pulumi from "@pulumi/pulumi";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { OpenLlmServiceArgs } from "./args";
import { openLlmUrls, openLlmWarning, renderOpenLlm, type OpenLlmRoles } from "./render";
import { resolveOpenLlmArgs } from "./validate";

/** Resource options of {@link OpenLlmService}, plus the platform it waits for. */
export interface OpenLlmServiceOptions extends pulumi.ComponentResourceOptions {
    /** A platform whose readiness this service waits for. */
    readonly platform?: PlatformReadiness;
}

/**
 * `openllm serve <model>` (BentoML's OpenLLM: an OpenAI-compatible API on port 3000) as a
 * Deployment + Service. OpenLLM is minimally maintained upstream; a warning says so at preview,
 * and VllmInferenceService is the suggested replacement.
 */
export class OpenLlmService extends pulumi.ComponentResource {
    /** In-cluster URL of the service. */
    public readonly url: pulumi.Output<string>;
    /** OpenAI base URL (`<url>/v1`). */
    public readonly openAiBaseUrl: pulumi.Output<string>;
    /** URL from outside the cluster (with `exposure`), else undefined. */
    public readonly externalUrl: pulumi.Output<string | undefined>;
    /** The registered Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<OpenLlmRoles>;

    constructor(name: string, args: OpenLlmServiceArgs, opts: OpenLlmServiceOptions = {}) {
        const resolved = resolveOpenLlmArgs(name, args);
        const { platform, ...componentOpts } = opts;
        super("llm-serving:serving:OpenLlmService", name, {}, componentOpts);
        pulumi.log.warn(openLlmWarning(resolved), this);
        this.resources = registerKubeObjects<OpenLlmRoles>(this, name, renderOpenLlm(resolved), { dependsOn: platform?.ready });
        const urls = openLlmUrls(resolved);
        this.url = pulumi.output(urls.url);
        this.openAiBaseUrl = pulumi.output(urls.openAiBaseUrl);
        this.externalUrl = pulumi.output(urls.externalUrl);
        this.registerOutputs({ url: this.url, openAiBaseUrl: this.openAiBaseUrl, externalUrl: this.externalUrl });
    }
}
