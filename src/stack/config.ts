/**
 * The root project's stack configuration (`llm-platform:*`, documented in Pulumi.yaml), checked
 * with the components' own argument schemas: a value that is a component's arguments is validated
 * by that component's schema, so a bad value fails before anything is registered and the error
 * names the config key (`llm-platform:models[1].gpus.count`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { gpuClusterSchema } from "../cloud/gpu-cluster/args";
import { configSecret, loadConfig } from "../config";
import { gpuScheduling } from "../core/gpu";
import { dns1123Label } from "../core/schemas";
import { exactlyOneOf } from "../core/validation";
import { kserveStackSchema } from "../platform/kserve/args";
import { kubeRayOperatorSchema } from "../platform/kuberay/args";
import { djlArgsSchema } from "../serving/djl/args";
import { openLlmArgsSchema } from "../serving/openllm/args";
import { rayLlmAppSchema } from "../serving/ray/args";
import { tritonArgsSchema } from "../serving/triton/args";
import { vllmArgsSchema } from "../serving/vllm/args";
import { modelBucketVolumeSchema } from "../storage/model-bucket-volume/args";

/** `shape` without `keys`: the fields the program supplies itself (namespace, GPU pool, volume). */
function omit<S extends object, K extends keyof S>(shape: S, ...keys: K[]): Omit<S, K> {
    const out = { ...shape } as Record<PropertyKey, unknown>;
    for (const key of keys) delete out[key];
    return out as Omit<S, K>;
}

/**
 * A component's arguments: checked with the component's own schema (every problem at its path
 * inside the key), and kept as written. The component applies its defaults itself, and some checks
 * tell a value given from a default (OSS settings on cloud aws, exposure on KServe, ...).
 */
function asWritten<S extends z.ZodType>(schema: S): z.ZodType<z.input<S>, z.input<S>> {
    return z.unknown().superRefine((value, ctx) => {
        const result = schema.safeParse(value);
        if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
    }) as unknown as z.ZodType<z.input<S>, z.input<S>>;
}

/**
 * A model source in config: `path` inside the platform's model bucket (the program mounts the
 * volume), or one of the component's other sources (`huggingFaceId`, `storageUri`, `uri`).
 */
function configSource<S extends z.core.$ZodLooseShape & { volume: unknown; path: unknown }>(componentSource: { shape: S }) {
    const shape = {
        path: z.string().min(1, "must not be empty").optional(),
        ...omit(componentSource.shape, "volume", "path"),
    };
    return exactlyOneOf(shape, Object.keys(shape) as (keyof typeof shape & string)[]);
}

/** What every model entry has besides its component's arguments. */
const entry = <S extends string>(server: S) => ({
    /** The component's name: its child resources are named after it, so never rename a running model. */
    name: dns1123Label(),
    /** The serving component: vllm, ray, djl, triton or openllm. */
    server: z.literal(server),
    /** The GPU pool it runs on. @default the first pool */
    pool: dns1123Label().optional(),
});

/**
 * Per-server model entries: the component's arguments but namespace and gpuPool (ray: operator and
 * the worker groups' gpuPool), with sources as in {@link configSource}.
 */
function modelSchema() {
    const vllm = vllmArgsSchema().shape;
    const djl = djlArgsSchema().shape;
    const triton = tritonArgsSchema().shape;
    const tritonModel = triton.model.unwrap().shape;
    const ray = rayLlmAppSchema().shape;
    const rayModel = ray.models.unwrap().element.shape;
    const rayGroup = ray.workerGroups.element.shape;
    return z.discriminatedUnion("server", [
        z.strictObject({
            ...entry("vllm"),
            ...omit(vllm, "namespace", "gpuPool", "model"),
            model: z.strictObject({ ...omit(vllm.model.shape, "source"), source: configSource(vllm.model.shape.source) }),
        }),
        z.strictObject({
            ...entry("ray"),
            ...omit(ray, "namespace", "operator", "models", "workerGroups"),
            workerGroups: z.array(z.strictObject(omit(rayGroup, "gpuPool"))).min(1, "give at least one GPU worker group"),
            models: z.array(z.strictObject({ ...omit(rayModel, "source"), source: configSource(rayModel.source) })).default([]),
        }),
        z.strictObject({
            ...entry("djl"),
            ...omit(djl, "namespace", "gpuPool", "model"),
            model: z.strictObject({ ...omit(djl.model.shape, "source"), source: configSource(djl.model.shape.source) }),
        }),
        z.strictObject({
            ...entry("triton"),
            ...omit(triton, "namespace", "gpuPool", "model", "repository"),
            model: z.strictObject({ ...omit(tritonModel, "source"), source: configSource(tritonModel.source) }),
        }),
        z.strictObject({ ...entry("openllm"), ...omit(openLlmArgsSchema().shape, "namespace", "gpuPool") }),
    ]);
}

