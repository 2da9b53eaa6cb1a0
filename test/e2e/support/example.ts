// Drives one Pulumi program (an example, or a test program) through the real engine against a
// real kube-apiserver: a temporary project, `pulumi up`/`preview`/`destroy`, reading back every
// object the stack holds, and render mode compared with the offline plan.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse, parseAllDocuments, stringify } from "yaml";
import { engineBins, repoRoot } from "./engine";
import { kubeGet, kubeRequest, type KubeTarget } from "./kube";
import { startTwin, type Twin, type TwinOptions } from "./twin";
import { createPulumiWorkspace, type PulumiWorkspace, type RunResult, type StartedRun } from "./pulumi";

// The temporary project's program: the example's own, loaded fresh for each run. The provider
// awaits readiness as against a real cluster (the twin's scheduler, controllers and kubelet
// stand-in make workloads ready). The one exception is `withoutOperator`: custom resources whose
// readiness needs what the twin cannot run (a RayService turns Ready only once a running Ray head
// serves the application; KubeRay itself runs, docs/TWIN.md) would wait for a status nobody
// writes, so those kinds alone get `pulumi.com/skipAwait`, outside render mode (which awaits nothing).
function wrapper(program: string, withoutOperator: readonly string[]): string {
    const transform =
        withoutOperator.length === 0
            ? ""
            : `
  const pulumi = require("@pulumi/pulumi");
  const kinds = new Set(${JSON.stringify(withoutOperator)});
  if (!new pulumi.Config("kubernetes").get("renderYamlToDirectory")) {
    pulumi.runtime.registerResourceTransform((a: any) => {
      if (!kinds.has(a.type)) return undefined;
      const metadata = a.props.metadata ?? {};
      const annotations = { ...(metadata.annotations ?? {}), "pulumi.com/skipAwait": "true" };
      return { props: { ...a.props, metadata: { ...metadata, annotations } }, opts: a.opts };
    });
  }`;
    return `export default async () => {${transform}
  delete require.cache[require.resolve(${JSON.stringify(program)})];
  const exported = require(${JSON.stringify(program)});
  // A program may export its outputs, or a function returning them (\`export = async () => ...\`).
  return { ...(typeof exported === "function" ? await exported() : exported) };
};
`;
}

export interface ExampleOptions {
    /** directory with Pulumi.yaml, Pulumi.<stack>.yaml and index.ts (e.g. examples/rayllm) */
    readonly dir: string;
    /** the stack whose config file is copied @default "dev" */
    readonly stack?: string;
    /** config set before the first `up`, as `pulumi config set key value` (project namespace implied) */
    readonly config?: Readonly<Record<string, string>>;
    /**
     * The stack file's config, written as Pulumi.<stack>.yaml instead of copying the project's (project
     * namespace implied): for structured values (`type: object` / `array` keys), which `pulumi config
     * set` cannot write.
     */
    readonly stackConfig?: Readonly<Record<string, unknown>>;
    /** The twin the program runs on (its pools, whether ../shared/crds is preinstalled). @default the ACK twin, CRDs installed */
    readonly twin?: TwinOptions;
    /**
     * Resource types (`kubernetes:ray.io/v1:RayService`) whose Ready condition the twin cannot
     * reach: these alone are not awaited (see the wrapper). @default [] (everything is awaited)
     */
    readonly withoutOperator?: readonly string[];
}

