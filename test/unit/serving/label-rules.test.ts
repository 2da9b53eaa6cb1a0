import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { h100Pool, rayLlmAppArgs, trafficSplitArgs } from "../../support/component-args";
import {
    ACCEPTED_ANNOTATIONS,
    ACCEPTED_LABELS,
    ANNOTATIONS_AT_LIMIT,
    BAD_ANNOTATIONS,
    BAD_KEYS,
    BAD_LABEL_ONLY_KEYS,
    BAD_LABELS,
    LIBRARY_LABELS,
    RESERVED_LABELS,
    pathOf,
    type MapCase,
} from "../../support/label-cases";

/**
 * Issue 17 §1: label keys and values, annotation keys and sizes, and node selectors, by
 * Kubernetes' own rules, in every map a component takes; refused before anything is registered,
 * each error naming `<field>.<key>`.
 */

const { mocks, vllm, djl, triton, dist, openllm, jobs, ray, traffic, kserve, schemas, distRender, kube } = loadUnderMocks([
    "vllm",
    "djl",
    "triton",
    "dist",
    "openllm",
    "jobs",
    "ray",
    "traffic",
    "kserve",
    "schemas",
    "distRender",
    "kube",
]);

const handle = (nodeSelector: Readonly<Record<string, string>>) => ({ nodeSelector, tolerations: [], gpuResourceName: "nvidia.com/gpu" });

/** Sets `value` at a dotted path (`gpuPool.nodeSelector`, `workerGroups.0.nodeSelector`) in a copy of `args`. */
function withAt(args: object, path: string, value: unknown): any {
    const [head, ...rest] = path.split(".");
    const copy: any = Array.isArray(args) ? [...args] : { ...args };
    copy[head] = rest.length === 0 ? value : withAt(copy[head] ?? {}, rest.join("."), value);
    return copy;
}
/** The argument path users see for a dotted path (`workerGroups.0.nodeSelector` -> `workerGroups[0].nodeSelector`). */
const userPath = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");

type Kind = "labels" | "annotations" | "nodeSelector";
interface Component {
    readonly name: string;
    readonly make: (name: string, args: any) => unknown;
    readonly base: object;
    /** Each map the component takes: where it is (a dotted path into the args, a value for a nested handle), and its rule. */
    readonly fields: readonly { readonly path: string; readonly kind: Kind; readonly wrap?: (map: Readonly<Record<string, string>>) => unknown }[];
}

/** The maps every workload takes at its top level. */
const POD_MAPS: Component["fields"] = [
    { path: "labels", kind: "labels" },
    { path: "annotations", kind: "annotations" },
    { path: "nodeSelector", kind: "nodeSelector" },
];
/** The same and the node selector of a GPU pool handle. */
const WORKLOAD_MAPS: Component["fields"] = [...POD_MAPS, { path: "gpuPool", kind: "nodeSelector", wrap: handle }];

