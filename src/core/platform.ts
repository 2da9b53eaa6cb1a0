import type * as pulumi from "@pulumi/pulumi";

/**
 * A serving platform that must be ready before workloads that use it (KServeStack, the KubeRay
 * operator). Serving components take it as `platform` and wait for `ready`, so one program can
 * create cluster, platform and services in one `pulumi up`.
 */
export interface PlatformReadiness {
    /** Resources that, once created, mean the platform's CRDs and controllers are in place. */
    readonly ready: pulumi.Input<pulumi.Resource>[];
    /**
     * The registry mirror the platform pulls its images from (`registries.images` of `KServeStack`
     * or `KubeRayOperator`). The serving components that run on the platform with a pinned image
     * (`VllmInferenceService` on KServe, `RayLLMApp`) pull it through the same mirror.
     * @default undefined: the images' own registries
     */
    readonly imageRegistry?: string;
}
