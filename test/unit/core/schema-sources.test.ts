// Where the schema tests find their schemas (test/support/schema-sources.ts): the order
// environment variable > ../shared > Go module > checksum-verified download, the refusal of a
// download whose sha256 differs, and the one message that lists every missing source. Downloads
// come from a local file server; nothing here reads the real ../shared, Go or the network.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import {
    DEFAULT_SHARED_DIR,
    KUBERNETES_SCHEMA_VERSION,
    SCHEMA_SOURCES,
    resolveSchemaSources,
    sha256File,
    type ResolveOptions,
    type SchemaSource,
} from "../../support/schema-sources";
import { platformVersions } from "../../../src/core/versions";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A static file server (node:http on 127.0.0.1:0) in a child process: resolution is synchronous
 * (it waits for its download helper), so a server in this process could not answer it.
 */
const SERVER = `
const http = require("node:http"), fs = require("node:fs"), path = require("node:path");
const root = process.argv[1];
http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); res.end("not found"); return; }
    res.writeHead(200); res.end(fs.readFileSync(file));
}).listen(0, "127.0.0.1", function () { process.stdout.write(String(this.address().port) + "\\n"); });
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "schema-sources-"));
const served = path.join(tmp, "served");
let server: ChildProcess;
let mirror: string;

/** Writes a file under the served tree for https://upstream.example/<rel>; returns its pinned entry. */
function serve(rel: string, text: string, into: string): { path: string; url: string; sha256: string } {
    const file = path.join(served, "upstream.example", rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return { path: into, url: `https://upstream.example/${rel}`, sha256: sha256(text) };
}

const openapi: SchemaSource = {
    name: "openapi",
    description: "a test OpenAPI document",
    kind: "file",
    envVar: "TEST_OPENAPI",
    go: { module: "example.com/k8s@v1.0.0", path: "api/swagger.json" },
    files: [serve("k8s/v1.0.0/swagger.json", '{"definitions":{}}\n', "swagger.json")],
};
const crds: SchemaSource = {
    name: "crds",
    description: "a test CRD folder",
    kind: "dir",
    envVar: "TEST_CRD_DIR",
    shared: "crds",
    files: [
        serve("kserve/v1/a.yaml", "kind: CustomResourceDefinition # a\n", "kserve-v1/a.yaml"),
        serve("kuberay/v2/b.yaml", "kind: CustomResourceDefinition # b\n", "kuberay-v2/b.yaml"),
    ],
};

/** A folder holding one file, for the env and ../shared steps. */
function folderWith(rel: string): string {
    const dir = fs.mkdtempSync(path.join(tmp, "dir-"));
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), "local\n");
    return dir;
}

/** Options with nothing local: no env, an empty ../shared, no Go, a fresh cache, downloads from the test server. */
function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
    return {
        sources: [openapi, crds],
        env: {},
        sharedDir: path.join(tmp, "no-shared"),
        cacheDir: fs.mkdtempSync(path.join(tmp, "cache-")),
        mirror,
        goModuleDir: false,
        ...extra,
    };
}

before(async () => {
    server = spawn(process.execPath, ["-e", SERVER, served], { stdio: ["ignore", "pipe", "inherit"] });
    const [line] = await once(server.stdout!, "data");
    mirror = `http://127.0.0.1:${String(line).trim()}`;
});

after(() => {
    server.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
});

