/**
 * The bad-input suite's registry (issue 17): one entry per component (and per mode whose fields
 * differ) the package exports, each with a minimal valid args factory, its constructor, and where
 * each class of field lives in its arguments. Every class is stated for every component: a list
 * of paths, or `null` where the class does not apply, so that leaving a class out is a decision.
 * Each class's test file (`<class>.test.ts`) runs its shared case table against every path
 * declared here; `registry.test.ts` fails when an exported component is missing from the registry.
 *
 * To add a component: add an entry. To add a field: add its path to the entry's class. To add a
 * class: add its key to {@link FieldClasses}, state it (paths or null) in every entry, and write
 * `<class>.test.ts` over a case table in `test/support/`.
 */
import * as assert from "node:assert/strict";
import { test } from "node:test";
import {
    BAD_BUCKET_PREFIXES,
    BAD_DNS1123_LABELS,
    BAD_DNS1123_SUBDOMAINS,
    BAD_EXPOSURES,
    BAD_IMAGES,
    BAD_INT32,
    BAD_MOUNT_PATHS,
    BAD_POD_IDENTITIES,
    BAD_QUANTITIES,
    BAD_REGIONS,
    BAD_SECRET_REFS,
    BAD_SERVED_MODEL_NAMES,
    BAD_TOLERATIONS,
    type ValueCase,
} from "../../support/bad-input-cases";
import { BAD_ANNOTATIONS, BAD_LABELS, RESERVED_LABELS, type MapCase } from "../../support/label-cases";
import { CORE_ENGINE_KEYS, CORE_FLAG_CASES, SECRET_ENGINE_KEYS, SECRET_FLAG_CASES } from "../../support/pass-through-cases";
import { expectRefusedBeforeRegistering, type MockRecorder } from "../../support/mocks";
import { modelVolume, oss, s3 } from "../../support/volumes";
import { conversionArgs, h100Pool, rayLlmAppArgs, trafficSplitArgs } from "../../support/component-args";
import { ackCluster, eksCluster } from "../../support/gpu-clusters";
import type { ModelVolumeRef } from "../../../src/core/model-volume";

/** Where each class of field lives in a component's arguments: dotted paths as errors name them (`workerGroups[0].nodeSelector`); `null`: the class does not apply. */
export interface FieldClasses {
    /** Kubernetes quantities (requests, limits, volume and cache sizes). */
    readonly quantities: readonly string[] | null;
    /** Fields that land in a Kubernetes int32, each with the smallest value it accepts. */
    readonly int32: Readonly<Record<string, number>> | null;
    /** Label maps on objects, where the library's own label keys are reserved too. */
    readonly labels: readonly string[] | null;
    /** Node label maps a cloud node pool is created with (Kubernetes' label rules; reserved keys are the pool's own). */
    readonly nodeLabels: readonly string[] | null;
    /** Annotation maps. */
    readonly annotations: readonly string[] | null;
    /** Node (and gateway pod) selectors. */
    readonly nodeSelectors: readonly string[] | null;
    /** Toleration lists. */
    readonly tolerations: readonly string[] | null;
    /** Namespace fields (DNS-1123 labels). */
    readonly namespaces: readonly string[] | null;
    /** DNS-1123 subdomain names: IngressClass and GatewayClass names, TLS Secret names, domains. */
    readonly subdomains: readonly string[] | null;
    /** Container image overrides (pinned, pullable references). */
    readonly images: readonly string[] | null;
    /** Secret key references (`{ name, key }`). */
    readonly secretRefs: readonly string[] | null;
    /** Lists of pass-through vLLM flags (refused when they set a generated argument or carry a secret). */
    readonly passThroughFlags: readonly string[] | null;
    /** Maps of pass-through vLLM engine arguments (refused when they set a generated key or a secret). */
    readonly engineKwargs: readonly string[] | null;
    /** Served model names (no `$`). */
    readonly servedModelNames: readonly string[] | null;
    /** Model volume mount paths. */
    readonly mountPaths: readonly string[] | null;
    /** Bucket key prefixes. */
    readonly bucketPrefixes: readonly string[] | null;
    /** Cloud region ids. */
    readonly regions: readonly string[] | null;
    /** Cluster pod identities handed to storage. */
    readonly podIdentities: readonly string[] | null;
    /** Exposures (`exposureSchema`: Ingress, VirtualService or HTTPRoute). */
    readonly exposures: readonly string[] | null;
    /**
     * Lists of user text that land in a container's command or args, where Kubernetes expands
     * `$(VAR)` and reduces `$$`: accepted, and rendered with every `$` doubled so the process gets
     * the text as written (not a refusal class: `literal-text.test.ts`).
     */
    readonly literalText: readonly string[] | null;
}
/** The classes whose cases are refusals. */
export type RefusalClass = Exclude<FieldClass, "literalText">;
export type FieldClass = keyof FieldClasses;