const components = (): Component[] => [
    {
        name: "VllmInferenceService",
        make: (n, a) => new vllm.VllmInferenceService(n, a),
        base: { namespace: "llm", model: { source: { volume, path: "bloom-7b1" } } },
        fields: WORKLOAD_MAPS,
    },
    {
        name: "DjlServingService",
        make: (n, a) => new djl.DjlServingService(n, a),
        base: { namespace: "llm", model: { source: { volume } } },
        fields: WORKLOAD_MAPS,
    },
    {
        name: "TritonInferenceService",
        make: (n, a) => new triton.TritonInferenceService(n, a),
        base: {
            namespace: "llm",
            backend: "vllm",
            model: { name: "qwen", source: { volume, path: "Qwen2.5-7B-Instruct" } },
            exposure: { kind: "istio", host: "qwen.example.com" },
            metrics: {},
        },
        fields: [
            ...WORKLOAD_MAPS,
            { path: "metrics.labels", kind: "labels" },
            { path: "exposure.annotations", kind: "annotations" },
            { path: "exposure.istio.selector", kind: "nodeSelector" },
        ],
    },
    {
        name: "DistributedServing",
        make: (n, a) => new dist.DistributedServing(n, a),
        base: {
            namespace: "llm",
            nodes: 2,
            gpuPool: h100Pool(),
            model: { source: { volume, path: "Llama-3.1-405B-Instruct" }, servedModelName: "llama-405b" },
        },
        fields: [...POD_MAPS, { path: "gpuPool.nodeSelector", kind: "nodeSelector" }],
    },
    {
        name: "OpenLlmService",
        make: (n, a) => new openllm.OpenLlmService(n, a),
        base: { namespace: "llm", model: { tag: "llama3.2:1b" } },
        fields: POD_MAPS,
    },
    {
        name: "ModelDownloadJob",
        make: (n, a) => new jobs.ModelDownloadJob(n, a),
        base: { namespace: "llm", volume: { ...volume, readOnly: false }, huggingFaceId: "bigscience/bloom-7b1" },
        fields: WORKLOAD_MAPS,
    },
    {
        name: "RayLLMApp",
        make: (n, a) => new ray.RayLLMApp(n, a),
        base: rayLlmAppArgs(),
        fields: [
            { path: "labels", kind: "labels" },
            { path: "annotations", kind: "annotations" },
            { path: "head.nodeSelector", kind: "nodeSelector" },
            { path: "workerGroups.0.nodeSelector", kind: "nodeSelector" },
            { path: "workerGroups.0.gpuPool", kind: "nodeSelector", wrap: handle },
        ],
    },
    {
        name: "TrafficSplit",
        make: (n, a) => new traffic.TrafficSplit(n, a),
        base: trafficSplitArgs(),
        fields: [
            { path: "labels", kind: "labels" },
            { path: "route.annotations", kind: "annotations" },
            { path: "route.istio.selector", kind: "nodeSelector" },
        ],
    },
    {
        name: "KServeStack",
        make: (n, a) => new kserve.KServeStack(n, a),
        base: { deploymentMode: "Knative" },
        fields: [{ path: "istio.gatewayService.annotations", kind: "annotations" }],
    },
];

let accepted = 0;
const BAD: Record<Kind, readonly MapCase[]> = {
    labels: [...BAD_LABELS, ...RESERVED_LABELS],
    annotations: BAD_ANNOTATIONS,
    nodeSelector: BAD_LABELS,
};

describe("label, annotation and node-selector maps follow Kubernetes' rules in every component", () => {
    test("the shared tables have at least 15 bad keys and values each kind", () => {
        assert.ok(BAD_KEYS.length >= 15, `${BAD_KEYS.length} bad keys`);
        for (const [kind, cases] of Object.entries(BAD)) assert.ok(cases.length >= 15, `${kind}: ${cases.length}`);
    });

    for (const c of components()) {
        for (const field of c.fields) {
            const at = userPath(field.wrap ? `${field.path}.nodeSelector` : field.path);
            test(`${c.name}: every bad ${field.kind} map at ${at} is refused there, before anything is registered`, async () => {
                const before = mocks.registered.length;
                for (const bad of BAD[field.kind]) {
                    const args = withAt(c.base, field.path, field.wrap ? field.wrap(bad.map) : bad.map);
                    const err = expectArgError(() => c.make("labelled", args), pathOf(at, bad));
                    assert.match(err.message, new RegExp(`invalid arguments for ${c.name}`), bad.title);
                }
                await mocks.settle();
                assert.equal(mocks.registered.length, before, "nothing registered");
            });
            test(`${c.name}: ${at} accepts what Kubernetes accepts, and the map reaches the objects`, async () => {
                const map = field.kind === "annotations" ? ACCEPTED_ANNOTATIONS : ACCEPTED_LABELS;
                const name = `ok${++accepted}`;
                const before = mocks.registered.length;
                c.make(name, withAt(c.base, field.path, field.wrap ? field.wrap(map) : map));
                await mocks.settle();
                const mine = mocks.registered.slice(before);
                assert.ok(mine.length > 0, "registered");
                const text = JSON.stringify(mine.map((r) => r.inputs));
                const sample =
                    field.kind === "annotations" ? '"service.beta.kubernetes.io/aws-load-balancer-internal":"true"' : '"example.com/owner":"data-team"';
                assert.ok(text.includes(sample), `${sample} in the registered inputs`);
            });
        }
    }
});

