/**
 * Where the schema tests find their schemas (test/support/kube-schema.ts reads them). Each source
 * is resolved in this order, the first that works winning:
 *   1. its environment variable (a path; set but missing is an error, never skipped);
 *   2. the sibling checkout ../shared, for the sources that come from there;
 *   3. its Go module, through `go mod download` (the Go checksum database verifies it), when `go` runs;
 *   4. a download of the pinned upstream files, each checked against the sha256 recorded below
 *      and kept in a cache folder ($LLM_SERVING_SCHEMA_CACHE, else $XDG_CACHE_HOME or ~/.cache,
 *      under pulumi-llm-serving/schemas). A file whose bytes differ is refused, never used.
 * When a source resolves nowhere, one error lists every such source and how to get it.
 *
 * Downloads run in a child process (test/support/fetch-files.mjs) so that resolution stays
 * synchronous, as the schema tests' callers are.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";

/** One pinned upstream file: where it goes in the source's folder (or its name), its URL and sha256. */
export interface PinnedFile {
    readonly path: string;
    readonly url: string;
    readonly sha256: string;
}

export interface SchemaSource {
    readonly name: string;
    /** What it is, for messages. */
    readonly description: string;
    /** A single file or a folder of files (the files' paths are relative to it). */
    readonly kind: "file" | "dir";
    /** Its environment variable: a path to the file or folder. */
    readonly envVar: string;
    /** Its path under the sibling checkout ../shared, when it comes from there. */
    readonly shared?: string;
    /** The Go module that ships it and its path inside the module, when one does. */
    readonly go?: { readonly module: string; readonly path: string };
    /** The upstream files at their pinned tags; a "file" source has exactly one. */
    readonly files: readonly PinnedFile[];
}

const raw = (repo: string, tag: string, file: string) => `https://raw.githubusercontent.com/${repo}/${tag}/${file}`;

const pinned = (repo: string, tag: string, dir: string, into: string, files: Record<string, string>): PinnedFile[] =>
    Object.entries(files).map(([name, sha256]) => ({ path: into ? `${into}/${name}` : name, url: raw(repo, tag, `${dir}/${name}`), sha256 }));

/** The Kubernetes version whose OpenAPI document the checksum below is of (platformVersions.kubernetesSchema). */
export const KUBERNETES_SCHEMA_VERSION = "1.34.3";

