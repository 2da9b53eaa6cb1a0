import * as pulumi from "@pulumi/pulumi";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { DjlServingServiceArgs } from "./args";
import { djlUrls, djlWarnings, renderDjl, type DjlRoles } from "./render";
import { warnRenamedSettings } from "../common/renamed-settings";
import { resolveDjlArgs } from "./validate";

/** Resource options of {@link DjlServingService}, plus the platform it waits for. */
export interface DjlServingServiceOptions extends pulumi.ComponentResourceOptions {
    /** A platform whose readiness this service waits for (e.g. the monitoring or KEDA install). */
    readonly platform?: PlatformReadiness;
}

/**
 * DJLServing (the LMI container) as a Deployment + Service: `serving.properties` (and an optional
 * `model.py` handler) generated from typed arguments and mounted from a ConfigMap as the model
 * directory; GPUs = tensor-parallel degree. All validation runs before anything is registered.
 */
export class DjlServingService extends pulumi.ComponentResource {
    /** In-cluster base URL. */
    public readonly url: pulumi.Output<string>;
    /** Inference endpoint: `POST <url>/predictions/<model name>`. */
    public readonly predictUrl: pulumi.Output<string>;
    /** URL from outside the cluster (with `exposure`), else undefined. */
    public readonly externalUrl: pulumi.Output<string | undefined>;
    /** The registered Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<DjlRoles>;

    constructor(name: string, args: DjlServingServiceArgs, opts: DjlServingServiceOptions = {}) {
        const resolved = resolveDjlArgs(name, args);
        const { platform, ...componentOpts } = opts;
        super("llm-serving:serving:DjlServingService", name, {}, componentOpts);
        warnRenamedSettings(djlWarnings(resolved), this);
        this.resources = registerKubeObjects<DjlRoles>(this, name, renderDjl(resolved), { dependsOn: platform?.ready });
        const urls = djlUrls(resolved);
        this.url = pulumi.output(urls.url);
        this.predictUrl = pulumi.output(urls.predictUrl);
        this.externalUrl = pulumi.output(urls.externalUrl);
        this.registerOutputs({ url: this.url, predictUrl: this.predictUrl, externalUrl: this.externalUrl });
    }
}