export interface ExampleStack {
    readonly apiserver: Twin;
    readonly ws: PulumiWorkspace;
    readonly projectDir: string;
    readonly projectName: string;
    /** The stack file's config, when the test wrote it (`stackConfig`). */
    readonly stackConfig?: Readonly<Record<string, unknown>>;
    /** Rewrites Pulumi.<stack>.yaml with this config (project namespace implied). */
    writeStackConfig(config: Readonly<Record<string, unknown>>): void;
    run(args: string[], opts?: { allowFailure?: boolean }): Promise<RunResult>;
    up(): Promise<RunResult>;
    /** `pulumi up` that may fail: its exit code and output, for tests of what must be refused. */
    tryUp(): Promise<RunResult>;
    /** `pulumi up` started and not awaited: the CLI's process and its result (that may fail), for tests that interrupt it. */
    startUp(): Promise<StartedRun>;
    destroy(): Promise<RunResult>;
    /** `pulumi preview --json`: every step's operations, by resource name */
    previewOps(): Promise<Record<string, string[]>>;
    /** `pulumi preview --json`: every step with its resource name, operation and the properties that replace it (replaceReasons and replacing paths of the detailed diff) */
    previewSteps(): Promise<{ name: string; op: string; replaceReasons: string[] }[]>;
    setConfig(key: string, value: string): Promise<void>;
    /** the Kubernetes objects the stack's state holds (Helm releases are in {@link releases}) */
    stateObjects(): Promise<StateObject[]>;
    /** the Helm releases the stack's state holds: resource name, the release's status, chart and version */
    releases(): Promise<{ name: string; status: string; chart: string; version: string }[]>;
    close(): Promise<void>;
}

export interface StateObject {
    readonly name: string;
    readonly type: string;
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace?: string;
    readonly objectName: string;
}

/** Starts a cluster twin (by default the ACK twin with every CRD of ../shared/crds) and a stack of the program on it. */
export async function startExample(opts: ExampleOptions): Promise<ExampleStack> {
    const apiserver = await startTwin(opts.twin);
    try {
        const ex = await openExample(apiserver, opts);
        return {
            ...ex,
            close: async () => {
                await ex.close();
                await apiserver.stop();
            },
        };
    } catch (e) {
        await apiserver.stop();
        throw e;
    }
}

/** A temporary project and stack of the program, on an API server the caller owns (close() leaves it running). */
export async function openExample(apiserver: Twin, opts: ExampleOptions): Promise<ExampleStack> {
    const bins = engineBins();
    const stack = opts.stack ?? "dev";
    const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), `llm-serving-${path.basename(opts.dir)}-`));
    let ws: PulumiWorkspace | undefined;
    try {
        const projectName = copyProject(opts.dir, stack, projectDir, opts.withoutOperator ?? []);
        if (opts.stackConfig) writeStackFile(projectDir, stack, projectName, opts.stackConfig);
        ws = await createPulumiWorkspace({ bins, projectDir, kubeconfigPath: apiserver.kubeconfigPath });
        const program = path.join(projectDir, "index.ts");
        const w = ws;
        const run = (args: string[], ro: { allowFailure?: boolean } = {}) => w.run(args, ro);
        const withProgram = (args: string[], allowFailure = false) => w.run(args, { program, timeoutMs: 600_000, allowFailure });
        await run(["stack", "init", stack, "--non-interactive"]);
        for (const [k, v] of Object.entries(opts.config ?? {})) await run(["config", "set", k, v]);
        return {
            apiserver,
            ws,
            projectDir,
            projectName,
            stackConfig: opts.stackConfig,
            writeStackConfig: (config) => writeStackFile(projectDir, stack, projectName, config),
            run,
            up: () => withProgram(["up", "--yes", "--non-interactive", "--skip-preview"]),
            tryUp: () => withProgram(["up", "--yes", "--non-interactive", "--skip-preview"], true),
            startUp: () => w.start(["up", "--yes", "--non-interactive", "--skip-preview"], { program, timeoutMs: 600_000, allowFailure: true }),
            destroy: () => withProgram(["destroy", "--yes", "--non-interactive", "--skip-preview"]),
            async previewOps() {
                const preview = JSON.parse((await withProgram(["preview", "--json", "--non-interactive"])).stdout);
                const ops: Record<string, string[]> = {};
                for (const s of preview.steps ?? []) (ops[s.urn.split("::").pop()] ??= []).push(s.op);
                return ops;
            },
            async previewSteps() {
                const preview = JSON.parse((await withProgram(["preview", "--json", "--non-interactive"])).stdout);
                // replaceOnChanges marks the detailed diff's paths (`update-replace`), not replaceReasons (top-level keys).
                const replacing = (d: any) => /replace/i.test(String(d?.kind)) || [1, 3, 5].includes(d?.kind);
                return (preview.steps ?? []).map((s: any) => ({
                    name: s.urn.split("::").pop(),
                    op: s.op,
                    replaceReasons: [...(s.replaceReasons ?? []), ...Object.keys(s.detailedDiff ?? {}).filter((p) => replacing(s.detailedDiff[p]))],
                }));
            },
            async setConfig(key, value) {
                await run(["config", "set", key, value]);
            },
            async releases() {
                const state = JSON.parse((await run(["stack", "export"])).stdout);
                return (state.deployment.resources ?? [])
                    .filter((r: any) => r.type === "kubernetes:helm.sh/v3:Release")
                    .map((r: any) => ({
                        name: r.urn.split("::").pop(),
                        status: r.outputs.status?.status,
                        chart: r.outputs.status?.chart,
                        version: r.outputs.status?.version,
                    }));
            },
            async stateObjects() {
                const state = JSON.parse((await run(["stack", "export"])).stdout);
                return (state.deployment.resources ?? [])
                    .filter((r: any) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release")
                    .map((r: any) => ({
                        name: r.urn.split("::").pop(),
                        type: r.type,
                        apiVersion: r.outputs.apiVersion,
                        kind: r.outputs.kind,
                        namespace: r.outputs.metadata?.namespace,
                        objectName: r.outputs.metadata?.name,
                    }));
            },
            async close() {
                w.cleanup();
                fs.rmSync(projectDir, { recursive: true, force: true });
            },
        };
    } catch (e) {
        ws?.cleanup();
        fs.rmSync(projectDir, { recursive: true, force: true });
        throw e;
    }
}