/** One component (or one mode of it) in the registry. */
export interface ComponentEntry {
    /** How tests name it: the class, and the mode in parentheses where one class has several entries. */
    readonly id: string;
    /** The exported class name, as `invalid arguments for <className>` names it. */
    readonly className: string;
    /** The cloud, for components whose regions and identities are per cloud. */
    readonly cloud?: "aws" | "alicloud";
    /** A minimal valid set of arguments, fresh on each call. */
    readonly args: () => Record<string, any>;
    /** Constructs the component (the modules are loaded by {@link loadComponents}). */
    readonly make: (name: string, args: unknown) => unknown;
    readonly fields: FieldClasses;
}

/** The package's public classes, loaded after the mocks are installed ({@link loadComponents}). */
let pkg: typeof import("../../../src/index");
/** Loads the package entry point; call from `before()`, after `installMocks`. */
export async function loadComponents(): Promise<typeof import("../../../src/index")> {
    pkg = await import("../../../src/index");
    return pkg;
}

const volume = (): ModelVolumeRef => ({ ...modelVolume });

/** Classes every component leaves out unless it states them. */
const NONE: FieldClasses = {
    quantities: null,
    int32: null,
    labels: null,
    nodeLabels: null,
    annotations: null,
    nodeSelectors: null,
    tolerations: null,
    namespaces: null,
    subdomains: null,
    images: null,
    secretRefs: null,
    passThroughFlags: null,
    engineKwargs: null,
    servedModelNames: null,
    mountPaths: null,
    bucketPrefixes: null,
    regions: null,
    podIdentities: null,
    exposures: null,
    literalText: null,
};

/** The fields every workload (serving component or model job) takes for its pods: maps, scheduling, namespace and image. */
const WORKLOAD: FieldClasses = {
    ...NONE,
    labels: ["labels"],
    annotations: ["annotations"],
    nodeSelectors: ["nodeSelector", "gpuPool.nodeSelector"],
    tolerations: ["tolerations", "gpuPool.tolerations"],
    namespaces: ["namespace"],
    images: ["image"],
};

/** The fields of `servingCommon` (serving/common/args), which vLLM, DJL, Triton, DistributedServing and OpenLLM share. */
const SERVING_COMMON: FieldClasses = {
    ...WORKLOAD,
    quantities: ["resources.requests.cpu", "resources.requests.memory", "resources.limits.memory", "resources.limits.nvidia.com/gpu", "shmSize"],
    int32: { "replicas.min": 0, "replicas.max": 1, startupTimeoutSeconds: 60 },
    secretRefs: ["apiKeySecret", "hfTokenSecret"],
};
/** What `exposureSchema`, `metricsSchema` and `autoscalingSchema` (serving/common) add where a component takes them. */
const EXPOSURE: Partial<FieldClasses> = {
    annotations: ["exposure.annotations"],
    nodeSelectors: ["exposure.istio.selector"],
    exposures: ["exposure"],
    subdomains: ["exposure.ingress.className", "exposure.gatewayApi.gatewayClassName", "exposure.tls.secretName"],
};
const METRICS: Partial<FieldClasses> = { labels: ["metrics.labels"] };
const KEDA_INT32 = { "autoscaling.keda.pollingIntervalSeconds": 1, "autoscaling.keda.scaleDownStabilizationSeconds": 0 };