/**
 * The sources. Checksums are of the files the tests use in the usual layout, each the same bytes as
 * upstream: the Go module zips hold the files of the tagged tree unchanged (Kubernetes, Gateway API,
 * Istio, and KServe, KEDA and prometheus-operator for ../shared/crds were compared byte for byte);
 * the KubeRay, LWS and Knative operator files are ../shared/crds's copies, recorded there
 * (shared/crds/SOURCES.md) as unchanged from the same tags.
 */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
    {
        name: "kubernetes-openapi",
        description: `Kubernetes ${KUBERNETES_SCHEMA_VERSION} OpenAPI document (api/openapi-spec/swagger.json)`,
        kind: "file",
        envVar: "LLM_SERVING_K8S_SWAGGER",
        go: { module: `k8s.io/kubernetes@v${KUBERNETES_SCHEMA_VERSION}`, path: "api/openapi-spec/swagger.json" },
        files: pinned("kubernetes/kubernetes", `v${KUBERNETES_SCHEMA_VERSION}`, "api/openapi-spec", "", {
            "swagger.json": "d3b0cdc2fda15c753206d25ab459dc7c12df64e2fd652b6809687471ea751c37",
        }),
    },
    {
        name: "crds",
        description: "CRDs of KServe, KubeRay, LWS, KEDA, prometheus-operator and the Knative operator (a folder laid out like ../shared/crds)",
        kind: "dir",
        envVar: "LLM_SERVING_CRD_DIR",
        shared: "crds",
        files: [
            ...pinned("kserve/kserve", "v0.20.0", "config/crd/full", "kserve-v0.20.0", {
                "serving.kserve.io_clusterservingruntimes.yaml": "c6f6bbb1b4b11afd1e38bd6d7255a8795b86efa2b7d14946ccff9d23592e6846",
                "serving.kserve.io_inferencegraphs.yaml": "b2e246d7a055937ea56de13850d0f4f993f1825b078a4c901944b99bba1800ca",
                "serving.kserve.io_inferenceservices.yaml": "57c3bf13f77de94678bf2ae3748056ec071ad2b9e88d6a28f44fb4710758fcff",
                "serving.kserve.io_servingruntimes.yaml": "380a3e1e1444cef9b8b88819596692728868205a2147dc66423be469a4a7bbb1",
            }),
            ...pinned("kserve/kserve", "v0.20.0", "config/crd/full/localmodel", "kserve-v0.20.0", {
                "serving.kserve.io_localmodelcaches.yaml": "51d10e565a118af7da31250e99d6e8ff59bdc9f0e9fb4e4d1c1c3e2eb591bdef",
                "serving.kserve.io_localmodelnodegroups.yaml": "189a262754e7f07e1ce34ef44352aaf75e755cacdf45e710a4dcab29e0751b45",
            }),
            ...pinned("ray-project/kuberay", "v1.7.0", "ray-operator/config/crd/bases", "kuberay-v1.7.0", {
                "ray.io_rayclusters.yaml": "c44704442eef0c6721ad40c1d66782c8bd3fdab9d3344306a5820910a679baa1",
                "ray.io_rayjobs.yaml": "01a5cf3b17c1769fda44af7e82debcd98722f0c27b9ab84d084681c6649121f5",
                "ray.io_rayservices.yaml": "0a8fc325e6e22b9231c1f282b309555e2ecf94227ca20a03df3d1d9a403907ab",
            }),
            ...pinned("kubernetes-sigs/lws", "v0.10.0", "config/crd/bases", "lws-v0.10.0", {
                "leaderworkerset.x-k8s.io_leaderworkersets.yaml": "c5dcad8ed943e495490241f00b9a1b45d51203b6d484020db3636d5bf553568e",
            }),
            ...pinned("kedacore/keda", "v2.20.2", "config/crd/bases", "keda-v2.20.2", {
                "keda.sh_scaledobjects.yaml": "af35555862a83933b074af14ad439c4b4ceabaf4daa3e9338e9b23e36d308d80",
            }),
            ...pinned("prometheus-operator/prometheus-operator", "v0.93.0", "example/prometheus-operator-crd", "prometheus-operator-v0.93.0", {
                "monitoring.coreos.com_podmonitors.yaml": "45a93443daa687d3654f7e9631909ff7edcdf3ec09c5e60251b74aa2722aee5d",
                "monitoring.coreos.com_prometheusrules.yaml": "78be98554b9c8506ab2b4f4feb91c5f3a56e536a0a510f3a8e876a459970d56d",
                "monitoring.coreos.com_servicemonitors.yaml": "a99047972c9dd7679ce2050b9968e8a08773492e671b3e17abd476d42aa78a32",
            }),
            ...pinned("knative/operator", "knative-v1.21.4", "config/crd/bases", "knative-operator-v1.21.4", {
                "operator.knative.dev_knativeservings.yaml": "03b43ccc08149a178b6a11c61dfc51772e42cc6ddf9696d8e208bf2f73e2dfd3",
            }),
        ],
    },
    {
        // Gateway API v1.5.1 is what KServe v0.20.0 pins.
        name: "gateway-api-crds",
        description: "Gateway API v1.5.1 standard CRDs (config/crd/standard)",
        kind: "dir",
        envVar: "LLM_SERVING_GATEWAY_API_CRDS",
        go: { module: "sigs.k8s.io/gateway-api@v1.5.1", path: "config/crd/standard" },
        files: pinned("kubernetes-sigs/gateway-api", "v1.5.1", "config/crd/standard", "", {
            "gateway.networking.k8s.io_backendtlspolicies.yaml": "9b8818172153d72f9c84032db0be0a4a657277d13f5bbc22226ad9481ff57971",
            "gateway.networking.k8s.io_gatewayclasses.yaml": "234ad4b2757ee1b3596a4187bb98df071c5bbdd9e1806f692f2dbf8387e6bef4",
            "gateway.networking.k8s.io_gateways.yaml": "7416e8300eb4d8c0a71a23445609075bbacbe8bc80104584b019cfe1ebe77c31",
            "gateway.networking.k8s.io_grpcroutes.yaml": "979f4125d44d3df24659ba00d1d04ff8e76c45423193e8aae82dd5810d7827df",
            "gateway.networking.k8s.io_httproutes.yaml": "682203b109baecb18d38073a578f7bc2c17d22fe9b0c27bf030850abe014c370",
            "gateway.networking.k8s.io_listenersets.yaml": "9221468d19fdfbb0026113b1ef64abac64f27607975aff2410361b8b38f0e0bb",
            "gateway.networking.k8s.io_referencegrants.yaml": "a8902c486eed0b7339f5bb8a476ccaba0918eb038048402bdc01cbb69b0fbb51",
            "gateway.networking.k8s.io_tlsroutes.yaml": "818e4827c469a40e2527a2851591e656782c50fea8dd44812c900d219da09345",
            "gateway.networking.k8s.io_vap_safeupgrades.yaml": "981a4da92706cb567c051e006ff229429947f054b90cd0719c297abe14f958a1",
        }),
    },
    {
        // istio.io/api v1.24.2: the newest module tag before the Istio 1.27.1 we install; its v1 APIs only gain fields.
        name: "istio-crds",
        description: "Istio networking CRDs of istio.io/api v1.24.2 (kubernetes/customresourcedefinitions.gen.yaml)",
        kind: "file",
        envVar: "LLM_SERVING_ISTIO_CRDS",
        go: { module: "istio.io/api@v1.24.2", path: "kubernetes/customresourcedefinitions.gen.yaml" },
        files: pinned("istio/api", "v1.24.2", "kubernetes", "", {
            "customresourcedefinitions.gen.yaml": "ccce8e4aaa9482fb8028a4930433e0c0467789318da6e58f156fcf610abe7c64",
        }),
    },
];