function copyProject(dir: string, stack: string, projectDir: string, withoutOperator: readonly string[]): string {
    const project = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    // The wrapper is the temporary project's program: Pulumi.yaml's `main` (if any) is where it points.
    const main = (parse(project) as { main?: string }).main;
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), project.replace(/^main:.*\n/m, ""));
    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(stackFile)) fs.copyFileSync(stackFile, path.join(projectDir, `Pulumi.${stack}.yaml`));
    fs.writeFileSync(path.join(projectDir, "index.ts"), wrapper(programFile(dir, main), withoutOperator));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");
    const name = /^name:\s*(\S+)/m.exec(project);
    assert.ok(name, `${dir}/Pulumi.yaml has no name`);
    return name[1];
}

/** The program's entry file: `main` (a file, or a folder with index.ts) or index.ts. */
function programFile(dir: string, main: string | undefined): string {
    const target = path.join(dir, main ?? "");
    return fs.statSync(target).isDirectory() ? path.join(target, "index.ts") : target;
}

function writeStackFile(projectDir: string, stack: string, projectName: string, config: Readonly<Record<string, unknown>>): void {
    const qualified = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${projectName}:${k}`, v]));
    fs.writeFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), stringify({ config: qualified }));
}

/** A stack file's values as `--config key=value` of the offline plan (structured values as JSON). */
function asOverrides(config: Readonly<Record<string, unknown>>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const OPS_THAT_REPLACE = ["replace", "create-replacement", "delete-replaced", "delete"];

/** Asserts that none of the named resources is replaced or deleted by the previewed change. */
export function assertNotReplaced(ops: Record<string, string[]>, names: readonly string[]): void {
    for (const name of names) {
        const bad = (ops[name] ?? []).filter((op) => OPS_THAT_REPLACE.includes(op));
        assert.deepEqual(bad, [], `${name} must not be replaced or deleted: ${JSON.stringify(ops)}`);
    }
}

// ---------------------------------------------------------------- reading objects back

const discovery = new WeakMap<KubeTarget, Map<string, Promise<any>>>();

async function resourceList(target: KubeTarget, apiVersion: string): Promise<any> {
    let cache = discovery.get(target);
    if (!cache) discovery.set(target, (cache = new Map()));
    let list = cache.get(apiVersion);
    if (!list) {
        const url = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        list = kubeGet(target, url).then((res) => {
            assert.equal(res.status, 200, `discovery ${url}: ${JSON.stringify(res.body)}`);
            return res.body;
        });
        cache.set(apiVersion, list);
    }
    return list;
}

/** The API path of one object, from the API server's discovery document (plural, scope). */
export async function objectPath(target: KubeTarget, apiVersion: string, kind: string, name: string, namespace?: string): Promise<string> {
    const list = await resourceList(target, apiVersion);
    const resource = list.resources.find((r: any) => r.kind === kind && !r.name.includes("/"));
    assert.ok(resource, `the API server serves no ${kind} in ${apiVersion}`);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${namespace ?? "default"}` : "";
    return `${base}${ns}/${resource.name}/${name}`;
}