/** `SERVING_COMMON` with exposure, metrics and (if `keda`) KEDA autoscaling, merged class by class. */
function serving(extra: Partial<FieldClasses>, opts: { keda: boolean }): FieldClasses {
    const list = (k: Exclude<FieldClass, "int32">) => {
        const all = [
            ...(SERVING_COMMON[k] ?? []),
            ...((EXPOSURE[k] as readonly string[]) ?? []),
            ...((METRICS[k] as readonly string[]) ?? []),
            ...((extra[k] as readonly string[]) ?? []),
        ];
        return all.length > 0 ? all : null;
    };
    const merged = Object.fromEntries(
        (Object.keys(NONE) as FieldClass[]).filter((k) => k !== "int32").map((k) => [k, list(k as Exclude<FieldClass, "int32">)]),
    );
    return { ...(merged as unknown as FieldClasses), int32: { ...SERVING_COMMON.int32, ...(opts.keda ? KEDA_INT32 : {}), ...(extra.int32 ?? {}) } };
}

/** The fields ModelDownloadJob and ModelConversionJob share. */
const JOB_COMMON: FieldClasses = {
    ...WORKLOAD,
    quantities: ["resources.requests.cpu", "resources.limits.memory"],
    int32: { backoffLimit: 0 },
    mountPaths: ["volume.mountPath"],
};

const gpuCluster = (cloud: "aws" | "alicloud"): ComponentEntry => ({
    id: `GpuCluster (${cloud === "aws" ? "EKS" : "ACK"})`,
    className: "GpuCluster",
    cloud,
    args: () => structuredClone(cloud === "aws" ? eksCluster : ackCluster) as Record<string, any>,
    make: (n, a) => new pkg.GpuCluster(n, a as any),
    fields: {
        ...NONE,
        // Pool sizes are cloud API integers (checked in test/unit/cloud/gpu-cluster-bad-input.test.ts), no Kubernetes int32.
        nodeLabels: ["gpuPools[0].labels"],
        regions: ["region"],
    },
});

const modelBucketVolume = (cloud: "aws" | "alicloud"): ComponentEntry => ({
    id: `ModelBucketVolume (${cloud === "aws" ? "S3" : "OSS"})`,
    className: "ModelBucketVolume",
    cloud,
    args: () => structuredClone(cloud === "aws" ? s3 : oss) as Record<string, any>,
    make: (n, a) => new pkg.ModelBucketVolume(n, a as any),
    fields: {
        ...NONE,
        quantities: ["capacity"],
        namespaces: ["namespace"],
        mountPaths: ["mountPath"],
        bucketPrefixes: ["prefix"],
        regions: ["region"],
        podIdentities: ["podIdentity"],
        // The writer's ids reach ossfs' `-o uid=`/`-o gid=` and must match a pod's runAsUser/runAsGroup.
        int32: cloud === "alicloud" ? { "oss.writer.uid": 1, "oss.writer.gid": 1 } : null,
    },
});

const vllm = (mode: "kserve" | "deployment"): ComponentEntry => ({
    id: `VllmInferenceService (${mode === "kserve" ? "KServe" : "Deployment"})`,
    className: "VllmInferenceService",
    args: () => ({ namespace: "llm", mode, model: { source: { volume: volume(), path: "bloom-7b1" } } }),
    make: (n, a) => new pkg.VllmInferenceService(n, a as any),
    fields: serving(
        {
            passThroughFlags: ["model.extraArgs"],
            servedModelNames: ["model.servedModelName"],
            mountPaths: ["model.source.volume.mountPath"],
            literalText: ["model.extraArgs"],
        },
        { keda: true },
    ),
});

const triton = (backend: "vllm" | "fastertransformer" | "tensorrtllm"): ComponentEntry => ({
    id: `TritonInferenceService (${backend})`,
    className: "TritonInferenceService",
    args: () =>
        backend === "tensorrtllm"
            ? { namespace: "llm", backend, repository: { volume: volume() } }
            : { namespace: "llm", backend, model: { name: "m", source: { volume: volume(), path: "model" } } },
    make: (n, a) => new pkg.TritonInferenceService(n, a as any),
    fields: serving(
        {
            engineKwargs: backend === "vllm" ? ["model.vllm.engineArgs"] : undefined,
            mountPaths: [backend === "tensorrtllm" ? "repository.volume.mountPath" : "model.source.volume.mountPath"],
        },
        { keda: true },
    ),
});

