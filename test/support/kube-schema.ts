/**
 * Validates rendered Kubernetes objects against the real schemas, strictly:
 * - built-in kinds against the Kubernetes OpenAPI (swagger) document of k8s.io/kubernetes;
 * - custom resources against the CRD YAML of ../shared/crds (KServe, KubeRay, LWS, KEDA,
 *   prometheus-operator, Knative operator), plus the Gateway API and Istio CRDs.
 * Where each of these comes from (an environment variable, ../shared, the Go module, or a
 * checksum-verified download) is test/support/schema-sources.ts's business.
 * Unlike the API server (which silently prunes), an undeclared field is an error wherever the
 * schema does not preserve unknown fields, so a typo in a field name fails the test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import Ajv, { type ValidateFunction } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { parseAllDocuments } from "yaml";
import { schemaSources } from "./schema-sources";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

type Json = any;

/** The path a source resolved to (see schema-sources.ts). */
const sourcePath = (name: string): string => schemaSources().get(name)!.path;

/**
 * CRD sources besides the ../shared/crds folder; Istio's generated CRDs leave apiVersion/kind
 * undeclared, which the API server always accepts, so they are added.
 */
const EXTRA_CRDS = [
    { source: "gateway-api-crds", addTypeMeta: false },
    { source: "istio-crds", addTypeMeta: true },
] as const;

/** Go RE2 patterns that JavaScript rejects: inline (?i) becomes the `i` flag, dropped here. */
function translatePattern(pattern: string): string {
    return pattern.replace(/\(\?i\)/g, "");
}

/** Makes a (CRD or swagger) schema strict: undeclared fields fail unless unknown fields are preserved. */
function strictify(schema: Json, opts: { crd: boolean }): Json {
    if (Array.isArray(schema)) return schema.map((s) => strictify(s, opts));
    if (schema === null || typeof schema !== "object") return schema;
    const out: Json = {};
    for (const [k, v] of Object.entries(schema)) {
        if (k === "properties" || k === "definitions" || k === "patternProperties") {
            out[k] = Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, strictify(pv, opts)]));
        } else if (k === "pattern" && typeof v === "string") {
            out[k] = translatePattern(v);
        } else if (k === "enum" || k === "required" || k === "example" || k === "default") {
            out[k] = v;
        } else {
            out[k] = strictify(v, opts);
        }
    }
    if (out["x-kubernetes-int-or-string"] === true || out.format === "int-or-string") {
        delete out.type;
        delete out.format;
        out.anyOf = [{ type: "string" }, { type: "integer" }];
    }
    if (out.nullable === true && typeof out.type === "string") {
        out.type = [out.type, "null"];
    }
    const isObject = out.type === "object" || (out.type === undefined && out.properties !== undefined);
    if (isObject && out.additionalProperties === undefined && out["x-kubernetes-preserve-unknown-fields"] !== true) {
        if (out.properties !== undefined || opts.crd) out.additionalProperties = false;
    }
    return out;
}

const CACHE_DIR = path.join(REPO_ROOT, ".cache", "kube-schema");
/** Cache keys change with ajv's version and with this file (strictify decides what the code checks). */
const CODE_KEY = `${require("ajv/package.json").version}:${createHash("sha256").update(fs.readFileSync(__filename)).digest("hex")}`;

/**
 * A validator per kind, compiled on first use (compiling all of them takes ~20 s, the KServe
 * InferenceService alone ~6 s). Compiled code is cached on disk, keyed by the schema's hash.
 */
class LazyValidator {
    private fn?: ValidateFunction;
    constructor(
        private readonly ajv: Ajv,
        private readonly schema: Json,
        private readonly hashInput: string,
    ) {}
    get(): ValidateFunction {
        if (this.fn) return this.fn;
        const key = createHash("sha256").update(CODE_KEY).update(this.hashInput).digest("hex").slice(0, 32);
        const file = path.join(CACHE_DIR, `${key}.js`);
        if (fs.existsSync(file)) return (this.fn = require(file));
        const compiled = this.ajv.compile(this.schema);
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, standaloneCode(this.ajv, compiled));
        fs.renameSync(tmp, file);
        return (this.fn = compiled);
    }
}

let cached: Map<string, LazyValidator> | undefined;

