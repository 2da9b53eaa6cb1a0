#!/usr/bin/env node
/**
 * Derives an engine's command-line flag set (and engine-argument keys) from its source at a tag,
 * read from a git directory (a bare clone or a fetched snapshot), and prints it as JSON for
 * src/serving/common/engine-flag-sets/. Nothing is run or imported from that source: the files
 * are read with `git show <ref>:<path>` and scanned as text.
 *
 *   node scripts/derive-engine-flags.mjs vllm <git-dir> <tag> <version>
 *   node scripts/derive-engine-flags.mjs kserve-huggingfaceserver <git-dir> <tag> <version>
 *
 * vllm: flags are (a) every literal `--flag` passed to an `add_argument(...)` call in
 * vllm/engine/arg_utils.py, vllm/entrypoints/openai/cli_args.py and vllm/entrypoints/cli/serve.py,
 * and (b) every field of the dataclasses vLLM turns into flags (`EngineArgs`, `AsyncEngineArgs`,
 * `FrontendArgs`, `BaseFrontendArgs`), spelled as vLLM's parser spells them: `_` -> `-`.
 * Engine-argument keys (the `AsyncEngineArgs(**kwargs)` names Triton's model.json and Ray's
 * engine_kwargs take) are the fields of `EngineArgs` and `AsyncEngineArgs`.
 *
 * kserve-huggingfaceserver: every literal `--flag` of an `add_argument(...)` call in
 * python/kserve/kserve/model_server.py (the parent parser) and
 * python/huggingfaceserver/huggingfaceserver/__main__.py. With the vLLM backend the server also
 * adds vLLM's own parser (`make_arg_parser`), so its flag set is this one plus vLLM's.
 */
import { execFileSync } from "node:child_process";

const VLLM_FILES = {
    flags: ["vllm/engine/arg_utils.py", "vllm/entrypoints/openai/cli_args.py", "vllm/entrypoints/cli/serve.py"],
    flagClasses: { "vllm/engine/arg_utils.py": ["EngineArgs", "AsyncEngineArgs"], "vllm/entrypoints/openai/cli_args.py": ["BaseFrontendArgs", "FrontendArgs"] },
    keyClasses: { "vllm/engine/arg_utils.py": ["EngineArgs", "AsyncEngineArgs"] },
};
const KSERVE_FILES = ["python/kserve/kserve/model_server.py", "python/huggingfaceserver/huggingfaceserver/__main__.py"];

function show(gitDir, ref, path) {
    try {
        return execFileSync("git", ["--git-dir", gitDir, "show", `${ref}:${path}`], {
            encoding: "utf8",
            maxBuffer: 64 << 20,
            stdio: ["ignore", "pipe", "ignore"],
        });
    } catch {
        return undefined;
    }
}

/** Literal `--flag` strings leading an `add_argument(` call (its positional option strings). */
export function addArgumentFlags(source) {
    const flags = new Set();
    const call = /add_argument\(\s*(?:\w+\s*,\s*)?((?:(?:"[^"\n]*"|'[^'\n]*')\s*,?\s*)+)/g;
    for (const m of source.matchAll(call)) {
        for (const s of m[1].matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)) {
            const text = s[1] ?? s[2];
            if (text.startsWith("--")) flags.add(text);
        }
    }
    return flags;
}

/** Field names of `class <name>` (a dataclass body: `name: type` or `name: type = default` at one indent). */
export function dataclassFields(source, className) {
    const lines = source.split("\n");
    const start = lines.findIndex((l) => new RegExp(`^class ${className}\\b`).test(l));
    if (start < 0) return undefined;
    const fields = [];
    for (let i = start + 1; i < lines.length; i++) {
        const line = lines[i];
        if (/^\S/.test(line)) break; // the class ended
        if (/^ {4}(def |@)/.test(line)) break; // methods come after the fields
        const m = /^ {4}([a-z_][a-z0-9_]*)\s*:\s*[^=]/.exec(line);
        if (m && !m[1].startsWith("_")) fields.push(m[1]);
    }
    return fields;
}

const dashed = (name) => `--${name.replace(/_/g, "-")}`;
const sorted = (set) => [...set].sort();

function deriveVllm(gitDir, tag) {
    const flags = new Set();
    const keys = new Set();
    const read = [];
    for (const path of VLLM_FILES.flags) {
        const text = show(gitDir, tag, path);
        if (text === undefined) continue;
        read.push(path);
        for (const f of addArgumentFlags(text)) flags.add(f);
        for (const cls of VLLM_FILES.flagClasses[path] ?? []) for (const field of dataclassFields(text, cls) ?? []) flags.add(dashed(field));
        for (const cls of VLLM_FILES.keyClasses[path] ?? []) for (const field of dataclassFields(text, cls) ?? []) keys.add(field);
    }
    if (!read.includes("vllm/engine/arg_utils.py")) throw new Error(`vllm/engine/arg_utils.py not found at ${tag}`);
    return { read, flags: sorted(flags), engineArgKeys: sorted(keys) };
}

function deriveKserve(gitDir, tag) {
    const flags = new Set();
    const read = [];
    for (const path of KSERVE_FILES) {
        const text = show(gitDir, tag, path);
        if (text === undefined) throw new Error(`${path} not found at ${tag}`);
        read.push(path);
        for (const f of addArgumentFlags(text)) flags.add(f);
    }
    return { read, flags: sorted(flags) };
}

function main(argv) {
    const [kind, gitDir, tag, version] = argv;
    if (!kind || !gitDir || !tag || !version) {
        console.error("usage: derive-engine-flags.mjs vllm|kserve-huggingfaceserver <git-dir> <tag> <version>");
        process.exit(2);
    }
    const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", `${tag}^{commit}`], { encoding: "utf8" }).trim();
    const derivedBy = `scripts/derive-engine-flags.mjs ${kind} <git-dir> ${tag} ${version}`;
    let out;
    if (kind === "vllm") {
        const d = deriveVllm(gitDir, tag);
        out = {
            engine: "vllm",
            version,
            source: `vllm-project/vllm@${tag} (${commit}):${d.read.join(",")}`,
            derivedBy,
            flags: d.flags,
            engineArgKeys: d.engineArgKeys,
        };
    } else if (kind === "kserve-huggingfaceserver") {
        const d = deriveKserve(gitDir, tag);
        out = { engine: "kserve-huggingfaceserver", version, source: `kserve/kserve@${tag} (${commit}):${d.read.join(",")}`, derivedBy, flags: d.flags };
    } else {
        console.error(`unknown kind ${kind}`);
        process.exit(2);
    }
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main(process.argv.slice(2));