/** GETs every object the stack holds; all of them must exist on the API server. */
export async function readBack(target: KubeTarget, objects: readonly StateObject[]): Promise<Map<string, any>> {
    const byName = new Map<string, any>();
    for (const o of objects) {
        const url = await objectPath(target, o.apiVersion, o.kind, o.objectName, o.namespace);
        const res = await kubeGet(target, url);
        assert.equal(res.status, 200, `${o.name} (${o.kind} ${o.objectName}): ${JSON.stringify(res.body)}`);
        byName.set(o.name, res.body);
    }
    return byName;
}

export async function kubeDelete(target: KubeTarget, apiVersion: string, kind: string, name: string, namespace?: string): Promise<void> {
    const res = await kubeRequest(target, "DELETE", await objectPath(target, apiVersion, kind, name, namespace));
    assert.ok([200, 202, 404].includes(res.status), JSON.stringify(res.body));
}

// ---------------------------------------------------------------- render mode vs offline plan

const exec = promisify(execFile);

type Objects = Map<string, Record<string, any>>;
const key = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

/** The objects the offline plan (`llm-serving-plan`) writes for the program with this config. */
export async function offlinePlan(
    dir: string,
    stack: string,
    config: Readonly<Record<string, string>>,
): Promise<{ objects: Objects; unknowns: Map<string, string[]>; kubernetes: { type: string; name: string; object: any; retainOnDelete: boolean }[] }> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-plan-"));
    try {
        const args = ["--import", "tsx", path.join(repoRoot, "src", "plan", "cli.ts"), dir, "--stack", stack, "--out", out];
        for (const [k, v] of Object.entries(config)) args.push("--config", `${k}=${v}`);
        await exec(process.execPath, args, {
            cwd: repoRoot,
            env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.test.json") },
            maxBuffer: 64 << 20,
        });
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        const objects: Objects = new Map();
        const unknowns = new Map<string, string[]>();
        for (const k of plan.kubernetes) {
            objects.set(key(k.object), k.object);
            unknowns.set(key(k.object), k.unknowns ?? []);
        }
        return { objects, unknowns, kubernetes: plan.kubernetes };
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** The objects the provider's renderYamlToDirectory wrote (every YAML file under dir). */
export function renderedObjects(dir: string): Objects {
    const objects: Objects = new Map();
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.ya?ml$/.test(e.name)) {
                for (const doc of parseAllDocuments(fs.readFileSync(p, "utf8"))) {
                    const o = doc.toJS();
                    if (!o) continue;
                    if (o.metadata?.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
                    objects.set(key(o), o);
                }
            }
        }
    };
    walk(dir);
    return objects;
}

