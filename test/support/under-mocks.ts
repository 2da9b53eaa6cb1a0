/**
 * The modules the unit tests construct components from, loaded under the Pulumi mocks. A module
 * that declares resources must be loaded after `pulumi.runtime.setMocks` (Pulumi's unit-test
 * guide), which static imports, hoisted above `installMocks`, would not be: {@link loadUnderMocks}
 * installs the mocks and then requires the modules a test names, in that order.
 */
import { installMocks, type MockOptions, type MockRecorder } from "./mocks";

const modules = {
    vllm: () => require("../../src/serving/vllm") as typeof import("../../src/serving/vllm"),
    djl: () => require("../../src/serving/djl") as typeof import("../../src/serving/djl"),
    triton: () => require("../../src/serving/triton") as typeof import("../../src/serving/triton"),
    dist: () => require("../../src/serving/distributed") as typeof import("../../src/serving/distributed"),
    distRender: () => require("../../src/serving/distributed/render") as typeof import("../../src/serving/distributed/render"),
    openllm: () => require("../../src/serving/openllm") as typeof import("../../src/serving/openllm"),
    jobs: () => require("../../src/serving/jobs") as typeof import("../../src/serving/jobs"),
    ray: () => require("../../src/serving/ray") as typeof import("../../src/serving/ray"),
    traffic: () => require("../../src/serving/traffic") as typeof import("../../src/serving/traffic"),
    kserve: () => require("../../src/platform/kserve") as typeof import("../../src/platform/kserve"),
    kuberay: () => require("../../src/platform/kuberay") as typeof import("../../src/platform/kuberay"),
    schemas: () => require("../../src/core/schemas") as typeof import("../../src/core/schemas"),
    kube: () => require("../../src/core/kube") as typeof import("../../src/core/kube"),
    lib: () => require("../../src/kubernetes") as typeof import("../../src/kubernetes"),
    k8s: () => require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes"),
};
/** The names {@link loadUnderMocks} knows, each for one module. */
export type ModuleName = keyof typeof modules;
type Loaded<K extends ModuleName> = { readonly [N in K]: ReturnType<(typeof modules)[N]> };

/**
 * Installs the mocks (preview mode unless `options` says otherwise), then loads the named modules:
 * `const { mocks, vllm, k8s } = loadUnderMocks(["vllm", "k8s"]);`.
 */
export function loadUnderMocks<K extends ModuleName>(
    names: readonly K[],
    options: MockOptions = { preview: true },
): { readonly mocks: MockRecorder } & Loaded<K> {
    const mocks = installMocks(options);
    const loaded = Object.fromEntries(names.map((name) => [name, modules[name]()])) as unknown as Loaded<K>;
    return { mocks, ...loaded };
}
