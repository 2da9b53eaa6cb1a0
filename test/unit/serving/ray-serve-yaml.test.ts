import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse, stringify } from "yaml";
import { stringifyServeConfig, writeSimpleYaml } from "../../../src/serving/ray/serve-yaml";

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Strings near the edges of what YAML writes plain: indicators, booleans, numbers, spaces, long ones. */
const TRICKY = [
    "", " ", "a b", "a: b", "a:", ":a", "a:b", "-", "- a", "-a", "?", "? a", "#a", "a #b", "a#b", "~", "null", "Null", "NULL", "nULL",
    "true", "True", "TRUE", "tRUE", "false", "False", "yes", "no", "on", "off", "y", "n", "1", "-1", "+1", "1.5", "1e3", "0x1F", "0o17",
    ".inf", "-.inf", ".nan", ".5", "1.", "0.9e-3", "1_000", "@a", "a@b", "`a", "'a", "\"a", "a'b", "%a", "a%b", "&a", "*a", "!a", "|a", ">a",
    "[a", "a]", "{a", "a}", ",a", "a,b", "a\nb", "a\tb", "\ta", "a ", "---", "...", "--a", "a---", "/mnt/models/llama-3.1-8b-instruct",
    "ray.serve.llm:build_openai_app", "meta-llama/Llama-3.1-8B-Instruct", "s3://bucket/path/to/model", "bfloat16", "model-3", "_x",
    "HF_HOME", "a=b", "a+b", "é", "a\u0085b", "a\u00a0b", "x".repeat(200), `${"word ".repeat(30)}end`, "y".repeat(1024), "y".repeat(1025), "<<",
    ...Array.from({ length: 30 }, (_, i) => `/${"z".repeat(54 + i)}`),
    "=",
];
const KEYS = ["model_id", "model_source", "engine_kwargs", "max_model_len", "dtype", "HF_HOME", "a", "_b", "true", "null", "1", "a b", "a:", "x-y", "", "é", "k".repeat(1024), "k".repeat(1025), "k".repeat(60), "k".repeat(70)];

/** Strings the direct writer takes; most documents draw from these, so it is exercised deeply. */
const PLAIN = TRICKY.filter((s) => /^[A-Za-z_/][A-Za-z0-9_./:@+=-]*$/.test(s) && !s.endsWith(":") && s.length <= 50 && !/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/.test(s));

/** One element of a non-empty list. */
function pick<T>(rnd: () => number, list: readonly T[], length = list.length): T {
    return list[Math.floor(rnd() * length)] as T;
}

/** Odds that a string or key comes from the tricky lists (per document: mostly low). */
let trickiness = 0;

function randomString(rnd: () => number): string {
    return rnd() < trickiness ? pick(rnd, TRICKY) : pick(rnd, PLAIN);
}

function randomValue(rnd: () => number, depth: number, pool: object[]): unknown {
    const r = rnd();
    if (depth > 0 && r < 0.25) return randomMap(rnd, depth - 1, pool);
    if (depth > 0 && r < 0.4) {
        const n = rnd() < trickiness ? Math.floor(rnd() * 4) : 1 + Math.floor(rnd() * 3);
        return Array.from({ length: n }, () => (rnd() < trickiness ? randomValue(rnd, depth - 1, pool) : randomMapOrScalar(rnd, depth - 1, pool)));
    }
    if (r < 0.4 + trickiness * 0.05 && pool.length > 0) return pick(rnd, pool); // a shared object: yaml aliases it
    if (r < 0.42) return rnd() < trickiness ? pick(rnd, [null, undefined]) : rnd() < 0.5;
    if (r < 0.6) {
        const numbers = [0, 1, -7, 8192, 0.9, 1e21, 1e-7, 2 ** 53, 3.25, -0, NaN, Infinity, -Infinity];
        return pick(rnd, numbers, rnd() < trickiness ? numbers.length : 9);
    }
    return randomString(rnd);
}

function randomMapOrScalar(rnd: () => number, depth: number, pool: object[]): unknown {
    return rnd() < 0.5 ? randomMap(rnd, depth, pool) : rnd() < 0.5 ? randomString(rnd) : 8192;
}

