/**
 * Every pinned image, chart and version the library uses, in one place.
 *
 * Nothing here floats: a new upstream release never changes what `pulumi preview` shows
 * until this file is changed (and that change is reviewed like any other).
 * Each entry says where the value was checked.
 */

/** Container images, as `repository:tag`. Override per component with its `image` argument. */
export const images = {
    /** vLLM OpenAI-compatible server (plain Deployment mode). */
    vllmOpenAi: "vllm/vllm-openai:v0.28.0",
    /** KServe Hugging Face server with the vLLM backend, GPU build (KServe v0.20.0). */
    kserveHuggingFaceServerGpu: "kserve/huggingfaceserver:v0.20.0-gpu",
} as const;

/** Helm charts: repository (HTTP repo URL or OCI prefix), chart name and version. */
export interface PinnedChart {
    readonly repo: string;
    readonly chart: string;
    readonly version: string;
}

export const charts: Record<string, PinnedChart> = {};

/** Versions of the platforms the library targets. */
export const platformVersions = {
    /** KServe release whose CRDs, runtimes and charts we render for. */
    kserve: "v0.20.0",
    /** Kubernetes minor version whose OpenAPI schema objects are validated against. */
    kubernetesSchema: "1.34.3",
} as const;