/** A platform the stack installs, unless `install: false` (an existing cluster that runs it). */
const installable = <S extends z.core.$ZodLooseShape>(shape: S) => asWritten(z.strictObject({ ...shape, install: z.boolean().optional() }));

export function stackConfigSchema() {
    const volume = modelBucketVolumeSchema().shape;
    return z
        .strictObject({
            cluster: exactlyOneOf(
                {
                    create: asWritten(gpuClusterSchema()).optional(),
                    existing: z
                        .strictObject({
                            // A GPU node group of the cluster: a name models refer to, and how pods get onto it.
                            gpuPools: z.array(z.strictObject({ name: dns1123Label(), ...gpuScheduling().shape })).min(1, "give at least one GPU pool"),
                        })
                        .optional(),
                },
                ["create", "existing"],
            ),
            kubeconfig: configSecret(z.string()).optional(),
            namespace: dns1123Label().default("llm"),
            modelVolume: asWritten(
                z.strictObject({
                    ...omit(volume, "namespace", "podIdentity", "cloud", "region"),
                    cloud: volume.cloud.optional(),
                    region: volume.region.optional(),
                }),
            ),
            kserve: installable(kserveStackSchema().shape).default({}),
            kuberay: installable(kubeRayOperatorSchema().shape).default({}),
            models: z.array(asWritten(modelSchema())).min(1, "list at least one model"),
        })
        .superRefine((c, ctx) => {
            const report = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
            const pools = (c.cluster.create?.gpuPools ?? c.cluster.existing?.gpuPools ?? []).map((p) => p.name);
            c.models.forEach((m, i) => {
                const first = c.models.findIndex((other) => other.name === m.name);
                if (first !== i) report(["models", i, "name"], `is already the name of models[${first}]`);
                if (m.pool !== undefined && !pools.includes(m.pool))
                    report(["models", i, "pool"], `is not a GPU pool of the cluster (pools: ${pools.join(", ")})`);
                if (pulumi.getStack() === "prod" && "exposure" in m && m.exposure !== undefined && !servesHttps(m.exposure))
                    report(
                        ["models", i, "exposure", "tls"],
                        "is required on the prod stack: the exposure serves TLS only (the Secret holding the certificate)",
                    );
            });
            if (c.cluster.existing !== undefined) {
                if (c.modelVolume.cloud === undefined) report(["modelVolume", "cloud"], "is required on an existing cluster (alicloud or aws)");
                if (c.modelVolume.region === undefined) report(["modelVolume", "region"], "is required on an existing cluster");
            } else {
                if (kubeconfigConfigured()) report(["kubeconfig"], "only applies to an existing cluster (cluster.existing)");
                for (const platform of ["kserve", "kuberay"] as const) {
                    if (c[platform].install === false)
                        report([platform, "install"], "a new cluster runs no platform yet: install: false only applies to cluster.existing");
                }
            }
        });
}

/** An exposure that serves HTTPS: its own TLS, or an existing gateway whose listener does. */
function servesHttps(e: { tls?: unknown; istio?: { gateway?: { scheme: string } }; gatewayApi?: { gateway?: { scheme: string } } }): boolean {
    return e.tls !== undefined || e.istio?.gateway?.scheme === "https" || e.gatewayApi?.gateway?.scheme === "https";
}

export type StackConfig = z.output<ReturnType<typeof stackConfigSchema>>;
export type ModelConfig = StackConfig["models"][number];

const kubeconfigKey = () => `${pulumi.getProject()}:kubeconfig`;

/** Reads and validates the stack's configuration; every problem names its key. */
export function readStackConfig(): StackConfig {
    return loadConfig(stackConfigSchema());
}

/**
 * Whether a kubeconfig is configured: an explicit provider then, the ambient kubeconfig (the default
 * provider) otherwise. Its value is only ever read as the secret Output `readStackConfig` returns.
 */
export function kubeconfigConfigured(): boolean {
    return (pulumi.runtime.getConfig(kubeconfigKey()) ?? "") !== "";
}
