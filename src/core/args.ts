/**
 * Argument shapes several components share (Helm-installing platforms, ...), declared once so
 * each has one name and one set of hover docs.
 */

/**
 * Mirrors for restricted networks (e.g. ACK in mainland China), used by the components that
 * install Helm charts (`KServeStackArgs.registries`, `KubeRayOperatorArgs.registries`).
 */
export interface RegistryMirrorsArgs {
    /**
     * Repository replacing every chart's (`oci://...` or `https://...`), or a local directory of
     * unpacked charts (`/srv/charts`, `./charts`, `file:///srv/charts`) holding `<dir>/<chart>/Chart.yaml`
     * at the pinned versions (checked before anything is registered).
     * @default none: the upstream chart repositories
     */
    readonly charts?: string;
    /**
     * Registry replacing every image's registry, keeping repository paths
     * (`quay.io/jetstack/x` -> `<images>/jetstack/x`, `quay.io/kuberay/operator` -> `<images>/kuberay/operator`).
     * @default none: the upstream registries
     */
    readonly images?: string;
}
