import * as pulumi from "@pulumi/pulumi";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import { KubeRayOperator } from "../../platform/kuberay/component";
import type { RayLLMAppArgs } from "./args";
import { rayLlmUrls, rayServiceReplaceOptions, renderRayLlm, type RayLlmRoles } from "./render";
import { resolveRayLlmArgs } from "./validate";
import { warnRenamedSettings } from "../common/renamed-settings";

/** Resource options of {@link RayLLMApp}, plus the platform it waits for. */
export interface RayLLMAppOptions extends pulumi.ComponentResourceOptions {
    /** A platform whose readiness the RayService waits for (e.g. a shared `KubeRayOperator`). */
    readonly platform?: PlatformReadiness;
}

/**
 * LLMs on Ray Serve (`ray.serve.llm:build_openai_app`) as a KubeRay RayService on GPU worker
 * groups, with the KubeRay operator installed unless `operator.install` is false.
 * All validation runs before anything is registered.
 */
export class RayLLMApp extends pulumi.ComponentResource {
    /** OpenAI base URL of Ray Serve (`<name>-serve-svc`, port 8000). */
    public readonly openAiBaseUrl: pulumi.Output<string>;
    /** Ray dashboard (`<name>-head-svc`, port 8265). */
    public readonly dashboardUrl: pulumi.Output<string>;
    /** Model ids clients send as `model`. */
    public readonly modelIds: pulumi.Output<string[]>;
    /** The operator this component installed, if it did. */
    public readonly operator?: KubeRayOperator;
    /** The registered Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<RayLlmRoles>;

    constructor(name: string, args: RayLLMAppArgs, opts: RayLLMAppOptions = {}) {
        const { platform, ...componentOpts } = opts;
        const resolved = resolveRayLlmArgs(name, args, { imageRegistry: platform?.imageRegistry });
        super("llm-serving:serving:RayLLMApp", name, {}, componentOpts);
        warnRenamedSettings(resolved.warnings, this);

        const { install, ...operatorArgs } = resolved.args.operator;
        if (install) this.operator = new KubeRayOperator(`${name}-kuberay`, operatorArgs, { parent: this });
        const timeout = `${resolved.args.readyTimeoutMinutes}m`;
        this.resources = registerKubeObjects<RayLlmRoles>(this, name, renderRayLlm(resolved), {
            dependsOn: [...(this.operator?.ready ?? []), ...(platform?.ready ?? [])],
            perRole: { rayservice: { customTimeouts: { create: timeout, update: timeout }, ...rayServiceReplaceOptions(resolved) } },
        });
        const urls = rayLlmUrls(resolved);
        this.openAiBaseUrl = pulumi.output(urls.openAiBaseUrl);
        this.dashboardUrl = pulumi.output(urls.dashboardUrl);
        this.modelIds = pulumi.output([...resolved.modelIds]);
        this.registerOutputs({ openAiBaseUrl: this.openAiBaseUrl, dashboardUrl: this.dashboardUrl, modelIds: this.modelIds });
    }
}