export type ResolvedVia = "env" | "shared" | "go" | "download";

export interface ResolvedSource {
    readonly name: string;
    /** The file, or the folder, to read. */
    readonly path: string;
    readonly via: ResolvedVia;
}

export interface ResolveOptions {
    /** The sources to resolve. @default SCHEMA_SOURCES */
    readonly sources?: readonly SchemaSource[];
    /** Environment variables (each source's, LLM_SERVING_SCHEMA_CACHE, LLM_SERVING_SCHEMA_MIRROR). @default process.env */
    readonly env?: NodeJS.ProcessEnv;
    /** The sibling checkout. @default ../shared next to the repository */
    readonly sharedDir?: string;
    /** Where downloads are kept. @default $LLM_SERVING_SCHEMA_CACHE, else $XDG_CACHE_HOME (or ~/.cache)/pulumi-llm-serving/schemas */
    readonly cacheDir?: string;
    /**
     * Fetch every URL from this base instead (`<mirror>/<host>/<path>`), e.g. an internal mirror or a
     * test server; checksums are still those recorded. @default $LLM_SERVING_SCHEMA_MIRROR
     */
    readonly mirror?: string;
    /** A Go module's folder, or false for no Go step. @default `go mod download -json` */
    readonly goModuleDir?: ((module: string) => string) | false;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const DEFAULT_SHARED_DIR = path.resolve(REPO_ROOT, "..", "shared");
const DOC = 'docs/CONTRIBUTING.md, "Running the tests outside the usual layout"';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    if (env.LLM_SERVING_SCHEMA_CACHE) return env.LLM_SERVING_SCHEMA_CACHE;
    const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-llm-serving", "schemas");
}