function loadValidators(): Map<string, LazyValidator> {
    if (cached) return cached;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false, code: { source: true } });
    const validators = new Map<string, LazyValidator>();

    const swaggerText = fs.readFileSync(sourcePath("kubernetes-openapi"), "utf8");
    const swaggerHash = createHash("sha256").update(swaggerText).digest("hex");
    const swagger = JSON.parse(swaggerText);
    const definitions = strictify(swagger.definitions, { crd: false });
    // resource.Quantity is a string in the schema, but numbers are accepted on the wire.
    definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { anyOf: [{ type: "string" }, { type: "number" }] };
    ajv.addSchema({ $id: "k8s.json", definitions });
    for (const [defName, def] of Object.entries<Json>(swagger.definitions)) {
        for (const g of def["x-kubernetes-group-version-kind"] ?? []) {
            const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
            if (!def.properties?.metadata) continue;
            validators.set(`${apiVersion}/${g.kind}`, new LazyValidator(ajv, { $ref: `k8s.json#/definitions/${defName}` }, `${swaggerHash}:${defName}`));
        }
    }

    const objectMeta = { $ref: "k8s.json#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
    for (const crd of readCrdSchemas()) {
        const strict = strictify(crd.schema, { crd: true });
        strict.properties = { ...strict.properties, metadata: objectMeta };
        strict.required = Array.from(new Set([...(strict.required ?? []), "apiVersion", "kind", "metadata"]));
        validators.set(`${crd.group}/${crd.version}/${crd.kind}`, new LazyValidator(ajv, strict, `${swaggerHash}:${crd.hash}`));
    }
    cached = validators;
    return validators;
}

interface CrdSchema {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
    readonly schema: Json;
    readonly hash: string;
}

/** Every version's openAPIV3Schema in the CRD folder (../shared/crds) and EXTRA_CRDS; YAML parsing is cached (it takes seconds). */
function readCrdSchemas(): CrdSchema[] {
    const files: { file: string; addTypeMeta: boolean }[] = [];
    const addYaml = (p: string, addTypeMeta: boolean) => {
        if (fs.statSync(p).isDirectory()) {
            for (const f of fs.readdirSync(p).sort()) if (/\.ya?ml$/.test(f)) files.push({ file: path.join(p, f), addTypeMeta });
        } else files.push({ file: p, addTypeMeta });
    };
    const crdDir = sourcePath("crds");
    for (const dir of fs.readdirSync(crdDir).sort()) {
        const full = path.join(crdDir, dir);
        if (fs.statSync(full).isDirectory()) addYaml(full, false);
    }
    for (const m of EXTRA_CRDS) addYaml(sourcePath(m.source), m.addTypeMeta);
    const texts = files.map((f) => fs.readFileSync(f.file, "utf8"));
    const hash = createHash("sha256")
        .update(texts.join("\0"))
        .update(JSON.stringify(files.map((f) => f.addTypeMeta)))
        .digest("hex")
        .slice(0, 32);
    const cacheFile = path.join(CACHE_DIR, `crds-${hash}.json`);
    if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    const out: CrdSchema[] = [];
    for (const [i, text] of texts.entries()) {
        for (const doc of parseAllDocuments(text)) {
            const crd = doc.toJS();
            if (crd?.kind !== "CustomResourceDefinition") continue;
            for (const version of crd.spec.versions ?? []) {
                const schema = version.schema?.openAPIV3Schema;
                if (!schema) continue;
                if (files[i].addTypeMeta) schema.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, ...schema.properties };
                const schemaHash = createHash("sha256").update(JSON.stringify(schema)).digest("hex");
                out.push({ group: crd.spec.group, version: version.name, kind: crd.spec.names.kind, schema, hash: schemaHash });
            }
        }
    }
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(`${cacheFile}.${process.pid}.tmp`, JSON.stringify(out));
    fs.renameSync(`${cacheFile}.${process.pid}.tmp`, cacheFile);
    return out;
}

/** The kinds (apiVersion/kind) a schema is loaded for. */
export function knownKinds(): string[] {
    return [...loadValidators().keys()].sort();
}

/** Problems with one object, as `path: message` strings; empty when valid. */
export function schemaErrors(obj: Json): string[] {
    if (!obj || typeof obj !== "object" || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
        return ["object has no apiVersion/kind"];
    }
    const key = `${obj.apiVersion}/${obj.kind}`;
    const lazy = loadValidators().get(key);
    if (!lazy) return [`no schema is loaded for ${key}`];
    const validate = lazy.get();
    if (validate(obj)) return [];
    return (validate.errors ?? []).map((e) => {
        const extra = e.keyword === "additionalProperties" ? ` '${(e.params as Json).additionalProperty}'` : "";
        return `${key} ${obj.metadata?.name ?? "?"}${e.instancePath || "/"}: ${e.message}${extra}`;
    });
}

/** Throws with every problem when any object is invalid. */
export function assertValidKubeObjects(objects: readonly Json[]): void {
    const problems = objects.flatMap((o) => schemaErrors(o));
    if (problems.length > 0) throw new Error(`schema validation failed:\n  ${problems.join("\n  ")}`);
}
