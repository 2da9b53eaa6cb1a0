import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { parse as parseYaml } from "yaml";
import { failArgs } from "./validation";
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
export interface RenderedRelease<Role extends string = string> {
    readonly role: Role;
    readonly release: HelmReleaseSpec;
    /** Roles (releases or objects of the same component) that must exist first. */
    readonly dependsOn?: readonly string[];
}

/** A local chart directory as a chart-source override: an absolute or `./` path, or a `file://` URL. */
const LOCAL_CHART_SOURCE = /^(\/|\.{1,2}\/|file:\/\/)/;

export function isLocalChartSource(source: string): boolean {
    return LOCAL_CHART_SOURCE.test(source);
}

/**
 * Where Helm gets a pinned chart: an OCI reference (`oci://host/path/chart`), an HTTP repository
 * plus chart name, or a chart unpacked on disk. `override` replaces the repository: a mirror
 * holding the same charts, or a local directory with one unpacked chart per folder named after
 * the chart (`<dir>/cert-manager/Chart.yaml`, as `helm pull --untar` leaves it), for air-gapped
 * clusters. Helm reads a local chart as it is; {@link localChartProblems} checks its version.
 */
export function chartSource(pinned: PinnedChart, override?: string): { chart: string; version: string; repositoryOpts?: { repo: string } } {
    if (override !== undefined && isLocalChartSource(override)) {
        const dir = nodePath.resolve(override.replace(/^file:\/\//, ""));
        return { chart: nodePath.join(dir, pinned.chart), version: pinned.version };
    }
    const repo = (override ?? pinned.repo).replace(/\/+$/, "");
    if (repo.startsWith("oci://")) return { chart: `${repo}/${pinned.chart}`, version: pinned.version };
    return { chart: pinned.chart, version: pinned.version, repositoryOpts: { repo } };
}

const withoutV = (version: string) => version.replace(/^v/, "");

/**
 * Problems with the releases' local charts (those {@link chartSource} placed in a directory): the
 * folder or its `Chart.yaml` is missing, or it holds another version than the pinned one.
 * Helm would install whatever the folder holds, so the library refuses a mismatch first.
 */
export function localChartProblems(releases: readonly HelmReleaseSpec[]): string[] {
    const problems: string[] = [];
    for (const release of releases) {
        if (!nodePath.isAbsolute(release.chart)) continue;
        const chartFile = nodePath.join(release.chart, "Chart.yaml");
        if (!fs.existsSync(chartFile)) {
            problems.push(
                `${chartFile} does not exist: the directory must hold each chart unpacked in a folder named after it (helm pull <chart> --version ${release.version} --untar)`,
            );
            continue;
        }
        const found = String((parseYaml(fs.readFileSync(chartFile, "utf8")) as { version?: unknown } | null)?.version ?? "");
        if (withoutV(found) !== withoutV(release.version)) {
            problems.push(`${chartFile} is version '${found}', but this library pins ${nodePath.basename(release.chart)} ${release.version}`);
        }
    }
    return problems;
}

/** Refuses (InputPropertiesError on `registries.charts`) releases whose local chart is missing or another version. */
export function checkLocalCharts(component: string, releases: readonly HelmReleaseSpec[]): void {
    const problems = localChartProblems(releases);
    if (problems.length > 0)
        failArgs(
            component,
            problems.map((reason) => ({ propertyPath: "registries.charts", reason })),
        );
}

/** The release as `k8s.helm.v3.Release` arguments. */
export function releaseArgs(spec: HelmReleaseSpec): k8s.helm.v3.ReleaseArgs {
    return {
        name: spec.name,
        chart: spec.chart,
        // Helm ignores the version of a chart read from disk; localChartProblems checked it.
        ...(nodePath.isAbsolute(spec.chart) ? {} : { version: spec.version }),
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
