import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { PinnedChart } from "./versions";

/**
 * Plain `helm.v3.Release` arguments, as platform renders return them, so tests can assert the
 * chart, version, values and namespace without a cluster. `name` is the Helm release name: it is
 * fixed (no Pulumi autonaming suffix) because charts derive object names and labels from it.
 */
export interface HelmReleaseSpec {
    readonly name: string;
    readonly chart: string;
    readonly version: string;
    readonly repositoryOpts?: { readonly repo: string };
    readonly namespace: string;
    readonly createNamespace: boolean;
    readonly values: Record<string, unknown>;
    /** Seconds Helm waits for the release's resources to be ready. */
    readonly timeout: number;
}

/** One release a component installs; the Pulumi resource is named `${componentName}-${role}`. */
export interface RenderedRelease {
    readonly role: string;
    readonly release: HelmReleaseSpec;
    /** Roles (releases or objects of the same component) that must exist first. */
    readonly dependsOn?: readonly string[];
}

/**
 * Where Helm gets a pinned chart: an OCI reference (`oci://host/path/chart`) or an HTTP repository
 * plus chart name. `repositoryOverride` replaces the repository (a mirror holding the same charts).
 */
export function chartSource(
    pinned: PinnedChart,
    repositoryOverride?: string,
): { chart: string; version: string; repositoryOpts?: { repo: string } } {
    const repo = (repositoryOverride ?? pinned.repo).replace(/\/+$/, "");
    if (repo.startsWith("oci://")) return { chart: `${repo}/${pinned.chart}`, version: pinned.version };
    return { chart: pinned.chart, version: pinned.version, repositoryOpts: { repo } };
}

/** The release as `k8s.helm.v3.Release` arguments. */
export function releaseArgs(spec: HelmReleaseSpec): k8s.helm.v3.ReleaseArgs {
    return {
        name: spec.name,
        chart: spec.chart,
        version: spec.version,
        ...(spec.repositoryOpts ? { repositoryOpts: { repo: spec.repositoryOpts.repo } } : {}),
        namespace: spec.namespace,
        createNamespace: spec.createNamespace,
        values: spec.values,
        timeout: spec.timeout,
        // Wait for every resource of the chart: dependents (and the readiness handle) rely on it.
        skipAwait: false,
    };
}

/** Registers one release as a child of `parent`, named `${componentName}-${role}`. */
export function registerHelmRelease(
    parent: pulumi.ComponentResource,
    componentName: string,
    rendered: RenderedRelease,
    dependsOn: pulumi.Input<pulumi.Resource>[] = [],
): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(`${componentName}-${rendered.role}`, releaseArgs(rendered.release), {
        parent,
        dependsOn,
    });
}

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
