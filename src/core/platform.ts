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
     * The registry mirror the platform pulls its images from (`KServeStack`'s `registries.images`).
     * A component that runs a pinned image in place of the platform's runtime image (a KServe
     * predictor of `VllmInferenceService`) pulls it through the same mirror.
     * @default undefined: the images' own registries
     */
    readonly imageRegistry?: string;
}
