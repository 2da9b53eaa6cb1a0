/**
 * Issue 17 §4: pass-through flags and engine keys checked against the engine each pinned image
 * ships. The data files must be well-formed and match core/versions. Two vLLM sets are derived at
 * their release's commit, 0.24.0 (KServe's Hugging Face server) and 0.11.1 (Triton 25.12): they are
 * checked with real flags. For 0.28.0 none is (see pinned-engines.ts), so the per-component tests
 * register a FIXTURE set (below, made up for the test and named as such) under that version to
 * check the wiring: which engine each component and mode checks against, the field, the message,
 * the image opt-out.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { images, platformVersions } from "../../../src/core/versions";
import { ProblemList } from "../../../src/core/validation";
import {
    checkEngineFlags,
    checkEngineKeys,
    closest,
    isKnownFlag,
    KSERVE_HF_FLAG_SETS,
    PINNED_ENGINES,
    uncheckedEngineWarning,
    VLLM_FLAG_SETS,
    vllmServiceEngine,
    type EngineFlagSet,
} from "../../../src/serving/common/pinned-engines";
import { ACCEPTED_FLAGS, CORE_ENGINE_KEYS } from "../../support/pass-through-cases";

const { vllm, dist, triton, ray } = loadUnderMocks(["vllm", "dist", "triton", "ray"]);

const DATA_DIR = join(__dirname, "../../../src/serving/common/engine-flag-sets");

describe("engine flag-set data files", () => {
    const files = readdirSync(DATA_DIR).filter((f) => f.endsWith(".json"));
    test("there is at least the KServe Hugging Face server's set", () =>
        assert.ok(files.includes(`kserve-huggingfaceserver-${platformVersions.kserve.replace(/^v/, "")}.json`)));
    for (const file of files) {
        const data = JSON.parse(readFileSync(join(DATA_DIR, file), "utf8")) as EngineFlagSet;
        test(`${file} is well-formed and says where it came from`, () => {
            assert.equal(file, `${data.engine}-${data.version}.json`);
            assert.match(data.version, /^\d+\.\d+\.\d+$/);
            assert.match(
                data.source,
                new RegExp(`@v${data.version.replace(/\./g, "\\.")} \\([0-9a-f]{40}\\):\\S+`),
                "source names repository@tag (commit):files",
            );
            assert.match(data.derivedBy, /^scripts\/derive-engine-flags\.mjs /);
            if (data.readFrom !== undefined) {
                const commit = /\(([0-9a-f]{40})\)/.exec(data.source)![1];
                assert.ok(data.readFrom.includes(commit), "readFrom names the copy holding the tag's commit");
                assert.ok(data.tagEvidence?.includes(commit), "tagEvidence says why the tag is that commit");
                assert.ok(data.derivedBy.includes(`--commit ${commit}`), "derivedBy repeats the commit");
            }
            assert.ok(data.flags.length > 0);
            assert.deepEqual([...data.flags].sort(), data.flags, "sorted");
            assert.equal(new Set(data.flags).size, data.flags.length, "no duplicates");
            for (const f of data.flags) assert.match(f, /^--[a-z0-9][a-z0-9_-]*$/, f);
            for (const k of data.engineArgKeys ?? []) assert.match(k, /^[a-z][a-z0-9_]*$/, k);
        });
        test(`${file} matches core/versions and is registered`, () => {
            if (data.engine === "kserve-huggingfaceserver") {
                assert.equal(`v${data.version}`, platformVersions.kserve);
                assert.ok(images.kserveHuggingFaceServerGpu.includes(`:v${data.version}`), images.kserveHuggingFaceServerGpu);
                assert.deepEqual(KSERVE_HF_FLAG_SETS[data.version], data);
            } else {
                assert.equal(data.engine, "vllm");
                const pinned = Object.values(PINNED_ENGINES).map((e) => e.vllmVersion);
                assert.ok(pinned.includes(data.version), `vLLM ${data.version} is shipped by no pinned image (${pinned.join(", ")})`);
                assert.deepEqual(VLLM_FLAG_SETS[data.version], data);
            }
        });
    }
    test("the KServe set holds the server's own flags (derived at kserve@v0.20.0)", () => {
        const set = KSERVE_HF_FLAG_SETS["0.20.0"];
        for (const f of [
            "--model_name",
            "--model_id",
            "--model_dir",
            "--backend",
            "--http_port",
            "--disable_log_requests",
            "--max_log_len",
            "--return_probabilities",
        ])
            assert.ok(set.flags.includes(f), f);
    });
});

describe("vLLM 0.24.0's set (derived at v0.24.0's commit ee0da84)", () => {
    const set = VLLM_FLAG_SETS["0.24.0"];
    test("is registered and read at the commit the v0.24.0 tag points at", () => {
        assert.ok(set);
        assert.match(set.source, /^vllm-project\/vllm@v0\.24\.0 \(ee0da84ab9e04ac7610e28580af62c365e898389\):vllm\/engine\/arg_utils\.py,/);
        assert.match(set.tagEvidence ?? "", /coreweave\/ml-containers/);
    });
    test("holds vLLM's engine, frontend and serve flags", () => {
        for (const f of [
            "--model",
            "--max-num-seqs",
            "--max-num-batched-tokens",
            "--enable-log-requests",
            "--enable-prefix-caching",
            "--kv-cache-dtype",
            "--compilation-config",
            "--speculative-config",
            "--tool-call-parser",
            "--chat-template",
            "--lora-modules",
            "--uvicorn-log-level",
            "--headless",
            "--api-server-count",
        ])
            assert.ok(set.flags.includes(f), f);
        for (const k of ["model", "max_num_seqs", "enforce_eager", "enable_log_requests", "gpu_memory_utilization"])
            assert.ok(set.engineArgKeys!.includes(k), k);
    });
    test("lacks flags vLLM removed before 0.24.0", () => {
        for (const f of ["--disable-log-requests", "--swap-space", "--guided-decoding-backend", "--max-seq-len-to-capture", "--task"]) {
            assert.ok(!isKnownFlag(f, [set]), f);
        }
        assert.ok(!set.engineArgKeys!.includes("disable_log_requests"));
    });
    test("the shared accepted flags are all flags of vLLM 0.24.0", () =>
        assert.deepEqual(
            ACCEPTED_FLAGS.filter((f) => !isKnownFlag(f, [set])),
            [],
        ));
});

describe("engine-argument fields that vLLM's parser makes no flag of", () => {
    test("0.24.0: model_weights, mamba_config and enable_mm_processor_stats are engine keys, not flags", () => {
        const set = VLLM_FLAG_SETS["0.24.0"];
        for (const k of ["model_weights", "mamba_config", "enable_mm_processor_stats"]) {
            assert.ok(set.engineArgKeys!.includes(k), k);
            assert.ok(!set.flags.includes(`--${k.replace(/_/g, "-")}`), k);
        }
    });
});

describe("vLLM 0.11.1's set (derived at v0.11.1's commit 4393684, for Triton 25.12)", () => {
    const set = VLLM_FLAG_SETS["0.11.1"];
    test("is registered and read at the commit the v0.11.1 tag points at", () => {
        assert.ok(set);
        assert.match(set.source, /^vllm-project\/vllm@v0\.11\.1 \(439368496db48d8f992ba8c606a0c0b1eebbfa69\):vllm\/engine\/arg_utils\.py,/);
        assert.equal(PINNED_ENGINES.tritonVllm.flagSets?.[0], set);
    });
    test("holds 0.11.1's flags, its deprecated --guided-decoding-* included, and its engine keys", () => {
        for (const f of [
            "--model",
            "--max-num-seqs",
            "--disable-log-requests",
            "--enable-log-requests",
            "--swap-space",
            "--guided-decoding-backend",
            "--headless",
        ])
            assert.ok(set.flags.includes(f), f);
        for (const k of ["model", "max_num_seqs", "enforce_eager", "gpu_memory_utilization", "swap_space"]) assert.ok(set.engineArgKeys!.includes(k), k);
    });
    test("lacks what it does not define: model_weights (added later), --max-seq-len-to-capture (removed earlier)", () => {
        assert.ok(!set.engineArgKeys!.includes("model_weights"));
        assert.ok(!isKnownFlag("--max-seq-len-to-capture", [set]));
    });
});

describe("pinned engines: versions as core/versions pins them", () => {
    test("vllm/vllm-openai's tag is its vLLM version", () => {
        assert.equal(`vllm/vllm-openai:v${PINNED_ENGINES.vllmOpenAi.vllmVersion}`, images.vllmOpenAi);
        assert.equal(PINNED_ENGINES.vllmOpenAi.label, `vLLM 0.28.0 (${images.vllmOpenAi})`);
    });
    test("each engine names its image, and says where its version came from or why it is unknown", () => {
        assert.equal(PINNED_ENGINES.kserveHuggingFace.image, images.kserveHuggingFaceServerGpu);
        assert.equal(PINNED_ENGINES.kserveHuggingFace.vllmVersion, "0.24.0");
        assert.match(PINNED_ENGINES.kserveHuggingFace.versionSource, /kserve\/kserve@v0\.20\.0/);
        assert.equal(PINNED_ENGINES.tritonVllm.image, images.tritonVllm);
        assert.equal(PINNED_ENGINES.tritonVllm.vllmVersion, "0.11.1");
        assert.equal(PINNED_ENGINES.rayLlm.image, images.rayLlm);
        assert.equal(PINNED_ENGINES.rayLlm.vllmVersion, undefined);
        assert.match(PINNED_ENGINES.rayLlm.versionSource, /not established/);
    });
    test("an engine without a vLLM set derived at its tag refuses nothing as unknown, and says why", () => {
        for (const e of Object.values(PINNED_ENGINES)) {
            if (VLLM_FLAG_SETS[e.vllmVersion ?? ""]) continue;
            assert.equal(e.flagSets, undefined);
            assert.ok(e.unavailable);
            const problems = new ProblemList();
            checkEngineFlags(["--surely-not-a-flag"], "f", e, undefined, problems);
            checkEngineKeys(["surely_not_a_key"], "k", e, undefined, problems);
            assert.equal(problems.size, 0);
        }
    });
    test("VllmInferenceService: deployment and kserve vllm -> vLLM's image, kserve huggingface -> KServe's server", () => {
        assert.equal(vllmServiceEngine("deployment", "huggingface").image, images.vllmOpenAi);
        assert.equal(vllmServiceEngine("deployment", "vllm").image, images.vllmOpenAi);
        assert.equal(vllmServiceEngine("kserve", "huggingface").image, images.kserveHuggingFaceServerGpu);
        assert.equal(vllmServiceEngine("kserve", "vllm").image, images.vllmOpenAi);
    });
});

/** The GPU pool the components are scheduled on in the per-component tests. */
const pool = { nodeSelector: { pool: "h100" }, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpusPerNode: 8, gpuMemoryGiB: 80 };