describe("resolution order", () => {
    test("the environment variable wins over ../shared, Go and the download", () => {
        const shared = folderWith("crds/x/s.yaml");
        const fromEnv = folderWith("x/e.yaml");
        const swagger = path.join(folderWith("swagger.json"), "swagger.json");
        const r = resolveSchemaSources(
            options({ env: { TEST_CRD_DIR: fromEnv, TEST_OPENAPI: swagger }, sharedDir: shared, goModuleDir: () => folderWith("api/swagger.json") }),
        );
        assert.deepEqual(r.get("crds"), { name: "crds", path: fromEnv, via: "env" });
        assert.deepEqual(r.get("openapi"), { name: "openapi", path: swagger, via: "env" });
    });

    test("../shared wins over the download", () => {
        const shared = folderWith("crds/x/s.yaml");
        const r = resolveSchemaSources(options({ sharedDir: shared }));
        assert.deepEqual(r.get("crds"), { name: "crds", path: path.join(shared, "crds"), via: "shared" });
    });

    test("the Go module wins over the download; a failing Go step falls through to it", () => {
        const mod = folderWith("api/swagger.json");
        const asked: string[] = [];
        const viaGo = resolveSchemaSources(options({ sources: [openapi], goModuleDir: (m) => (asked.push(m), mod) }));
        assert.deepEqual(viaGo.get("openapi"), { name: "openapi", path: path.join(mod, "api/swagger.json"), via: "go" });
        assert.deepEqual(asked, ["example.com/k8s@v1.0.0"]);
        const noGo = resolveSchemaSources(
            options({
                sources: [openapi],
                goModuleDir: () => {
                    throw new Error("go is not installed");
                },
            }),
        );
        assert.equal(noGo.get("openapi")!.via, "download");
    });

    test("the download is used when nothing else is there, verified by sha256 and laid out as the table says", () => {
        const o = options();
        const r = resolveSchemaSources(o);
        const file = r.get("openapi")!;
        assert.equal(file.via, "download");
        assert.ok(file.path.startsWith(o.cacheDir!));
        assert.equal(sha256File(file.path), openapi.files[0].sha256);
        const dir = r.get("crds")!;
        assert.equal(dir.via, "download");
        for (const f of crds.files) assert.equal(sha256File(path.join(dir.path, f.path)), f.sha256);
        assert.deepEqual(fs.readdirSync(dir.path).sort(), ["kserve-v1", "kuberay-v2"]);
    });

    test("a cached download is checked again: kept when intact, fetched anew when altered", () => {
        const o = options({ sources: [crds] });
        const first = resolveSchemaSources(o).get("crds")!.path;
        const altered = path.join(first, "kserve-v1/a.yaml");
        fs.writeFileSync(altered, "tampered\n");
        const again = resolveSchemaSources(o).get("crds")!.path;
        assert.equal(again, first);
        assert.equal(sha256File(altered), crds.files[0].sha256);
        // With the server unreachable, the intact cache still serves.
        assert.equal(resolveSchemaSources({ ...o, mirror: "http://127.0.0.1:9" }).get("crds")!.path, first);
    });

    test("an environment variable naming a missing path is an error, not a reason to look elsewhere", () => {
        const shared = folderWith("crds/x/s.yaml");
        assert.throws(
            () => resolveSchemaSources(options({ sources: [crds], sharedDir: shared, env: { TEST_CRD_DIR: "/no/such/dir" } })),
            /crds: a test CRD folder\n\s+tried: TEST_CRD_DIR=\/no\/such\/dir does not exist\n\s+to get it: point TEST_CRD_DIR at an existing path, or unset it/,
        );
    });
});

describe("checksums", () => {
    test("a download whose sha256 differs is refused, naming both checksums, and not kept", () => {
        const wrong = "0".repeat(64);
        const bad: SchemaSource = { ...openapi, files: [{ ...openapi.files[0], sha256: wrong }] };
        const o = options({ sources: [bad] });
        assert.throws(
            () => resolveSchemaSources(o),
            (e: Error) => {
                assert.match(e.message, /swagger\.json: refused: its sha256 is ([0-9a-f]{64}), the recorded one 0{64}/);
                assert.ok(e.message.includes(openapi.files[0].sha256), "the actual sha256 is named");
                return true;
            },
        );
        const left = fs.readdirSync(o.cacheDir!, { recursive: true }).map(String);
        assert.deepEqual(
            left.filter((f) => f.endsWith(".json") || f.includes(".download-")),
            [],
        );
    });
});

