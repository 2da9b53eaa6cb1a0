import * as pulumi from "@pulumi/pulumi";
import { isKnown } from "../../core/deferrable";
import type { PlatformReadiness } from "../../core/platform";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { TritonInferenceServiceArgs } from "./args";
import { renderTriton, tritonUrls, tritonWarnings, type TritonRoles } from "./render";
import { resolveTritonArgs } from "./validate";

/** Resource options of {@link TritonInferenceService}, plus what it waits for. */
export interface TritonInferenceServiceOptions extends pulumi.ComponentResourceOptions {
    /** A platform whose readiness this service waits for (e.g. the monitoring or KEDA install). */
    readonly platform?: PlatformReadiness;
    /**
     * Jobs that must complete first, e.g. the `ModelConversionJob` writing the weights: every object
     * of the service depends on their Job, and the provider's Job await returns only once the Job
     * reports `Complete` (a `Failed` Job fails the update instead).
     */
    readonly waitFor?: readonly { readonly ready: pulumi.Input<pulumi.Resource>[] }[];
}

/**
 * NVIDIA Triton Inference Server as a Deployment + Service (HTTP 8000, gRPC 8001, metrics 8002),
 * serving an existing model repository from a volume or one generated from typed arguments
 * (`config.pbtxt`, version folder, vLLM `model.json`) for the vLLM, TensorRT-LLM or (legacy)
 * FasterTransformer backend. All validation runs before anything is registered.
 */
export class TritonInferenceService extends pulumi.ComponentResource {
    /** In-cluster HTTP base URL (KServe v2 protocol). */
    public readonly url: pulumi.Output<string>;
    /** In-cluster gRPC endpoint, `host:8001`. */
    public readonly grpcEndpoint: pulumi.Output<string>;
    /** `<url>/v2/models/<model>` of the generated model (`/generate`, `/infer`), else undefined. */
    public readonly modelUrl: pulumi.Output<string | undefined>;
    /** URL from outside the cluster (with `exposure`), else undefined. */
    public readonly externalUrl: pulumi.Output<string | undefined>;
    /** The registered Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<TritonRoles>;

    constructor(name: string, args: TritonInferenceServiceArgs, opts: TritonInferenceServiceOptions = {}) {
        const resolved = resolveTritonArgs(name, args);
        const { platform, waitFor, ...componentOpts } = opts;
        super("llm-serving:serving:TritonInferenceService", name, {}, componentOpts);
        for (const message of tritonWarnings(resolved)) {
            if (isKnown(message)) pulumi.log.warn(message, this);
            else message.apply((known) => pulumi.log.warn(known, this));
        }
        this.resources = registerKubeObjects<TritonRoles>(this, name, renderTriton(resolved), {
            dependsOn: [...(platform?.ready ?? []), ...(waitFor ?? []).flatMap((w) => w.ready)],
        });
        const urls = tritonUrls(resolved);
        this.url = pulumi.output(urls.url);
        this.grpcEndpoint = pulumi.output(urls.grpcEndpoint);
        this.modelUrl = pulumi.output(urls.modelUrl);
        this.externalUrl = pulumi.output(urls.externalUrl);
        this.registerOutputs({ url: this.url, grpcEndpoint: this.grpcEndpoint, modelUrl: this.modelUrl, externalUrl: this.externalUrl });
    }
}
