/**
 * Validates rendered Kubernetes objects against the real schemas, strictly:
 * - built-in kinds against the Kubernetes OpenAPI (swagger) document of k8s.io/kubernetes
 *   (fetched by scripts/fetch-schemas.sh through the Go module proxy);
 * - custom resources against the CRD YAML in ../shared/crds (KServe, KubeRay, LWS, KEDA,
 *   prometheus-operator, Knative operator).
 * Unlike the API server (which silently prunes), an undeclared field is an error wherever the
 * schema does not preserve unknown fields, so a typo in a field name fails the test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import Ajv, { type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";
import { platformVersions } from "../../src/core/versions";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const CRD_DIR = process.env.LLM_SERVING_CRD_DIR ?? path.resolve(REPO_ROOT, "..", "shared", "crds");

type Json = any;

export function kubernetesSwaggerPath(): string {
    const explicit = process.env.LLM_SERVING_K8S_SWAGGER;
    if (explicit) return explicit;
    const modCache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
    return path.join(modCache, `k8s.io/kubernetes@v${platformVersions.kubernetesSchema}`, "api/openapi-spec/swagger.json");
}

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

/** A validator per kind, compiled on first use (compiling all of them takes ~20 s). */
class LazyValidator {
    private fn?: ValidateFunction;
    constructor(private readonly compile: () => ValidateFunction) {}
    get(): ValidateFunction {
        return (this.fn ??= this.compile());
    }
}

let cached: Map<string, LazyValidator> | undefined;

function loadValidators(): Map<string, LazyValidator> {
    if (cached) return cached;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validators = new Map<string, LazyValidator>();

    const swaggerFile = kubernetesSwaggerPath();
    if (!fs.existsSync(swaggerFile)) {
        throw new Error(`Kubernetes OpenAPI schema not found at ${swaggerFile}: run scripts/fetch-schemas.sh (or npm run fetch-schemas)`);
    }
    const swagger = JSON.parse(fs.readFileSync(swaggerFile, "utf8"));
    const definitions = strictify(swagger.definitions, { crd: false });
    // resource.Quantity is a string in the schema, but numbers are accepted on the wire.
    definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { anyOf: [{ type: "string" }, { type: "number" }] };
    ajv.addSchema({ $id: "k8s.json", definitions });
    for (const [defName, def] of Object.entries<Json>(swagger.definitions)) {
        for (const g of def["x-kubernetes-group-version-kind"] ?? []) {
            const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
            if (!def.properties?.metadata) continue;
            validators.set(`${apiVersion}/${g.kind}`, new LazyValidator(() => ajv.compile({ $ref: `k8s.json#/definitions/${defName}` })));
        }
    }

    const objectMeta = { $ref: "k8s.json#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
    for (const dir of fs.readdirSync(CRD_DIR)) {
        const full = path.join(CRD_DIR, dir);
        if (!fs.statSync(full).isDirectory()) continue;
        for (const file of fs.readdirSync(full).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))) {
            for (const doc of parseAllDocuments(fs.readFileSync(path.join(full, file), "utf8"))) {
                const crd = doc.toJS();
                if (crd?.kind !== "CustomResourceDefinition") continue;
                for (const version of crd.spec.versions ?? []) {
                    const schema = version.schema?.openAPIV3Schema;
                    if (!schema) continue;
                    const strict = strictify(schema, { crd: true });
                    strict.properties = { ...strict.properties, metadata: objectMeta };
                    strict.required = Array.from(new Set([...(strict.required ?? []), "apiVersion", "kind", "metadata"]));
                    validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, new LazyValidator(() => ajv.compile(strict)));
                }
            }
        }
    }
    cached = validators;
    return validators;
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