function dropFalse(v: any, key: string): void {
    if (Array.isArray(v)) v.forEach((item) => dropFalse(item, key));
    else if (v !== null && typeof v === "object") {
        if (v[key] === false) delete v[key];
        for (const child of Object.values(v)) dropFalse(child, key);
    }
}

/** Removes a dotted path (`spec.template.spec.containers[0].image`) the plan marked unknown. */
export function deletePath(obj: any, dotted: string): void {
    const parts = dotted
        .replace(/\[(\d+)\]/g, ".$1")
        .split(".")
        .filter((p) => p !== "");
    let cur = obj;
    for (const p of parts.slice(0, -1)) {
        if (cur == null) return;
        cur = cur[p];
    }
    if (cur != null) delete cur[parts[parts.length - 1]];
}

/**
 * `pulumi up` of the same program in render mode (a second stack with `kubernetes:renderYamlToDirectory`),
 * then the rendered objects beside the offline plan's, with the fields the plan shows as unknown or
 * secret left out. Returns both, already normalized, for deepEqual.
 */
export async function renderBesidePlan(
    ex: ExampleStack,
    dir: string,
    stack: string,
    config: Readonly<Record<string, string>>,
): Promise<{ rendered: Record<string, any>; planned: Record<string, any> }> {
    const renderDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-render-"));
    try {
        const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
        if (ex.stackConfig) writeStackFile(ex.projectDir, "render", ex.projectName, ex.stackConfig);
        else if (fs.existsSync(stackFile)) fs.copyFileSync(stackFile, path.join(ex.projectDir, "Pulumi.render.yaml"));
        await ex.run(["stack", "init", "render", "--non-interactive"]);
        for (const [k, v] of Object.entries(config)) await ex.run(["config", "set", k, v]);
        await ex.run(["config", "set", "kubernetes:renderYamlToDirectory", renderDir]);
        await ex.up();
        await ex.run(["stack", "select", stack]);
        const rendered = renderedObjects(renderDir);
        // The offline plan reads the project's stack file, then the test's stack config and config on top.
        const plan = await offlinePlan(dir, stack, { ...(ex.stackConfig ? asOverrides(ex.stackConfig) : {}), ...config });
        const r: Record<string, any> = {};
        const p: Record<string, any> = {};
        for (const [k, planned] of plan.objects) {
            const got = rendered.get(k);
            for (const u of plan.unknowns.get(k) ?? []) {
                deletePath(planned, u);
                if (got) deletePath(got, u);
            }
            if (planned.kind === "Secret") {
                for (const f of ["data", "stringData"]) {
                    delete planned[f];
                    if (got) delete got[f];
                }
            }
            // An empty annotations map is the same object to the API server on both sides.
            // The provider round-trips objects through the Kubernetes Go types, so a zero value of an
            // `omitempty` field disappears, from the stack's inputs as from render mode: `readOnly:
            // false` (volume mounts, claim volumes) and a PersistentVolume's `storageClassName: ""`
            // (a claim's is a pointer and stays). To the API server both are the same as unset.
            for (const o of [planned, got]) {
                if (o?.metadata?.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
                if (o?.kind === "PersistentVolume" && o.spec?.storageClassName === "") delete o.spec.storageClassName;
                if (o) dropFalse(o, "readOnly");
            }
            p[k] = planned;
            r[k] = got;
        }
        for (const [k, got] of rendered) if (!(k in r)) r[k] = got;
        return { rendered: r, planned: p };
    } finally {
        fs.rmSync(renderDir, { recursive: true, force: true });
    }
}

/** Paths where two JSON values differ (`a.b[2].c: <a> != <b>`), for readable assertion failures. */
export function differences(a: unknown, b: unknown, at = ""): string[] {
    if (a === b) return [];
    if (typeof a === "object" && typeof b === "object" && a !== null && b !== null && Array.isArray(a) === Array.isArray(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) => differences((a as any)[k], (b as any)[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k));
    }
    return [`${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
}
