/**
 * Pass-through engine arguments checked against the engine each pinned image ships (issue 17 §4).
 *
 * Each image in `core/versions` that runs vLLM ships one vLLM release; a flag (vLLM `--flag`) or an
 * engine-argument key (`AsyncEngineArgs` name, as Triton's `model.json` and Ray's `engine_kwargs`
 * take them) that this release does not define is refused, naming the version, with the closest
 * known name as a hint. The flag sets are data derived from each engine's source at its release
 * tag by `scripts/derive-engine-flags.mjs` (files under `engine-flag-sets/`, each saying its source).
 *
 * A set is used only when it was derived from the source at the exact tag: where that source could
 * not be read, the engine's `flagSets` is `undefined`, `unavailable` says why, and nothing is
 * refused as unknown (a guessed set would refuse flags the engine accepts).
 *
 * A user `image` replaces the pinned engine, whose flag set then says nothing about it: with an
 * `image`, unknown flags and keys are not refused (only the generated and secret ones, which
 * `engine-flags` refuses whatever the image).
 */
import type { ProblemList } from "../../core/validation";
import { images, platformVersions } from "../../core/versions";
import kserveHuggingFaceServer0200 from "./engine-flag-sets/kserve-huggingfaceserver-0.20.0.json";
import vllm0111 from "./engine-flag-sets/vllm-0.11.1.json";
import vllm0240 from "./engine-flag-sets/vllm-0.24.0.json";

/** A flag set derived from an engine's source at a release tag (a file under `engine-flag-sets/`). */
export interface EngineFlagSet {
    /** `vllm` or `kserve-huggingfaceserver`. */
    readonly engine: string;
    readonly version: string;
    /** Repository, tag, commit and files read. */
    readonly source: string;
    /** Where the files were read when no copy holding the tag could be had: a repository holding the tag's commit. */
    readonly readFrom?: string;
    /** With `readFrom`: the sources saying the tag points at that commit. */
    readonly tagEvidence?: string;
    /** The command that wrote the file. */
    readonly derivedBy: string;
    /** Flags as the source spells them (`--max-num-seqs`, `--model_name`). */
    readonly flags: readonly string[];
    /** Engine-argument keys (`AsyncEngineArgs` fields), for engines that take them. */
    readonly engineArgKeys?: readonly string[];
}

/**
 * vLLM flag sets by vLLM version, each derived at `vllm-project/vllm@v<version>`'s commit: 0.24.0
 * (ee0da84, read from neuralmagic/vllm) and 0.11.1 (4393684, on vLLM's main, read from
 * neuralmagic/vllm). Not 0.28.0: its commit 2cf0a691 (coreweave/ml-containers PR #218) is in no
 * git copy that could be read (see `VLLM_SOURCE_UNREADABLE`).
 */
export const VLLM_FLAG_SETS: Record<string, EngineFlagSet> = {
    [vllm0240.version]: vllm0240,
    [vllm0111.version]: vllm0111,
};

/** KServe's Hugging Face server's own flags (its parent parser and `huggingfaceserver/__main__.py`), by KServe version. */
export const KSERVE_HF_FLAG_SETS: Readonly<Record<string, EngineFlagSet>> = {
    [kserveHuggingFaceServer0200.version]: kserveHuggingFaceServer0200,
};

/**
 * Why a release has no set (shown in the preview warning). To add one: run
 * `scripts/derive-engine-flags.mjs` on a git copy holding the release's tagged commit and
 * register the file in `VLLM_FLAG_SETS`.
 */
const VLLM_SOURCE_UNREADABLE =
    "no flag set of this vLLM release is derived (no readable git copy held its tagged commit: vllm-project/vllm is over the fetch size limit and the forks' copies predate the release), so a flag it lacks fails only when the server starts";
const VLLM_VERSION_UNKNOWN = "the image's vLLM release is not established, so a flag or key it lacks fails only when the server starts";

/** A pinned image that runs vLLM: which vLLM it ships, where that was established, and the flag sets it accepts. */
export interface PinnedEngine {
    readonly image: string;
    /** The vLLM release in the image; `undefined` where no readable source establishes it. */
    readonly vllmVersion: string | undefined;
    /** Where `vllmVersion` was established (or why it was not). */
    readonly versionSource: string;
    /** How messages name the engine, e.g. `vLLM 0.28.0 (vllm/vllm-openai:v0.28.0)`. */
    readonly label: string;
    /** The sets whose union the image's server accepts; `undefined`: not derived, nothing is refused as unknown. */
    readonly flagSets: readonly EngineFlagSet[] | undefined;
    /** Why `flagSets` is `undefined`. */
    readonly unavailable?: string;
}