/** Every component the package exports, by mode where modes take different fields. */
export const COMPONENTS: readonly ComponentEntry[] = [
    gpuCluster("aws"),
    gpuCluster("alicloud"),
    modelBucketVolume("alicloud"),
    modelBucketVolume("aws"),
    {
        id: "KServeStack",
        className: "KServeStack",
        args: () => ({}),
        make: (n, a) => new pkg.KServeStack(n, a as any),
        fields: {
            ...NONE,
            quantities: ["storageInitializer.resources.requests.cpu", "storageInitializer.resources.limits.memory"],
            annotations: ["istio.gatewayService.annotations"],
            namespaces: ["namespace"],
            subdomains: ["ingress.className", "ingress.domain"],
        },
    },
    {
        id: "KubeRayOperator",
        className: "KubeRayOperator",
        args: () => ({}),
        make: (n, a) => new pkg.KubeRayOperator(n, a as any),
        fields: { ...NONE, quantities: ["resources.requests.cpu", "resources.limits.memory"], namespaces: ["namespace", "watchNamespaces[0]"] },
    },
    vllm("kserve"),
    vllm("deployment"),
    {
        id: "RayLLMApp",
        className: "RayLLMApp",
        args: rayLlmAppArgs,
        make: (n, a) => new pkg.RayLLMApp(n, a as any),
        fields: {
            ...NONE,
            quantities: [
                "head.resources.requests.cpu",
                "head.resources.limits.memory",
                "workerGroups[0].resources.requests.memory",
                "workerGroups[0].resources.limits.memory",
                "workerGroups[0].shmSize",
                "operator.resources.limits.memory",
            ],
            int32: { "workerGroups[0].replicas.min": 0, "workerGroups[0].replicas.max": 1 },
            labels: ["labels"],
            annotations: ["annotations"],
            nodeSelectors: ["head.nodeSelector", "workerGroups[0].nodeSelector", "workerGroups[0].gpuPool.nodeSelector"],
            tolerations: ["head.tolerations", "workerGroups[0].tolerations", "workerGroups[0].gpuPool.tolerations"],
            namespaces: ["namespace", "operator.namespace"],
            images: ["image"],
            secretRefs: ["hfTokenSecret"],
            engineKwargs: ["models[0].engine.extra"],
            mountPaths: ["models[0].source.volume.mountPath"],
        },
    },
    {
        id: "DjlServingService (vllm)",
        className: "DjlServingService",
        args: () => ({ namespace: "llm", model: { source: { volume: volume() } } }),
        make: (n, a) => new pkg.DjlServingService(n, a as any),
        fields: serving({ mountPaths: ["model.source.volume.mountPath"] }, { keda: true }),
    },
    {
        id: "DjlServingService (deepspeed)",
        className: "DjlServingService",
        args: () => ({ namespace: "llm", engine: "deepspeed", model: { source: { volume: volume() } } }),
        make: (n, a) => new pkg.DjlServingService(n, a as any),
        fields: serving({ mountPaths: ["model.source.volume.mountPath"] }, { keda: true }),
    },
    triton("vllm"),
    triton("fastertransformer"),
    triton("tensorrtllm"),
    {
        id: "OpenLlmService",
        className: "OpenLlmService",
        args: () => ({ namespace: "llm", model: { tag: "llama3.2:1b" } }),
        make: (n, a) => new pkg.OpenLlmService(n, a as any),
        fields: serving({ quantities: ["cacheSize"] }, { keda: true }),
    },
    {
        id: "DistributedServing",
        className: "DistributedServing",
        args: () => ({ namespace: "llm", nodes: 2, gpuPool: h100Pool(), model: { source: { volume: volume(), path: "llama" }, servedModelName: "llama" } }),
        make: (n, a) => new pkg.DistributedServing(n, a as any),
        fields: serving(
            {
                int32: { nodes: 2 },
                passThroughFlags: ["model.extraArgs"],
                servedModelNames: ["model.servedModelName"],
                mountPaths: ["model.source.volume.mountPath"],
                literalText: ["model.extraArgs"],
            },
            { keda: false },
        ),
    },
    {
        id: "ModelDownloadJob",
        className: "ModelDownloadJob",
        args: () => ({ namespace: "llm", volume: { ...volume(), readOnly: false }, huggingFaceId: "bigscience/bloom-7b1" }),
        make: (n, a) => new pkg.ModelDownloadJob(n, a as any),
        fields: { ...JOB_COMMON, quantities: [...JOB_COMMON.quantities!, "scratchSize"], secretRefs: ["hfTokenSecret"], literalText: ["include", "exclude"] },
    },
    {
        id: "ModelConversionJob",
        className: "ModelConversionJob",
        args: () => conversionArgs({ ...volume(), readOnly: false }),
        make: (n, a) => new pkg.ModelConversionJob(n, a as any),
        fields: { ...JOB_COMMON, quantities: [...JOB_COMMON.quantities!, "shmSize"], literalText: ["extraArgs", "tensorRtLlm.buildArgs"] },
    },
    {
        id: "TrafficSplit",
        className: "TrafficSplit",
        args: trafficSplitArgs,
        make: (n, a) => new pkg.TrafficSplit(n, a as any),
        fields: {
            ...NONE,
            labels: ["labels"],
            annotations: ["route.annotations"],
            nodeSelectors: ["route.istio.selector"],
            namespaces: ["namespace", "backends[0].service"],
            subdomains: ["route.ingress.className", "route.gatewayApi.gatewayClassName", "route.tls.secretName"],
        },
    },
];