describe("the message when sources are missing", () => {
    test("one error lists every missing source, what was tried and how to get it", () => {
        const gone: SchemaSource = { ...crds, files: [{ path: "x/gone.yaml", url: "https://upstream.example/gone.yaml", sha256: "1".repeat(64) }] };
        const bad: SchemaSource = { ...openapi, files: [{ ...openapi.files[0], sha256: "0".repeat(64) }] };
        const sharedDir = path.join(tmp, "no-shared");
        let message = "";
        try {
            resolveSchemaSources(
                options({
                    sources: [bad, gone],
                    goModuleDir: () => {
                        throw new Error("go is not installed");
                    },
                }),
            );
        } catch (e) {
            message = (e as Error).message;
        }
        const lines = message.split("\n");
        assert.match(
            lines[0],
            /^The schema tests cannot find 2 of their sources \(see docs\/CONTRIBUTING\.md, "Running the tests outside the usual layout"\):$/,
        );
        assert.equal(lines.filter((l) => l.startsWith("- ")).length, 2);
        // openapi: env unset, Go failed, the download refused; how: env, Go, network.
        assert.match(
            message,
            /- openapi: a test OpenAPI document\n\s+tried: TEST_OPENAPI is not set; Go module example\.com\/k8s@v1\.0\.0: go is not installed; download: .*refused/,
        );
        assert.match(
            message,
            /to get it: set TEST_OPENAPI to a copy of the file; or install Go \(the tests then run `go mod download example\.com\/k8s@v1\.0\.0`\); or allow downloads from upstream\.example \(or set LLM_SERVING_SCHEMA_MIRROR to a mirror of it\)/,
        );
        // crds: env unset, no ../shared, the download 404s; how: env, the sibling checkout, network.
        assert.ok(
            message.includes(
                `tried: TEST_CRD_DIR is not set; ${path.join(sharedDir, "crds")} does not exist; download: ${mirror}/upstream.example/gone.yaml: HTTP 404`,
            ),
        );
        assert.ok(
            message.includes(
                `to get it: set TEST_CRD_DIR to a folder holding its files; or check out the shared folder next to this repository, so that ${path.join(sharedDir, "crds")} exists; or allow downloads`,
            ),
        );
    });

    test("files failing alike are one line", () => {
        const many: SchemaSource = {
            ...crds,
            files: ["a", "b", "c"].map((n) => ({ path: `${n}.yaml`, url: `https://upstream.example/missing/${n}.yaml`, sha256: "2".repeat(64) })),
        };
        assert.throws(
            () => resolveSchemaSources(options({ sources: [many] })),
            /download: 3 files \(http:\/\/127\.0\.0\.1:\d+\/upstream\.example\/missing\/a\.yaml, \.\.\.\): HTTP 404/,
        );
    });
});

describe("the real table", () => {
    test("pins the Kubernetes version the library's schema tests name, and every file at an https URL with a sha256", () => {
        assert.equal(KUBERNETES_SCHEMA_VERSION, platformVersions.kubernetesSchema);
        assert.deepEqual(
            SCHEMA_SOURCES.map((s) => s.name),
            ["kubernetes-openapi", "crds", "gateway-api-crds", "istio-crds"],
        );
        for (const s of SCHEMA_SOURCES) {
            assert.ok(s.envVar.startsWith("LLM_SERVING_"), s.name);
            if (s.kind === "file") assert.equal(s.files.length, 1, s.name);
            for (const f of s.files) {
                assert.match(f.url, /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v?[\w.-]+\//, f.url);
                assert.match(f.sha256, /^[0-9a-f]{64}$/, f.url);
            }
        }
    });

    const sharedCrds = path.join(DEFAULT_SHARED_DIR, "crds");
    test(
        "lists exactly the files of ../shared/crds, with their checksums (when ../shared is there)",
        { skip: !fs.existsSync(sharedCrds) && "no ../shared/crds" },
        () => {
            const table = SCHEMA_SOURCES.find((s) => s.name === "crds")!;
            const onDisk = fs
                .readdirSync(sharedCrds, { recursive: true })
                .map(String)
                .filter((f) => f.endsWith(".yaml"))
                .sort();
            assert.deepEqual(table.files.map((f) => f.path).sort(), onDisk);
            for (const f of table.files) assert.equal(sha256File(path.join(sharedCrds, f.path)), f.sha256, f.path);
        },
    );
});