function vllmEngine(
    image: string,
    vllmVersion: string | undefined,
    versionSource: string,
    extra: readonly (EngineFlagSet | undefined)[] = [],
    label?: string,
): PinnedEngine {
    const vllm = vllmVersion === undefined ? undefined : VLLM_FLAG_SETS[vllmVersion];
    const sets = vllm && extra.every((s) => s !== undefined) ? [vllm, ...(extra as EngineFlagSet[])] : undefined;
    return {
        image,
        vllmVersion,
        versionSource,
        label: `${label ?? (vllmVersion === undefined ? "vLLM" : `vLLM ${vllmVersion}`)} (${image})`,
        flagSets: sets,
        ...(sets ? {} : { unavailable: vllmVersion === undefined ? VLLM_VERSION_UNKNOWN : VLLM_SOURCE_UNREADABLE }),
    };
}

const kserveVersion = platformVersions.kserve.replace(/^v/, "");

/**
 * The pinned images that run vLLM, with the vLLM each ships. Each entry is read when a validator
 * runs (a getter), so a set added to `VLLM_FLAG_SETS` applies at once.
 */
export const PINNED_ENGINES = {
    /** vLLM's own release image: its tag is the vLLM release. */
    get vllmOpenAi(): PinnedEngine {
        return vllmEngine(images.vllmOpenAi, images.vllmOpenAi.split(":v")[1], "the image is vLLM's release image, tagged with its version");
    },
    /**
     * KServe v0.20.0's Hugging Face server: vLLM 0.24.0 (kserve@v0.20.0: `python/kserve/pyproject.toml`
     * extra `llm` = `vllm==0.24.0`, `python/huggingface_server.Dockerfile` `ARG VLLM_VERSION=0.24.0`,
     * `python/huggingfaceserver/uv.lock`). It parses with vLLM's parser plus its own flags.
     */
    get kserveHuggingFace(): PinnedEngine {
        return vllmEngine(
            images.kserveHuggingFaceServerGpu,
            "0.24.0",
            "kserve/kserve@v0.20.0: python/kserve/pyproject.toml (vllm==0.24.0), python/huggingface_server.Dockerfile (ARG VLLM_VERSION=0.24.0), python/huggingfaceserver/uv.lock",
            [KSERVE_HF_FLAG_SETS[kserveVersion]],
            `KServe ${kserveVersion}'s Hugging Face server with vLLM 0.24.0`,
        );
    },
    /**
     * Triton 25.12's vLLM container: vLLM 0.11.1 (NVIDIA's build `0.11.1+9114fd76.nv25.12.cu131`,
     * triton-inference-server/server `docs/introduction/compatibility.md`, table vllm-python-py3).
     * Checked against upstream v0.11.1's set (commit 439368496db48d8f992ba8c606a0c0b1eebbfa69);
     * `9114fd76` is no upstream vLLM commit in the copies read, so it names NVIDIA's build of
     * 0.11.1, whose changes (if any) are not visible here.
     */
    get tritonVllm(): PinnedEngine {
        return vllmEngine(
            images.tritonVllm,
            "0.11.1",
            "triton-inference-server/server docs/introduction/compatibility.md: 25.12-vllm-python-py3 ships vLLM 0.11.1+9114fd76.nv25.12.cu131 (an NVIDIA build of 0.11.1)",
        );
    },
    /**
     * Ray 2.58.0's ray-llm image: the vLLM it ships is not established from Ray's source here (the
     * ray snapshot is over the fetch size limit and the index holds no ray-2.58.0 version of
     * `python/requirements/llm/` or `python/setup.py`: the stored `llm-requirements.txt` read is
     * an old `vllm>=0.7.2`, none is tied to the tag). Secondary sources point at 0.26.0: ray-project/ray PR #65045 ("[llm][ci]
     * Upgrade to vLLM 0.26.0", merged 2026-07-28) before PR #65252 cut `releases/2.58.0` on
     * 2026-08-06 (at b45b0b4592), and aws/deep-learning-containers PR #6671 ("[ray-llm] bump ray to
     * 2.58.0, vllm to 0.26.0"). The 0.26.0 set derives from ZJU-REAL/EasySteer-vllm-v1, which holds
     * v0.26.0's commit 568afb3a13806beb53bb2e6bd518269357b237c0 (`scripts/derive-engine-flags.mjs
     * vllm <git-dir> v0.26.0 0.26.0 --commit 568afb3a… --read-from ZJU-REAL/EasySteer-vllm-v1`);
     * add it and set the version here once Ray's pin at the tag is read.
     */
    get rayLlm(): PinnedEngine {
        return vllmEngine(
            images.rayLlm,
            undefined,
            "not established: Ray's source at ray-2.58.0 (python/setup.py extra llm, python/requirements/llm/) could not be read; ray PR #65045 (vLLM 0.26.0, merged 2026-07-28) and aws/deep-learning-containers PR #6671 (ray 2.58.0 with vllm 0.26.0) suggest 0.26.0",
        );
    },
} satisfies Record<string, PinnedEngine>;