function goModuleDirViaGo(mod: string): string {
    const run = spawnSync("go", ["mod", "download", "-json", mod], { encoding: "utf8", cwd: REPO_ROOT, timeout: 600_000 });
    if (run.error) throw new Error((run.error as NodeJS.ErrnoException).code === "ENOENT" ? "go is not installed" : run.error.message);
    let info: { Dir?: string; Error?: string } = {};
    try {
        info = JSON.parse(run.stdout);
    } catch {
        throw new Error(`go mod download ${mod} failed: ${run.stderr.trim() || `exit ${run.status}`}`);
    }
    if (!info.Dir) throw new Error(`go mod download ${mod}: ${info.Error ?? run.stderr.trim()}`);
    return info.Dir;
}

export const sha256File = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function fetchUrl(url: string, mirror: string | undefined): string {
    if (!mirror) return url;
    const u = new URL(url);
    return `${mirror.replace(/\/+$/, "")}/${u.host}${u.pathname}`;
}

/** The source's folder in the cache: named by its checksums, so a new pin never mixes with an old one. */
function cacheFolder(cacheDir: string, source: SchemaSource): string {
    const pin = createHash("sha256")
        .update(source.files.map((f) => `${f.path}\0${f.sha256}`).join("\n"))
        .digest("hex")
        .slice(0, 12);
    return path.join(cacheDir, `${source.name}-${pin}`);
}

/**
 * Fetches the source's files that the cache lacks (or holds with other bytes), in a child process,
 * and keeps each only when its sha256 is the recorded one. Returns the cached path, or throws with
 * every file that failed.
 */
function download(source: SchemaSource, cacheDir: string, mirror: string | undefined): string {
    if (source.files.length === 0) throw new Error("no upstream files are recorded");
    const folder = cacheFolder(cacheDir, source);
    const want = source.files.filter((f) => {
        const dest = path.join(folder, f.path);
        return !(fs.existsSync(dest) && sha256File(dest) === f.sha256);
    });
    const problems: { url: string; error: string }[] = [];
    if (want.length > 0) {
        fs.mkdirSync(folder, { recursive: true });
        const jobs = want.map((f, i) => ({ url: fetchUrl(f.url, mirror), out: path.join(folder, `.download-${process.pid}-${i}`) }));
        const run = spawnSync(process.execPath, [path.join(__dirname, "fetch-files.mjs")], {
            input: JSON.stringify(jobs),
            encoding: "utf8",
            timeout: 600_000,
        });
        let results: { error?: string }[] = [];
        try {
            results = JSON.parse(run.stdout);
        } catch {
            throw new Error(`the download helper failed: ${run.error?.message || run.stderr.trim() || `exit ${run.status}`}`);
        }
        for (const [i, f] of want.entries()) {
            const tmp = jobs[i].out;
            if (results[i]?.error) {
                problems.push({ url: jobs[i].url, error: results[i].error! });
            } else {
                const actual = sha256File(tmp);
                if (actual === f.sha256) {
                    const dest = path.join(folder, f.path);
                    fs.mkdirSync(path.dirname(dest), { recursive: true });
                    fs.renameSync(tmp, dest);
                    continue;
                }
                problems.push({ url: jobs[i].url, error: `refused: its sha256 is ${actual}, the recorded one ${f.sha256}` });
            }
            fs.rmSync(tmp, { force: true });
        }
    }
    if (problems.length > 0) throw new Error(summarize(problems));
    return source.kind === "file" ? path.join(folder, source.files[0].path) : folder;
}

/** One line per distinct error: fifteen files behind one unreachable host are one problem. */
function summarize(problems: readonly { url: string; error: string }[]): string {
    const byError = new Map<string, string[]>();
    for (const p of problems) byError.set(p.error, [...(byError.get(p.error) ?? []), p.url]);
    return [...byError].map(([error, urls]) => (urls.length === 1 ? `${urls[0]}: ${error}` : `${urls.length} files (${urls[0]}, ...): ${error}`)).join("; ");
}

