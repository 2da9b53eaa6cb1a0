/**
 * Helm values for the KServe charts. Keys are those of the v0.20 charts (`charts/_common/
 * common-sections.yaml` and `kserve-resources-specific.yaml`, which generate `kserve-resources`
 * and `kserve-runtime-configs` values; `configmap-patch.yaml` maps them into `inferenceservice-config`).
 */
import { mirrorImage, throughMirror } from "../../core/mirror";
import { images } from "../../core/versions";
import type { KServeStackResolved } from "./validate";

/** Upstream images of the `kserve-resources` chart (repository only; the chart sets the tag). */
const KSERVE_IMAGES = {
    controller: "kserve/kserve-controller",
    agent: "kserve/agent",
    router: "kserve/router",
    storageInitializer: "kserve/storage-initializer",
    localModelController: "kserve/kserve-localmodel-controller",
    localModelAgent: "kserve/kserve-localmodelnode-agent",
    artExplainer: "kserve/art-explainer",
} as const;

/** `kserve.servingruntime.<key>.image` of `kserve-runtime-configs` (v0.17+ layout). */
const RUNTIME_IMAGES: Record<string, string> = {
    tensorflow: "tensorflow/serving",
    mlserver: "docker.io/seldonio/mlserver",
    sklearnserver: "kserve/sklearnserver",
    xgbserver: "kserve/xgbserver",
    huggingfaceserver: "kserve/huggingfaceserver",
    tritonserver: "nvcr.io/nvidia/tritonserver",
    pmmlserver: "kserve/pmmlserver",
    predictiveserver: "kserve/predictiveserver",
    paddleserver: "kserve/paddleserver",
    lgbserver: "kserve/lgbserver",
    torchserve: "pytorch/torchserve-kfs",
};

function mirror(r: KServeStackResolved, image: string): string | undefined {
    const registry = r.args.registries.images;
    return registry === undefined ? undefined : mirrorImage(image, registry);
}

/** Drops unset keys and empty sections, so the values show only what differs from the chart's. */
function onlyDefined(obj: Record<string, unknown>): Record<string, unknown> {
    const isEmptySection = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && !isEmptySection(v)));
}

const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? "1" : "0");
const word = (b: boolean | undefined) => (b === undefined ? undefined : b ? "true" : "false");

/** S3 keys as the storage initializer reads them: `0`/`1` for HTTPS and TLS checks, `true`/`false` otherwise. */
function s3Values(r: KServeStackResolved): Record<string, unknown> | undefined {
    const s3 = r.args.s3;
    if (s3 === undefined) return undefined;
    return onlyDefined({
        endpoint: s3.endpoint,
        region: s3.region,
        useHttps: bit(s3.useHttps),
        verifySSL: bit(s3.verifySsl),
        useVirtualBucket: word(s3.useVirtualBucket),
        useAnonymousCredential: word(s3.useAnonymousCredential),
        accessKeyIdName: s3.accessKeyIdName,
        secretAccessKeyName: s3.secretAccessKeyName,
    });
}

/** Values of `kserve-resources`: the controller and the `inferenceservice-config` keys users change most. */
export function kserveResourcesValues(r: KServeStackResolved): Record<string, unknown> {
    const a = r.args;
    const gateway = onlyDefined({
        domain: a.ingress.domain,
        urlScheme: a.ingress.urlScheme,
        domainTemplate: a.ingress.domainTemplate,
        disableIngressCreation: r.ingressClassName === undefined,
        ...(r.ingressClassName !== undefined ? { ingressGateway: { className: r.ingressClassName } } : {}),
    });
    const storage = onlyDefined({
        image: mirror(r, KSERVE_IMAGES.storageInitializer),
        resources: a.storageInitializer.resources,
        s3: s3Values(r),
    });
    const localmodel = onlyDefined({
        enabled: a.localModelCache,
        defaultJobImage: mirror(r, KSERVE_IMAGES.storageInitializer),
        ...(mirror(r, KSERVE_IMAGES.localModelController) !== undefined
            ? {
                  controller: { image: mirror(r, KSERVE_IMAGES.localModelController) },
                  agent: { image: mirror(r, KSERVE_IMAGES.localModelAgent) },
              }
            : {}),
    });
    return {
        kserve: onlyDefined({
            controller: onlyDefined({
                deploymentMode: a.deploymentMode,
                gateway,
                image: mirror(r, KSERVE_IMAGES.controller),
                rbacProxyImage: mirror(r, images.kserveRbacProxy),
            }),
            storage,
            localmodel,
            agent: imageOnly(mirror(r, KSERVE_IMAGES.agent)),
            router: imageOnly(mirror(r, KSERVE_IMAGES.router)),
            ...(mirror(r, KSERVE_IMAGES.artExplainer) !== undefined ? { servingruntime: { art: { image: mirror(r, KSERVE_IMAGES.artExplainer) } } } : {}),
        }),
    };
}

function imageOnly(image: string | undefined): { image: string } | undefined {
    return image === undefined ? undefined : { image };
}

/**
 * `kserve-vllmserver`'s image: the pinned vLLM release (`images.vllmOpenAi`), not the chart's
 * floating `vllm/vllm-openai:latest`. `VllmInferenceService` sets its own image on the predictor;
 * this pins what other InferenceServices on the runtime run.
 */
function vllmRuntimeImage(r: KServeStackResolved): { image: string; tag: string } {
    const at = images.vllmOpenAi.lastIndexOf(":");
    const repository = images.vllmOpenAi.slice(0, at);
    return { image: throughMirror(repository, r.args.registries.images), tag: images.vllmOpenAi.slice(at + 1) };
}

/** Values of `kserve-runtime-configs`: the ClusterServingRuntimes (off by default in that chart). */
export function runtimeConfigsValues(r: KServeStackResolved): Record<string, unknown> {
    const runtimes: Record<string, unknown> = { enabled: true };
    if (r.args.registries.images !== undefined) {
        for (const [key, image] of Object.entries(RUNTIME_IMAGES)) runtimes[key] = { image: mirror(r, image) };
    }
    runtimes.vllmserver = vllmRuntimeImage(r);
    return { kserve: { servingruntime: runtimes } };
}

/** Values of `kserve-localmodel-resources` (controller and node agent images). */
export function localModelValues(r: KServeStackResolved): Record<string, unknown> {
    const controller = mirror(r, KSERVE_IMAGES.localModelController);
    if (controller === undefined) return {};
    return {
        kserve: {
            localmodel: { controller: { image: controller } },
            localmodelnode: { controller: { image: mirror(r, KSERVE_IMAGES.localModelAgent) } },
        },
    };
}