/**
 * The engine `VllmInferenceService` runs: vLLM's image in mode `deployment` and for KServe's `vllm`
 * runtime, KServe's Hugging Face server for runtime `huggingface` (the predictor sets the image
 * itself, so the ClusterServingRuntime's image does not decide: `predictorImage` in serving/vllm).
 */
export function vllmServiceEngine(mode: "kserve" | "deployment", runtime: "huggingface" | "vllm"): PinnedEngine {
    return mode === "kserve" && runtime === "huggingface" ? PINNED_ENGINES.kserveHuggingFace : PINNED_ENGINES.vllmOpenAi;
}

/** Flag name as vLLM's parser compares it: no dashes prefix, `_` as `-`, no `=value`, no `.key` (a JSON field). */
export function flagName(flag: string): string {
    return flag.split("=")[0].replace(/^--/, "").split(".")[0].replace(/_/g, "-");
}

/** Levenshtein distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}

/** The known name closest to `name` (at most a third of its length away, and 4 edits), if any. */
export function closest(name: string, known: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.min(4, Math.ceil(name.length / 3)) + 1;
    for (const k of known) {
        const d = editDistance(name, k);
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best;
}

/** Whether `flag` names a flag of `sets`: exact, `--no-` of a boolean, or a prefix of one (argparse's abbreviations, which vLLM keeps). */
export function isKnownFlag(flag: string, sets: readonly EngineFlagSet[]): boolean {
    const name = flagName(flag);
    if (name === "") return true;
    const names = sets.flatMap((s) => s.flags.map(flagName));
    if (names.includes(name)) return true;
    if (name.startsWith("no-") && names.includes(name.slice(3))) return true;
    return names.some((n) => n.startsWith(name));
}

function skipped(engine: PinnedEngine, image: unknown): boolean {
    return engine.flagSets === undefined || image !== undefined;
}

/**
 * Refuses pass-through `--flags` (`field[i]`) that the pinned engine does not define, naming its
 * version and the closest flag it does define. Nothing is refused when `image` is given (the
 * user's image may run another release) or when the engine's flag set is not derived.
 */
export function checkEngineFlags(flags: readonly string[], field: string, engine: PinnedEngine, image: unknown, problems: ProblemList): void {
    if (skipped(engine, image)) return;
    const sets = engine.flagSets!;
    flags.forEach((flag, i) => {
        if (!flag.startsWith("--") || isKnownFlag(flag, sets)) return;
        const spelled = flag.split("=")[0];
        const known = [...new Set(sets.flatMap((s) => s.flags))];
        const hint = closest(flagName(flag), known.map(flagName));
        const suggestion = hint === undefined ? "" : `; did you mean ${known.find((k) => flagName(k) === hint)}?`;
        problems.add(`${field}[${i}]`, `${spelled} is not a flag of ${engine.label}${suggestion}`);
    });
}

/**
 * Refuses engine-argument keys (`field.key`) that the pinned engine's `AsyncEngineArgs` does not
 * define, naming its version and the closest key. Skipped as `checkEngineFlags` is.
 */
export function checkEngineKeys(keys: readonly string[], field: string, engine: PinnedEngine, image: unknown, problems: ProblemList): void {
    if (skipped(engine, image)) return;
    const known = new Set(engine.flagSets!.flatMap((s) => s.engineArgKeys ?? []));
    if (known.size === 0) return;
    for (const key of keys) {
        if (known.has(key)) continue;
        const hint = closest(key, known);
        problems.add(`${field}.${key}`, `${key} is not an engine argument of ${engine.label}${hint === undefined ? "" : `; did you mean ${hint}?`}`);
    }
}

/**
 * The preview warning, once per component, when pass-through entries (`count` of them, at
 * `field`) go to an engine without a flag set: that they are not checked, against which engine,
 * and why. `undefined` when there is nothing to warn about: no entries, a checked engine, or the
 * user's own `image` (documented as unchecked, the user's choice).
 */
export function uncheckedEngineWarning(field: string, count: number, engine: PinnedEngine, image: unknown): string | undefined {
    if (count === 0 || image !== undefined || engine.flagSets !== undefined) return undefined;
    return `${field} not checked against ${engine.label}: ${engine.unavailable}`;
}