function randomMap(rnd: () => number, depth: number, pool: object[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const n = 1 + Math.floor(rnd() * (rnd() < trickiness ? 4 : 5));
    for (let i = 0; i < n; i++) {
        const key = rnd() < trickiness ? pick(rnd, KEYS) : `${pick(rnd, KEYS, 6)}${i}`;
        out[key] = randomValue(rnd, depth, pool);
    }
    if (rnd() < trickiness) pool.push(out);
    return out;
}

describe("serveConfigV2 YAML", () => {
    test("the direct writer writes what yaml.stringify writes, or gives up", () => {
        let written = 0;
        for (let seed = 1; seed <= 6000; seed++) {
            const rnd = prng(seed);
            trickiness = seed % 4 === 0 ? 0.3 : seed % 4 === 1 ? 0.02 : 0;
            const doc = randomMap(rnd, 4, []);
            const direct = writeSimpleYaml(doc);
            if (direct === undefined) continue;
            written++;
            assert.equal(direct, stringify(doc), `seed ${seed}: ${JSON.stringify(doc)}`);
            assert.equal(stringifyServeConfig(doc), direct);
        }
        // The generator must exercise the direct path, not only the fallback.
        assert.ok(written > 3000, `only ${written} documents were written directly`);
    });

    test("long values after long keys, at every depth, as yaml.stringify writes them", () => {
        const wraps: ((x: unknown) => Record<string, unknown>)[] = [
            (x) => x as Record<string, unknown>,
            (x) => ({ a: x }),
            (x) => ({ a: [x] }),
            (x) => ({ a: [{ bb: [x] }] }),
            (x) => ({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: { s: { t: { u: { v: { w: { x: { y: { z: { aa: { ab: { ac: { ad: x } } } } } } } } } } } } } } } } } } } } } } } } } } } } } }),
        ];
        let written = 0;
        for (const wrap of wraps) {
            for (let keyLength = 1; keyLength <= 90; keyLength += 3) {
                for (let valueLength = 1; valueLength <= 90; valueLength++) {
                    for (const value of [`/${"v".repeat(valueLength - 1)}`, [`/${"v".repeat(valueLength - 1)}`]]) {
                        const doc = wrap({ [`k${"k".repeat(keyLength - 1)}`]: value });
                        const direct = writeSimpleYaml(doc);
                        if (direct === undefined) continue;
                        written++;
                        assert.equal(direct, stringify(doc), JSON.stringify(doc));
                    }
                }
            }
        }
        assert.ok(written > 10000, `only ${written} documents were written directly`);
    });

    test("a typical config is written directly, and gives up on what needs yaml's rules", () => {
        const config = {
            applications: [
                {
                    name: "llms",
                    route_prefix: "/",
                    import_path: "ray.serve.llm:build_openai_app",
                    args: {
                        llm_configs: [
                            {
                                model_loading_config: { model_id: "model-3", model_source: "/mnt/models/llama-3.1-8b-instruct-3" },
                                engine_kwargs: { max_model_len: 8192, dtype: "bfloat16", gpu_memory_utilization: 0.9, enforce_eager: true },
                                deployment_config: { autoscaling_config: { min_replicas: 1, max_replicas: 4 } },
                                runtime_env: { env_vars: { HF_HOME: "/tmp/hf" } },
                            },
                        ],
                    },
                },
            ],
        };
        const direct = writeSimpleYaml(config);
        assert.equal(direct, stringify(config));
        assert.deepEqual(parse(direct as string), config);
        for (const odd of [{ a: "a b" }, { a: [] }, { a: {} }, { a: null }, { a: undefined }, { a: [[1]] }, { a: "true" }, { a: new Date(0) }, { "a b": 1 }, { a: NaN }]) {
            assert.equal(writeSimpleYaml(odd), undefined, JSON.stringify(odd));
            assert.equal(stringifyServeConfig(odd), stringify(odd));
        }
        for (const n of [0, -0, 1, -7, 8192, 0.9, -3.5, 0.1 + 0.2, 1e21, -1e21, 1e-7, 2 ** 53, 2 ** 64]) {
            assert.equal(writeSimpleYaml({ a: n, b: [n] }), stringify({ a: n, b: [n] }), String(n));
        }
        const iterable = { a: 1, *[Symbol.iterator]() { yield 1; } };
        assert.equal(writeSimpleYaml({ x: iterable }), undefined);
        const shared = { x: 1 };
        assert.equal(writeSimpleYaml({ a: shared, b: shared }), undefined);
        assert.equal(stringifyServeConfig({ a: shared, b: shared }), stringify({ a: shared, b: shared }));
    });
});