/** Each entry with each path of one class (skipping entries where the class does not apply). */
export function pathsOf(cls: FieldClass): { entry: ComponentEntry; path: string }[] {
    return COMPONENTS.flatMap((entry) => {
        const declared = entry.fields[cls];
        const paths = declared === null ? [] : Array.isArray(declared) ? declared : Object.keys(declared);
        return paths.map((path: string) => ({ entry, path }));
    });
}

const mapCases = (cases: readonly MapCase[]): ValueCase[] => cases.map((c) => ({ title: c.title, value: c.map, at: c.at === undefined ? "" : `.${c.at}` }));
const perCloud = <T>(table: Readonly<Record<"aws" | "alicloud", T>>, entry: ComponentEntry): T => {
    if (!entry.cloud) throw new Error(`${entry.id} declares a per-cloud class but no cloud`);
    return table[entry.cloud];
};
const PASS_THROUGH_FLAGS: readonly ValueCase[] = [
    ...CORE_FLAG_CASES.map(([flag, sets]): ValueCase => ({ title: `${flag} (sets the generated ${sets})`, value: [flag], at: "[0]" })),
    ...SECRET_FLAG_CASES.map(([flag, pointsTo]): ValueCase => ({ title: `secret ${flag} (use ${pointsTo})`, value: ["--max-num-seqs=8", flag], at: "[1]" })),
    { title: "a value without '--'", value: ["max-num-seqs=8"], at: "[0]" },
];
const ENGINE_KWARGS: readonly ValueCase[] = [
    ...CORE_ENGINE_KEYS.map((key): ValueCase => ({ title: `the generated key ${key}`, value: { [key]: "1" }, at: `.${key}` })),
    ...SECRET_ENGINE_KEYS.map((key): ValueCase => ({ title: `the secret key ${key}`, value: { max_num_seqs: 8, [key]: "s3cr3t" }, at: `.${key}` })),
];

/** The case table of each class, for one field of one component (the shared tables of test/support). */
export const CASE_TABLES: { readonly [C in RefusalClass]: (entry: ComponentEntry, path: string) => readonly ValueCase[] } = {
    quantities: () => BAD_QUANTITIES,
    int32: (entry, path) => {
        const min = entry.fields.int32![path];
        return BAD_INT32.map((c) => ({ title: `${c.title} (minimum ${min})`, value: c.value(min), at: "" }));
    },
    labels: () => mapCases([...BAD_LABELS, ...RESERVED_LABELS]),
    nodeLabels: () => mapCases(BAD_LABELS),
    annotations: () => mapCases(BAD_ANNOTATIONS),
    nodeSelectors: () => mapCases(BAD_LABELS),
    tolerations: () => BAD_TOLERATIONS,
    namespaces: () => BAD_DNS1123_LABELS,
    subdomains: () => BAD_DNS1123_SUBDOMAINS,
    images: () => BAD_IMAGES,
    secretRefs: () => BAD_SECRET_REFS,
    passThroughFlags: () => PASS_THROUGH_FLAGS,
    engineKwargs: () => ENGINE_KWARGS,
    servedModelNames: () => BAD_SERVED_MODEL_NAMES,
    mountPaths: () => BAD_MOUNT_PATHS,
    bucketPrefixes: () => BAD_BUCKET_PREFIXES,
    regions: (entry) => perCloud(BAD_REGIONS, entry),
    podIdentities: (entry) => perCloud(BAD_POD_IDENTITIES, entry),
    exposures: () => BAD_EXPOSURES,
};

