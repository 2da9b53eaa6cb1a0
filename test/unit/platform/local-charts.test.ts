// The chart-source override that takes a local directory of unpacked charts (air-gapped clusters,
// and the end-to-end tests, which install ../shared/charts through the real engine).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installMocks, expectArgError, type MockRecorder } from "../../support/mocks";

const SHARED_CHARTS = path.resolve(__dirname, "..", "..", "..", "..", "shared", "charts");
/** The tests of the real charts need the sibling checkout; a clone without it skips them (docs/CONTRIBUTING.md). */
const needsSharedCharts = { skip: !fs.existsSync(SHARED_CHARTS) && `no ${SHARED_CHARTS}` };
const mocks: MockRecorder = installMocks({ preview: true });
let helm: typeof import("../../../src/core/helm");
let kserve: typeof import("../../../src/platform/kserve");
let kuberay: typeof import("../../../src/platform/kuberay");
let versions: typeof import("../../../src/core/versions");

before(async () => {
    helm = await import("../../../src/core/helm");
    kserve = await import("../../../src/platform/kserve");
    kuberay = await import("../../../src/platform/kuberay");
    versions = await import("../../../src/core/versions");
});

function chartDir(charts: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-charts-"));
    for (const [name, version] of Object.entries(charts)) {
        fs.mkdirSync(path.join(dir, name));
        fs.writeFileSync(path.join(dir, name, "Chart.yaml"), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
    }
    return dir;
}

describe("local chart directories", () => {
    test("absolute, ./ and file:// sources point at <dir>/<chart>; repositories stay repositories", () => {
        const pinned = versions.charts.kuberayOperator;
        assert.deepEqual(helm.chartSource(pinned, "/srv/charts/"), { chart: "/srv/charts/kuberay-operator", version: "1.7.0" });
        assert.deepEqual(helm.chartSource(pinned, "file:///srv/charts"), { chart: "/srv/charts/kuberay-operator", version: "1.7.0" });
        assert.equal(helm.chartSource(pinned, "./charts").chart, path.resolve("charts", "kuberay-operator"));
        assert.equal(helm.chartSource(pinned, "oci://registry.example.cn/charts").chart, "oci://registry.example.cn/charts/kuberay-operator");
        assert.equal(helm.isLocalChartSource("https://charts.example.com"), false);
    });

    test("a local chart's release carries no version (Helm reads the folder as it is)", () => {
        const args = helm.releaseArgs({
            name: "x",
            ...helm.chartSource(versions.charts.certManager, "/srv/charts"),
            namespace: "n",
            createNamespace: true,
            values: {},
            timeout: 60,
        });
        assert.equal(args.chart, "/srv/charts/cert-manager");
        assert.equal("version" in args, false);
    });

    test("../shared/charts holds the pinned versions of every chart it has (v-prefix aside)", needsSharedCharts, () => {
        const releases = ["certManager", "kserveCrd", "kserveResources", "kserveRuntimeConfigs", "kuberayOperator", "knativeOperator", "keda"].map((k) => ({
            name: k,
            ...helm.chartSource(versions.charts[k], SHARED_CHARTS),
            namespace: "n",
            createNamespace: true,
            values: {},
            timeout: 60,
        }));
        assert.deepEqual(helm.localChartProblems(releases), []);
    });

    test("a missing folder and another version are refused on registries.charts before anything is registered", () => {
        const dir = chartDir({ "kuberay-operator": "1.6.0" });
        const before = mocks.registered.length;
        const err = expectArgError(() => new kuberay.KubeRayOperator("ray", { registries: { charts: dir } }), "registries.charts");
        assert.match(err.message, /kuberay-operator\/Chart.yaml is version '1.6.0', but this library pins kuberay-operator 1.7.0/);
        const missing = expectArgError(() => new kserve.KServeStack("platform", { registries: { charts: dir } }), "registries.charts");
        assert.match(missing.message, /cert-manager\/Chart.yaml does not exist/);
        assert.match(missing.message, /kserve-crd\/Chart.yaml does not exist/);
        assert.equal(mocks.registered.length, before, "nothing registered");
    });

    test("a source that is neither a repository nor a directory is refused", () => {
        expectArgError(() => new kuberay.KubeRayOperator("ray", { registries: { charts: "charts.example.com" } }), "registries.charts");
    });

    test("KServeStack installs from ../shared/charts in Standard mode", needsSharedCharts, () => {
        const steps = kserve.renderKServeStack(kserve.resolveKServeStackArgs("platform", { registries: { charts: SHARED_CHARTS } }));
        const charts = steps.filter(kserve.isRelease).map((s) => s.release.chart);
        assert.deepEqual(
            charts,
            ["cert-manager", "kserve-crd", "kserve-resources", "kserve-runtime-configs"].map((c) => path.join(SHARED_CHARTS, c)),
        );
        new kserve.KServeStack("platform", { registries: { charts: SHARED_CHARTS } });
    });
});