describe("the messages", () => {
    test("a bad label key names the field and key, and the rule", () => {
        const err = expectArgError(
            () => new vllm.VllmInferenceService("bloom", { namespace: "llm", model: { source: { volume, path: "bloom-7b1" } }, labels: { "Bad Key": "x" } }),
            "labels.Bad Key",
        );
        const reason = err.errors.find((e) => e.propertyPath === "labels.Bad Key")!.reason;
        assert.match(reason, /^must be a qualified name \('\[prefix\/\]name'/);
        assert.match(reason, /the name 'Bad Key' has a character/);
    });
    test("every problem in a map is reported at once", () => {
        const err = expectArgError(
            () =>
                new vllm.VllmInferenceService("bloom", {
                    namespace: "llm",
                    model: { source: { volume, path: "bloom-7b1" } },
                    labels: { "a b": "x", ok: "c d" },
                    nodeSelector: { "x/y/z": "1" },
                }),
            "labels.a b",
        );
        assert.deepEqual(err.errors.map((e) => e.propertyPath).sort(), ["labels.a b", "labels.ok", "nodeSelector.x/y/z"]);
    });
    test("a reserved label says why", () => {
        const err = expectArgError(
            () => new djl.DjlServingService("djl", { namespace: "llm", model: { source: { volume } }, labels: { "app.kubernetes.io/name": "mine" } }),
            "labels.app.kubernetes.io/name",
        );
        assert.match(err.errors[0].reason, /is a label the library sets itself and selects pods by/);
    });
    test("annotations over 256 KiB are refused at the map, with the size", () => {
        const err = expectArgError(
            () => new djl.DjlServingService("djl", { namespace: "llm", model: { source: { volume } }, annotations: { big: "x".repeat(262142) } }),
            "annotations",
        );
        assert.match(err.errors[0].reason, /262145 bytes; the API server allows at most 262144 \(256 KiB\)/);
    });
});

describe("the schemas", () => {
    test("annotations of exactly 256 KiB are accepted; upper-case annotation prefixes too, unlike label ones", () => {
        assert.equal(schemas.annotationsSchema().safeParse(ANNOTATIONS_AT_LIMIT).success, true);
        for (const c of BAD_LABEL_ONLY_KEYS) {
            assert.equal(schemas.annotationsSchema().safeParse(c.map).success, true, c.title);
            assert.equal(schemas.nodeSelectorSchema().safeParse(c.map).success, false, c.title);
        }
    });
    test("the library's own label keys are the ones its renders set and select by", () => {
        assert.deepEqual([...schemas.LIBRARY_LABEL_KEYS], LIBRARY_LABELS);
        const { standardLabels, selectorLabels } = kube;
        for (const key of [...Object.keys(standardLabels("x", "y")), ...Object.keys(selectorLabels("x", "y")), distRender.ROLE_LABEL]) {
            assert.ok(schemas.LIBRARY_LABEL_KEYS.includes(key), key);
        }
    });
    test("node selectors and accepted labels keep their values", () => {
        assert.deepEqual(schemas.nodeSelectorSchema().parse(ACCEPTED_LABELS), ACCEPTED_LABELS);
        assert.deepEqual(schemas.labelsSchema().parse(ACCEPTED_LABELS), ACCEPTED_LABELS);
        assert.deepEqual(schemas.annotationsSchema().parse(ACCEPTED_ANNOTATIONS), ACCEPTED_ANNOTATIONS);
    });
});