/** The test file that runs each class (`test/unit/bad-input/<file>`). */
export const CLASS_FILES: { readonly [C in FieldClass]: string } = {
    quantities: "quantities.test.ts",
    int32: "int32.test.ts",
    labels: "maps.test.ts",
    nodeLabels: "maps.test.ts",
    annotations: "maps.test.ts",
    nodeSelectors: "maps.test.ts",
    tolerations: "tolerations.test.ts",
    namespaces: "names.test.ts",
    subdomains: "names.test.ts",
    images: "images.test.ts",
    secretRefs: "secret-refs.test.ts",
    passThroughFlags: "pass-through.test.ts",
    engineKwargs: "pass-through.test.ts",
    servedModelNames: "pass-through.test.ts",
    mountPaths: "mount-paths.test.ts",
    bucketPrefixes: "storage.test.ts",
    regions: "storage.test.ts",
    podIdentities: "storage.test.ts",
    exposures: "exposures.test.ts",
    literalText: "literal-text.test.ts",
};

/** Splits `a.b[0].c` into keys (`["a", "b", 0, "c"]`); map keys with dots are kept whole when the map is the last step (`resources.limits.nvidia.com/gpu`). */
function keysOf(path: string): (string | number)[] {
    const keys: (string | number)[] = [];
    for (const part of path.split(".")) {
        const m = /^([^[\]]*)((\[\d+\])*)$/.exec(part);
        if (!m) throw new Error(`bad path ${path}`);
        if (m[1] !== "") keys.push(m[1]);
        for (const idx of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
    }
    return keys;
}

/** Quantity paths end in a resource name that may contain dots (`nvidia.com/gpu`): keep it whole after `requests`/`limits`. */
function keysWithResourceNames(path: string): (string | number)[] {
    const m = /^(.*\.(?:requests|limits))\.(.+)$/.exec(path);
    return m ? [...keysOf(m[1]), m[2]] : keysOf(path);
}

/** A copy of `args` with `value` at `path`, creating objects and copying arrays along the way. */
export function withValueAt(args: Record<string, any>, path: string, value: unknown): Record<string, any> {
    const keys = keysWithResourceNames(path);
    const set = (target: any, i: number): any => {
        const copy = Array.isArray(target) ? [...target] : { ...(target ?? {}) };
        const key = keys[i];
        if (i === keys.length - 1) copy[key] = value;
        else copy[key] = set(copy[key] ?? (typeof keys[i + 1] === "number" ? [] : {}), i + 1);
        return copy;
    };
    return set(args, 0);
}

let counter = 0;
/**
 * Constructs `entry` with `args` and expects pulumi.InputPropertiesError naming `path`, the
 * message naming the component, and the mock runtime to have registered nothing at all: no child,
 * and not the component itself (validation runs before `super`).
 */
export async function expectRefused(mocks: MockRecorder, entry: ComponentEntry, args: unknown, path: string, name?: string): Promise<void> {
    const err = await expectRefusedBeforeRegistering(mocks, () => entry.make(name ?? `bad${++counter}`, args), path);
    assert.match(err.message, new RegExp(`invalid arguments for ${entry.className}\\b`));
}

/** Test title of one case. */
export const caseTitle = (entry: ComponentEntry, path: string, title: string) => `${entry.id}: ${path}: ${title}`;

/**
 * Registers one test per (component, path of `cls`, case of the class's table): the case's value
 * set at the path in the component's minimal arguments, refused at `<path><case.at>` with nothing
 * registered.
 */
export function refuseEveryCase(mocks: MockRecorder, cls: RefusalClass): void {
    for (const { entry, path } of pathsOf(cls)) {
        for (const c of CASE_TABLES[cls](entry, path)) {
            test(caseTitle(entry, path, c.title), () => expectRefused(mocks, entry, withValueAt(entry.args(), path, c.value), `${path}${c.at}`));
        }
    }
}
