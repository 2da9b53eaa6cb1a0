// Benchmark 3, the measuring process: `pulumi up` of the examples' Kubernetes layer against a local
// cluster twin (test/e2e/support/twin: scheduler, controllers, kubelet stand-in), beside the same objects applied with server-side apply, the way
// `kubectl apply --server-side` sends them. Prints one JSON document on stdout.
//
//   TSX_TSCONFIG_PATH=tsconfig.test.json node --import tsx bench/apply/child.ts [--runs 3]
//
// Per example and run, each in a namespace of its own on one API server (so nothing is deleted
// between runs, and every apply creates):
//   library: `pulumi up --skip-preview` of the example (CLI, program host, provider, objects);
//            then `pulumi preview` with nothing changed (the no-op a pull request runs).
//   engine:  `pulumi up --skip-preview` of a program that registers the offline plan's objects with
//            pulumi.CustomResource directly (namespaces first): the engine without the library.
//   empty:   once per run, `pulumi up` of a program that registers nothing: the engine's fixed cost.
//   ssa:     PATCH application/apply-patch+yaml (fieldManager kubectl, force) of the offline plan's
//            objects, in the plan's apply order, one request each: what kubectl apply
//            --server-side sends, without kubectl's process start and discovery (done untimed).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../../test/e2e/support/engine";
import { objectPath, offlinePlan, openExample } from "../../test/e2e/support/example";
import { startTwin } from "../../test/e2e/support/twin";
import { kubeRequest, type KubeTarget } from "../../test/e2e/support/kube";

const EXAMPLES: { name: string; dir: string; config: Record<string, string> }[] = [
    { name: "kserve-vllm", dir: path.join(repoRoot, "examples/kserve-vllm"), config: {} },
    { name: "rayllm", dir: path.join(repoRoot, "examples/rayllm"), config: { installOperator: "false" } },
    { name: "openllm", dir: path.join(repoRoot, "examples/openllm"), config: {} },
    { name: "triton-vllm", dir: path.join(repoRoot, "examples/triton-vllm"), config: {} },
    { name: "djl-bloom", dir: path.join(repoRoot, "test/e2e/programs/djl-bloom"), config: {} },
];

const ENGINE_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
const planned: { type: string; name: string; object: any; retainOnDelete: boolean }[] = require("./objects.json");
const namespaces = planned.filter((p) => p.object.kind === "Namespace").map((p) => new pulumi.CustomResource(p.type, p.name, p.object));
for (const p of planned) {
    if (p.object.kind !== "Namespace") new pulumi.CustomResource(p.type, p.name, p.object, { dependsOn: namespaces, retainOnDelete: p.retainOnDelete });
}
`;

async function timed<T>(f: () => Promise<T>): Promise<number> {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
}

async function serverSideApply(target: KubeTarget, objects: any[]): Promise<void> {
    for (const o of objects) {
        const url = await objectPath(target, o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
        const res = await kubeRequest(target, "PATCH", `${url}?fieldManager=kubectl&force=true`, o, "application/apply-patch+yaml");
        if (res.status !== 200 && res.status !== 201) throw new Error(`apply ${o.kind} ${o.metadata.name}: ${res.status} ${JSON.stringify(res.body)}`);
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
    const runs = Number(values.runs);
    const apiserver = await startTwin();
    const results: any[] = [];
    const empty: number[] = [];
    try {
        // The engine's fixed cost: `pulumi up` of a program that registers nothing.
        const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-bench-empty-"));
        try {
            fs.writeFileSync(path.join(emptyDir, "Pulumi.yaml"), "name: bench-empty\nruntime: nodejs\n");
            fs.writeFileSync(path.join(emptyDir, "index.ts"), "export {};\n");
            for (let run = 0; run < runs; run++) {
                process.stderr.write(`apply: empty program run ${run + 1}/${runs}\n`);
                const stack = await openExample(apiserver, { dir: emptyDir });
                try {
                    empty.push(await timed(() => stack.up()));
                } finally {
                    await stack.close();
                }
            }
        } finally {
            fs.rmSync(emptyDir, { recursive: true, force: true });
        }
        for (const ex of EXAMPLES) {
            const samples = { library: [] as number[], preview: [] as number[], engine: [] as number[], ssa: [] as number[] };
            let objectCount = 0;
            for (let run = 0; run < runs; run++) {
                const ns = (method: string) => `bench-${ex.name}-${method}-${run}`.slice(0, 63);
                const plan = async (namespace: string) => {
                    const p = await offlinePlan(ex.dir, "dev", { ...ex.config, namespace });
                    for (const [key, unknowns] of p.unknowns) if (unknowns.length > 0) throw new Error(`${ex.name}: ${key} has unknown values`);
                    return p;
                };
                const methods: Record<string, () => Promise<void>> = {
                    library: async () => {
                        const stack = await openExample(apiserver, { dir: ex.dir, config: { ...ex.config, namespace: ns("lib") } });
                        try {
                            samples.library.push(await timed(() => stack.up()));
                            samples.preview.push(await timed(() => stack.previewOps()));
                            objectCount = (await stack.stateObjects()).length;
                        } finally {
                            await stack.close();
                        }
                    },
                    engine: async () => {
                        const namespace = ns("eng");
                        const p = await plan(namespace);
                        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llm-serving-bench-engine-"));
                        try {
                            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-engine\nruntime: nodejs\n");
                            fs.writeFileSync(path.join(dir, "index.ts"), ENGINE_PROGRAM);
                            fs.writeFileSync(path.join(dir, "objects.json"), JSON.stringify(p.kubernetes));
                            fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
                            const stack = await openExample(apiserver, { dir });
                            try {
                                samples.engine.push(await timed(() => stack.up()));
                            } finally {
                                await stack.close();
                            }
                        } finally {
                            fs.rmSync(dir, { recursive: true, force: true });
                        }
                    },
                    ssa: async () => {
                        const objects = (await plan(ns("ssa"))).kubernetes.map((k) => k.object);
                        for (const o of objects) await objectPath(apiserver, o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
                        samples.ssa.push(await timed(() => serverSideApply(apiserver, objects)));
                    },
                };
                // Interleaved, the order rotating per run: the machine's noise falls on all three.
                const order = ["library", "engine", "ssa"];
                for (let i = 0; i < order.length; i++) {
                    const m = order[(i + run) % order.length];
                    process.stderr.write(`apply: ${ex.name} run ${run + 1}/${runs}: ${m}\n`);
                    await methods[m]();
                }
            }
            results.push({ example: ex.name, objects: objectCount, samples });
        }
    } finally {
        await apiserver.stop();
    }
    process.stdout.write(JSON.stringify({ runs, empty, results }) + "\n");
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