function howToGet(source: SchemaSource, sharedDir: string): string {
    const ways = [`set ${source.envVar} to ${source.kind === "file" ? "a copy of the file" : "a folder holding its files"}`];
    if (source.shared) ways.push(`check out the shared folder next to this repository, so that ${path.join(sharedDir, source.shared)} exists`);
    if (source.go) ways.push(`install Go (the tests then run \`go mod download ${source.go.module}\`)`);
    if (source.files.length > 0) {
        const hosts = [...new Set(source.files.map((f) => new URL(f.url).host))].join(", ");
        ways.push(`allow downloads from ${hosts} (or set LLM_SERVING_SCHEMA_MIRROR to a mirror of it)`);
    }
    return ways.join("; or ");
}

/** One source, by the order above; undefined plus what was tried when nothing worked. */
function resolveOne(
    source: SchemaSource,
    o: { env: NodeJS.ProcessEnv; sharedDir: string; cacheDir: string; mirror?: string; goModuleDir: ((m: string) => string) | false },
): ResolvedSource | { tried: string[]; envBroken: boolean } {
    const tried: string[] = [];
    const fromEnv = o.env[source.envVar];
    if (fromEnv) {
        if (fs.existsSync(fromEnv)) return { name: source.name, path: fromEnv, via: "env" };
        return { tried: [`${source.envVar}=${fromEnv} does not exist`], envBroken: true };
    }
    tried.push(`${source.envVar} is not set`);
    if (source.shared) {
        const p = path.join(o.sharedDir, source.shared);
        if (fs.existsSync(p)) return { name: source.name, path: p, via: "shared" };
        tried.push(`${p} does not exist`);
    }
    if (source.go && o.goModuleDir) {
        try {
            const p = path.join(o.goModuleDir(source.go.module), source.go.path);
            if (fs.existsSync(p)) return { name: source.name, path: p, via: "go" };
            tried.push(`${source.go.module} has no ${source.go.path}`);
        } catch (e) {
            tried.push(`Go module ${source.go.module}: ${(e as Error).message}`);
        }
    }
    try {
        return { name: source.name, path: download(source, o.cacheDir, o.mirror), via: "download" };
    } catch (e) {
        tried.push(`download: ${(e as Error).message}`);
    }
    return { tried, envBroken: false };
}

/** Resolves every source; throws one error naming each that resolves nowhere, what was tried and how to get it. */
export function resolveSchemaSources(options: ResolveOptions = {}): Map<string, ResolvedSource> {
    const env = options.env ?? process.env;
    const o = {
        env,
        sharedDir: options.sharedDir ?? DEFAULT_SHARED_DIR,
        cacheDir: options.cacheDir ?? defaultCacheDir(env),
        mirror: options.mirror ?? (env.LLM_SERVING_SCHEMA_MIRROR || undefined),
        goModuleDir: options.goModuleDir ?? goModuleDirViaGo,
    };
    const resolved = new Map<string, ResolvedSource>();
    const missing: string[] = [];
    for (const source of options.sources ?? SCHEMA_SOURCES) {
        const r = resolveOne(source, o);
        if ("path" in r) {
            resolved.set(source.name, r);
            continue;
        }
        const how = r.envBroken ? `point ${source.envVar} at an existing path, or unset it` : howToGet(source, o.sharedDir);
        missing.push(`- ${source.name}: ${source.description}\n    tried: ${r.tried.join("; ")}\n    to get it: ${how}`);
    }
    if (missing.length > 0) {
        throw new Error(`The schema tests cannot find ${missing.length} of their sources (see ${DOC}):\n${missing.join("\n")}`);
    }
    return resolved;
}

let resolvedOnce: Map<string, ResolvedSource> | undefined;

/** The default resolution, once per process. */
export function schemaSources(): Map<string, ResolvedSource> {
    return (resolvedOnce ??= resolveSchemaSources());
}
