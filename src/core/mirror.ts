/**
 * An image as pulled from a mirror registry that keeps upstream repository paths:
 * `quay.io/jetstack/cert-manager-controller` -> `<mirror>/jetstack/cert-manager-controller`,
 * `kserve/agent` (Docker Hub) -> `<mirror>/kserve/agent`. Tags and digests are kept.
 */
export function mirrorImage(image: string, mirror: string): string {
    const parts = image.split("/");
    const first = parts[0] ?? "";
    const hasRegistryHost = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
    const path = hasRegistryHost ? parts.slice(1).join("/") : image;
    return `${mirror.replace(/\/+$/, "")}/${path}`;
}

/** `image` through `registry` ({@link mirrorImage}), or `image` itself when there is no mirror. */
export function throughMirror(image: string, registry: string | undefined): string {
    return registry === undefined ? image : mirrorImage(image, registry);
}

/**
 * Whether `image` is `pinned` itself or `pinned` pulled through a mirror that keeps upstream
 * repository paths ({@link mirrorImage}): `<mirror>/rayproject/ray-llm:2.58.0-py312-cu130`.
 */
export function isPinnedOrMirrored(image: string, pinned: string): boolean {
    return image === pinned || image.endsWith(mirrorImage(pinned, ""));
}