describe("preview warning where the check is off (no set for the engine)", () => {
    let vllmWarnings: typeof import("../../../src/serving/vllm/validate").vllmWarnings;
    let distributedWarnings: typeof import("../../../src/serving/distributed/validate").distributedWarnings;
    let tritonWarnings: typeof import("../../../src/serving/triton/render").tritonWarnings;
    before(async () => {
        ({ vllmWarnings } = await import("../../../src/serving/vllm/validate"));
        ({ distributedWarnings } = await import("../../../src/serving/distributed/validate"));
        ({ tritonWarnings } = await import("../../../src/serving/triton/render"));
    });
    const unset = (v: string | undefined) => v === undefined || VLLM_FLAG_SETS[v] === undefined;

    test("names the field, the engine and why; nothing without entries, with a set, or with the user's image", () => {
        if (!unset(PINNED_ENGINES.vllmOpenAi.vllmVersion)) return; // a real 0.28.0 set: nothing to warn about
        assert.equal(
            uncheckedEngineWarning("model.extraArgs", 1, PINNED_ENGINES.vllmOpenAi, undefined),
            `model.extraArgs not checked against vLLM 0.28.0 (${images.vllmOpenAi}): no flag set of this vLLM release is derived (no readable git copy held its tagged commit: vllm-project/vllm is over the fetch size limit and the forks' copies predate the release), so a flag it lacks fails only when the server starts`,
        );
        assert.equal(uncheckedEngineWarning("model.extraArgs", 0, PINNED_ENGINES.vllmOpenAi, undefined), undefined);
        assert.equal(uncheckedEngineWarning("model.extraArgs", 2, PINNED_ENGINES.vllmOpenAi, "example.com/vllm:1.0"), undefined);
        assert.equal(uncheckedEngineWarning("model.extraArgs", 2, PINNED_ENGINES.kserveHuggingFace, undefined), undefined);
        assert.match(
            uncheckedEngineWarning("f", 1, PINNED_ENGINES.rayLlm, undefined)!,
            /^f not checked against vLLM \(rayproject\/ray-llm:.*\): the image's vLLM release is not established/,
        );
    });
    test("VllmInferenceService: deployment warns once for its extraArgs; KServe's Hugging Face server (a real set) does not", () => {
        const withExtra = (more: object) => ({
            namespace: "llm",
            model: { source: { volume, path: "bloom" }, extraArgs: ["--max-num-seqs=8", "--enforce-eager"] },
            ...more,
        });
        const deployment = vllmWarnings(vllm.resolveVllmArgs("bloom", withExtra({ mode: "deployment" })));
        assert.equal(deployment.length, unset("0.28.0") ? 1 : 0);
        if (unset("0.28.0")) assert.match(deployment[0], /^model\.extraArgs not checked against vLLM 0\.28\.0/);
        assert.deepEqual(vllmWarnings(vllm.resolveVllmArgs("bloom", withExtra({ mode: "kserve", kserve: { runtime: "huggingface" } }))), []);
        // KServe's vllm runtime runs the pinned vLLM image (set on the predictor), so it warns as deployment does.
        assert.deepEqual(vllmWarnings(vllm.resolveVllmArgs("bloom", withExtra({ mode: "kserve", kserve: { runtime: "vllm" } }))), deployment);
        assert.deepEqual(
            vllmWarnings(vllm.resolveVllmArgs("bloom", { namespace: "llm", mode: "deployment", model: { source: { volume, path: "bloom" } } })),
            [],
        );
    });
    test("DistributedServing, Triton (vllm), RayLLMApp: one warning each where entries go unchecked", () => {
        const d = dist.resolveDistributedArgs("llama", {
            namespace: "llm",
            nodes: 2,
            gpuPool: pool,
            model: { source: { volume, path: "llama" }, extraArgs: ["--max-num-seqs=8"] },
        });
        assert.equal(distributedWarnings(d).length, unset("0.28.0") ? 1 : 0);
        const t = triton.resolveTritonArgs("qwen", {
            namespace: "llm",
            backend: "vllm",
            model: { source: { volume, path: "qwen" }, vllm: { engineArgs: { max_num_seqs: 8 } } },
        });
        const tw = tritonWarnings(t);
        assert.equal(tw.length, unset("0.11.1") ? 1 : 0);
        if (unset("0.11.1"))
            assert.match(String(tw[0]), /^model\.vllm\.engineArgs not checked against vLLM 0\.11\.1 \(nvcr\.io\/nvidia\/tritonserver:25\.12-vllm-python-py3\)/);
        const model = (id: string) => ({ id, source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" }, engine: { extra: { max_num_seqs: 8 } } });
        const r = ray.resolveRayLlmArgs("chat", { namespace: "llm", workerGroups: [{ name: "gpu", replicas: { min: 2 } }], models: [model("a"), model("b")] });
        assert.deepEqual(
            r.warnings.filter((w) => w.includes("not checked")),
            [`models[].engine.extra not checked against vLLM (${images.rayLlm}): ${PINNED_ENGINES.rayLlm.unavailable}`],
        );
    });
});

/** FIXTURE, not vLLM's real set: a few real flag names plus one the "newer" fixture dropped. */
const FIXTURE_FLAGS = [
    "--model",
    "--served-model-name",
    "--tensor-parallel-size",
    "--pipeline-parallel-size",
    "--dtype",
    "--max-model-len",
    "--gpu-memory-utilization",
    "--max-num-seqs",
    "--max-num-batched-tokens",
    "--enforce-eager",
    "--enable-chunked-prefill",
    "--model-impl",
    "--enable-prefix-caching",
    "--port",
    "--host",
    "--api-key",
    "--hf-token",
    "--chat-template-content-format",
    "--override-generation-config",
    "--tool-call-parser",
    "--nnodes",
    "--node-rank",
    "--master-addr",
    "--master-port",
    "--headless",
    "--distributed-executor-backend",
    "--enable-log-requests",
];
/** The keys every vLLM-running component writes, and three a user may pass. */
const FIXTURE_KEYS = [...CORE_ENGINE_KEYS, "max_num_seqs", "enforce_eager", "enable_log_requests"];
/** The flag the fixture's older release had and its pinned release dropped (as vLLM replaced `--disable-log-requests` by `--enable-log-requests`). */
const REMOVED_FLAG = "--disable-log-requests";
const fixture = (version: string): EngineFlagSet => ({
    engine: "vllm",
    version,
    source: "FIXTURE",
    derivedBy: "FIXTURE",
    flags: FIXTURE_FLAGS,
    engineArgKeys: FIXTURE_KEYS,
});

describe("checking against a flag set (fixture)", () => {
    const engine = {
        image: "example/vllm:v9.9.9",
        vllmVersion: "9.9.9",
        versionSource: "fixture",
        label: "vLLM 9.9.9 (example/vllm:v9.9.9)",
        flagSets: [fixture("9.9.9")],
    };
    const check = (flags: string[], image?: string) => {
        const problems = new ProblemList();
        checkEngineFlags(flags, "model.extraArgs", engine, image, problems);
        return (problems as unknown as { problems: { propertyPath: string; reason: string }[] }).problems;
    };
    test("an unknown flag is refused naming the version and image", () => {
        assert.deepEqual(check(["--max-num-seqs=8", "--foo-bar=1"]), [
            { propertyPath: "model.extraArgs[1]", reason: "--foo-bar is not a flag of vLLM 9.9.9 (example/vllm:v9.9.9)" },
        ]);
    });
    test("a near miss gets the closest flag as a hint", () => {
        assert.equal(check(["--max-num-seqz=8"])[0].reason, "--max-num-seqz is not a flag of vLLM 9.9.9 (example/vllm:v9.9.9); did you mean --max-num-seqs?");
        assert.match(check(["--enforce_eagr"])[0].reason, /did you mean --enforce-eager\?$/);
    });
    test("a removed flag is refused", () => assert.match(check([REMOVED_FLAG])[0].reason, /--disable-log-requests is not a flag of vLLM 9\.9\.9/));
    test("every spelling vLLM's parser accepts is known", () => {
        for (const f of [
            "--max-num-seqs=8",
            "--max_num_seqs=8",
            "--enforce-eager",
            "--no-enable-prefix-caching",
            "--override-generation-config.temperature=0.5",
            "--max-num-b=1",
            "--chat-template-content-format=$(X)",
        ]) {
            assert.ok(isKnownFlag(f, engine.flagSets), f);
        }
        assert.deepEqual(check(["--max-num-seqs=8", "--max_num_seqs=8", "--enforce-eager"]), []);
    });
    test("with an image override nothing is refused as unknown", () => assert.deepEqual(check(["--foo-bar"], "example.com/my-vllm:1.0"), []));
    test("engine keys: unknown refused with a hint, known accepted", () => {
        const problems = new ProblemList();
        checkEngineKeys(["max_num_seqs", "max_num_seq", "zzz"], "model.vllm.engineArgs", engine, undefined, problems);
        const list = (problems as unknown as { problems: { propertyPath: string; reason: string }[] }).problems;
        assert.deepEqual(list, [
            {
                propertyPath: "model.vllm.engineArgs.max_num_seq",
                reason: "max_num_seq is not an engine argument of vLLM 9.9.9 (example/vllm:v9.9.9); did you mean max_num_seqs?",
            },
            { propertyPath: "model.vllm.engineArgs.zzz", reason: "zzz is not an engine argument of vLLM 9.9.9 (example/vllm:v9.9.9)" },
        ]);
    });
    test("closest() offers nothing far away", () => assert.equal(closest("completely-different", ["model", "dtype"]), undefined));
});

describe("per component, with FIXTURE sets registered under the pinned versions", () => {
    const registered: string[] = [];
    before(() => {
        for (const v of ["0.28.0", "0.24.0", "0.11.1"]) {
            if (VLLM_FLAG_SETS[v]) continue; // a real set: the component tests below would then check real data
            VLLM_FLAG_SETS[v] = fixture(v);
            registered.push(v);
        }
    });
    after(() => registered.forEach((v) => delete VLLM_FLAG_SETS[v]));

    const refusedAt = (construct: () => unknown, path: string, reason: RegExp) => {
        const err = expectArgError(construct, path);
        assert.match(err.errors.find((e) => e.propertyPath === path)!.reason, reason);
    };

    describe("VllmInferenceService", () => {
        const withExtra = (extra: string[], more: object = {}) => ({
            namespace: "llm",
            mode: "deployment" as const,
            model: { source: { volume, path: "bloom" }, extraArgs: extra },
            ...more,
        });
        test("deployment: unknown flag refused naming vLLM 0.28.0 and its image", () => {
            const err = expectArgError(() => vllm.resolveVllmArgs("bloom", withExtra(["--max-num-seqs=8", "--foo-bar=1"])), "model.extraArgs[1]");
            assert.equal(err.errors[0].reason, "--foo-bar is not a flag of vLLM 0.28.0 (vllm/vllm-openai:v0.28.0)");
        });
        test("deployment: a removed flag refused", () =>
            refusedAt(() => vllm.resolveVllmArgs("bloom", withExtra([REMOVED_FLAG])), "model.extraArgs[0]", /not a flag of vLLM 0\.28\.0/));
        test("deployment: known flags accepted", () => assert.ok(vllm.resolveVllmArgs("bloom", withExtra(["--max-num-seqs=8", "--enforce-eager"]))));
        test("kserve huggingface: KServe's own flags accepted, unknown refused naming KServe and vLLM 0.24.0", () => {
            const ks = { mode: "kserve" as const, kserve: { runtime: "huggingface" as const } };
            assert.ok(vllm.resolveVllmArgs("bloom", withExtra(["--max-num-seqs=8", "--return_probabilities", "--max_log_len=100"], ks)));
            refusedAt(
                () => vllm.resolveVllmArgs("bloom", withExtra(["--foo-bar"], ks)),
                "model.extraArgs[0]",
                /--foo-bar is not a flag of KServe 0\.20\.0's Hugging Face server with vLLM 0\.24\.0 \(kserve\/huggingfaceserver:v0\.20\.0-gpu\)/,
            );
        });
        test("kserve huggingface (real vLLM 0.24.0 set): a flag vLLM removed is refused naming both", () => {
            const ks = { mode: "kserve" as const, kserve: { runtime: "huggingface" as const } };
            refusedAt(
                () => vllm.resolveVllmArgs("bloom", withExtra(["--enable-log-requests", "--swap-space=4"], ks)),
                "model.extraArgs[1]",
                /^--swap-space is not a flag of KServe 0\.20\.0's Hugging Face server with vLLM 0\.24\.0 \(kserve\/huggingfaceserver:v0\.20\.0-gpu\)/,
            );
            refusedAt(() => vllm.resolveVllmArgs("bloom", withExtra(["--max-num-seqz=8"], ks)), "model.extraArgs[0]", /; did you mean --max-num-seqs\?$/);
        });
        test("kserve vllm runtime: checked against the pinned vLLM image the predictor runs", () => {
            const ks = { mode: "kserve" as const, kserve: { runtime: "vllm" as const } };
            assert.ok(vllm.resolveVllmArgs("bloom", withExtra(["--max-num-seqs=8"], ks)));
            refusedAt(
                () => vllm.resolveVllmArgs("bloom", withExtra(["--foo-bar"], ks)),
                "model.extraArgs[0]",
                /^--foo-bar is not a flag of vLLM 0\.28\.0 \(vllm\/vllm-openai:v0\.28\.0\)$/,
            );
        });
        test("image override: not checked", () => assert.ok(vllm.resolveVllmArgs("bloom", withExtra(["--foo-bar"], { image: "example.com/vllm:1.0" }))));
    });

    describe("DistributedServing", () => {
        const ok = (extra: string[], more: object = {}) => ({
            namespace: "llm",
            nodes: 2,
            gpuPool: pool,
            model: { source: { volume, path: "llama" }, extraArgs: extra },
            ...more,
        });
        test("unknown flag refused naming vLLM 0.28.0", () =>
            refusedAt(
                () => dist.resolveDistributedArgs("llama", ok(["--foo-bar"])),
                "model.extraArgs[0]",
                /^--foo-bar is not a flag of vLLM 0\.28\.0 \(vllm\/vllm-openai:v0\.28\.0\)$/,
            ));
        test("removed flag refused", () =>
            refusedAt(() => dist.resolveDistributedArgs("llama", ok(["--max-num-seqs=8", REMOVED_FLAG])), "model.extraArgs[1]", /not a flag of vLLM 0\.28\.0/));
        test("known flag accepted; image override not checked", () => {
            assert.ok(dist.resolveDistributedArgs("llama", ok(["--max-num-seqs=8"])));
            assert.ok(dist.resolveDistributedArgs("llama", ok(["--foo-bar"], { image: "example.com/vllm:1.0" })));
        });
    });

    describe("TritonInferenceService (backend vllm)", () => {
        const ok = (engineArgs: Record<string, string | number | boolean>, more: object = {}) => ({
            namespace: "llm",
            backend: "vllm" as const,
            model: { source: { volume, path: "qwen" }, vllm: { engineArgs } },
            ...more,
        });
        test("unknown key refused naming vLLM 0.11.1 and the Triton image", () => {
            refusedAt(
                () => triton.resolveTritonArgs("qwen", ok({ max_num_seqs: 8, max_num_seq: 4 })),
                "model.vllm.engineArgs.max_num_seq",
                /^max_num_seq is not an engine argument of vLLM 0\.11\.1 \(nvcr\.io\/nvidia\/tritonserver:25\.12-vllm-python-py3\); did you mean max_num_seqs\?$/,
            );
        });
        test("known key accepted; image override not checked", () => {
            assert.ok(triton.resolveTritonArgs("qwen", ok({ max_num_seqs: 8, enforce_eager: true })));
            assert.ok(triton.resolveTritonArgs("qwen", ok({ zzz: 1 }, { image: "example.com/triton:1.0" })));
        });
    });

    describe("RayLLMApp", () => {
        const model = { id: "llama", source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" } };
        test("Ray's vLLM version is not established: unknown keys are not refused", () => {
            assert.ok(
                new ray.RayLLMApp("chat", {
                    namespace: "llm",
                    workerGroups: [{ name: "gpu" }],
                    models: [{ ...model, engine: { extra: { max_num_seqs: 8, zzz: 1 } } }],
                }),
            );
        });
    });
});
