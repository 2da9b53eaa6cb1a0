import { quantity } from "../../core/schemas";
import { lazySchema, type Infer } from "../../core/zod";
import { servingCommon, type ServingCommonArgs } from "../common/args";
import { autoscalingSchema, type AutoscalingArgs } from "../common/autoscaling";
import { exposureSchema, type ExposureArgs } from "../common/exposure";
import { metricsSchema, type MetricsArgs } from "../common/metrics";

export const openLlmArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...servingCommon().shape,
        model: z.strictObject({
            tag: z
                .string()
                // A '/' is let through to the check that says what OpenLLM 0.6 calls a 0.4 model id.
                .regex(
                    /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?(:[a-z0-9][a-z0-9._-]*)?$/i,
                    "must be an OpenLLM model such as 'llama3.2:1b' (see `openllm model list`)",
                ),
        }),
        install: z.enum(["startup", "image"]).default("startup"),
        cacheSize: quantity().default("100Gi"),
        exposure: exposureSchema().optional(),
        metrics: metricsSchema().optional(),
        autoscaling: autoscalingSchema().optional(),
    }),
);

export type OpenLlmArgsParsed = Infer<typeof openLlmArgsSchema>;

/** Arguments of {@link OpenLlmService}. */
export interface OpenLlmServiceArgs extends ServingCommonArgs {
    /** The model OpenLLM serves (`openllm serve <tag>`), from the bentoml/openllm-models repository. @default none: required */
    readonly model: OpenLlmModelArgs;
    /**
     * `startup`: install the pinned `openllm` from PyPI into the Python image when the pod starts;
     * `image`: the `image` argument already has `openllm` on its PATH.
     * @default "startup"
     */
    readonly install?: "startup" | "image";
    /** Size limit of the cache volume holding OpenLLM's home (model repository, Bento environment) and the Hugging Face cache. @default "100Gi" */
    readonly cacheSize?: string;
    /** Reach the service from outside the cluster. @default not exposed */
    readonly exposure?: ExposureArgs;
    /** Scrape BentoML's `/metrics`. @default no monitor */
    readonly metrics?: MetricsArgs;
    /** KEDA autoscaling; OpenLLM exports no queue metric this library knows, so give `keda.query`. @default fixed `replicas.min` */
    readonly autoscaling?: AutoscalingArgs;
}

/** The model an {@link OpenLlmService} serves (`OpenLlmServiceArgs.model`). */
export interface OpenLlmModelArgs {
    /**
     * Model and version, e.g. `llama3.2:1b` or `qwen2.5:7b` (see `openllm model list`), as OpenLLM
     * 0.6's `openllm serve <model>` takes it. Refused, with what 0.6 calls them: OpenLLM 0.4's
     * `openllm start <model_id>` forms, a Hugging Face id (`facebook/opt-1.3b`) or a 0.4 model
     * name (`llama`, `opt`, `chatglm`...); 0.4's `--model-id` and `--backend` have no 0.6 counterpart
     * (each Bento pins its weights and runs vLLM).
     * @default none: required
     */
    readonly tag: string;
}
