#!/usr/bin/env node
/**
 * Derives an engine's command-line flag set (and engine-argument keys) from its source at a tag,
 * read from a git directory (a bare clone or a fetched snapshot), and prints it as JSON for
 * src/serving/common/engine-flag-sets/. Nothing is run or imported from that source: the files
 * are read with `git show <ref>:<path>` and scanned as text.
 *
 *   node scripts/derive-engine-flags.mjs vllm <git-dir> <tag> <version> [--commit <sha> --read-from <owner/repo> --tag-evidence <text>]
 *   node scripts/derive-engine-flags.mjs kserve-huggingfaceserver <git-dir> <tag> <version>
 *
 * `<git-dir>` normally holds `<tag>`. Where no copy with the tag can be had (vllm-project/vllm's
 * snapshot is over the fetch size limit), `--commit` names the commit the tag points at and the
 * files are read at that commit from another repository's git directory that holds it (a fork:
 * `--read-from` names it). A commit id fixes the tree exactly, so the copy it is read from does
 * not matter; what must be sourced is that the tag points at that commit, which `--tag-evidence`
 * states (written to the JSON's `tagEvidence`). If `<git-dir>` also has `<tag>`, it must resolve
 * to the same commit.
 *
 * vllm: `vllm serve`'s parser is `make_arg_parser` (cli_args.py): a few literal flags, then
 * `FrontendArgs.add_cli_args` (a loop adding one flag per field of `FrontendArgs`, and of
 * `BaseFrontendArgs` where it exists) and `AsyncEngineArgs.add_cli_args` / `EngineArgs.add_cli_args`
 * (arg_utils.py: one explicit `add_argument("--flag", ...)` per flag; some `EngineArgs` fields have
 * no flag, e.g. `model_weights`, so its fields are not flags). The flags are therefore (a) every
 * literal `--flag` passed to an `add_argument(...)` call in vllm/engine/arg_utils.py,
 * vllm/entrypoints/openai/cli_args.py and vllm/entrypoints/cli/serve.py, (b) the `--flag` literals
 * of a `for <name>, ... in [...]:` list whose body calls `add_argument(<name>, ...)` (0.11's
 * deprecated `--guided-decoding-*` flags), and (c) every field of `FrontendArgs` /
 * `BaseFrontendArgs`, spelled as vLLM's parser spells them: `_` -> `-`. Any other `add_argument`
 * call whose option strings are not literals fails the derivation (a flag made at run time would
 * be missed). Engine-argument keys (the `AsyncEngineArgs(**kwargs)` names Triton's model.json and
 * Ray's engine_kwargs take) are the fields of `EngineArgs` and `AsyncEngineArgs`.
 *
 * kserve-huggingfaceserver: every literal `--flag` of an `add_argument(...)` call in
 * python/kserve/kserve/model_server.py (the parent parser) and
 * python/huggingfaceserver/huggingfaceserver/__main__.py. With the vLLM backend the server also
 * adds vLLM's own parser (`make_arg_parser`), so its flag set is this one plus vLLM's.
 */
import { execFileSync } from "node:child_process";

const VLLM_FILES = {
    flags: ["vllm/engine/arg_utils.py", "vllm/entrypoints/openai/cli_args.py", "vllm/entrypoints/cli/serve.py"],
    /** The classes whose every field `FrontendArgs.add_cli_args` adds as a flag (a loop over `get_kwargs(cls)`). */
    flagClasses: { "vllm/entrypoints/openai/cli_args.py": ["BaseFrontendArgs", "FrontendArgs"] },
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

const QUOTED = /"([^"\n]*)"|'([^'\n]*)'/g;

/** `for <name>[, ...] in [...]:` / `(...)` loops: the loop variable, its list's `--` literals and the loop body's text. */
function loops(source) {
    const found = [];
    const lines = source.split("\n");
    const loop = /^(\s*)for\s+(\w+)(?:\s*,\s*\w+)*\s+in\s+([[(][\s\S]*?[\])])\s*:\s*$/gm;
    for (const m of source.matchAll(loop)) {
        const indent = m[1].length;
        const endLine = source.slice(0, m.index + m[0].length).split("\n").length;
        const body = [];
        for (let i = endLine; i < lines.length; i++) {
            if (lines[i].trim() === "") continue;
            if (lines[i].search(/\S/) <= indent) break;
            body.push(lines[i]);
        }
        const literals = [...m[3].matchAll(QUOTED)].map((q) => q[1] ?? q[2]).filter((t) => t.startsWith("--"));
        found.push({ name: m[2], literals, body: body.join("\n") });
    }
    return found;
}

/**
 * The `--flag` literals of loops whose body calls `add_argument(<loop variable>, ...)`, and the
 * `add_argument` calls whose option strings are not literals and are not such a loop's
 * (`dynamicOk`: the `FrontendArgs` field loop, `add_argument([*extra,] f"--{key...}", ...)`, which
 * the dataclass fields cover).
 */
export function loopFlagsAndUnresolved(source, dynamicOk) {
    const flags = new Set();
    const resolved = new Set();
    for (const l of loops(source)) {
        if (!new RegExp(`add_argument\\(\\s*${l.name}\\s*,`).test(l.body)) continue;
        resolved.add(l.name);
        for (const f of l.literals) flags.add(f);
    }
    const unresolved = [];
    for (const m of source.matchAll(/add_argument\(\s*([^\s"'])/g)) {
        const rest = source.slice(m.index, m.index + 120);
        const first = /add_argument\(\s*(\*?[\w]+|f["'])/.exec(rest)?.[1] ?? "";
        if (resolved.has(first)) continue;
        if (dynamicOk && /add_argument\(\s*(?:\*\w+\s*,\s*)?f["']--\{key/.test(rest)) continue;
        unresolved.push(rest.split("\n")[0]);
    }
    return { flags, unresolved };
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
        const flagClasses = VLLM_FILES.flagClasses[path] ?? [];
        const loop = loopFlagsAndUnresolved(text, flagClasses.length > 0);
        if (loop.unresolved.length > 0) throw new Error(`${path}: add_argument calls whose flags are not literals: ${loop.unresolved.join(" | ")}`);
        if (/\[\s*["']flags["']\s*\]\s*=|["']flags["']\s*:/.test(text))
            throw new Error(`${path}: a field's extra option strings ("flags") are set; they are not derived`);
        for (const f of loop.flags) flags.add(f);
        for (const cls of flagClasses) for (const field of dataclassFields(text, cls) ?? []) flags.add(dashed(field));
        for (const cls of VLLM_FILES.keyClasses[path] ?? []) for (const field of dataclassFields(text, cls) ?? []) keys.add(field);
    }
    if (!read.includes("vllm/engine/arg_utils.py")) throw new Error(`vllm/engine/arg_utils.py not found at ${tag}`);
    if (!read.includes("vllm/entrypoints/openai/cli_args.py")) throw new Error(`vllm/entrypoints/openai/cli_args.py not found at ${tag}`);
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

function options(rest) {
    const opts = {};
    for (let i = 0; i < rest.length; i += 2) {
        const [key, value] = [rest[i], rest[i + 1]];
        if (!["--commit", "--read-from", "--tag-evidence"].includes(key) || value === undefined) {
            console.error(`unknown or incomplete option ${key}`);
            process.exit(2);
        }
        opts[key.slice(2)] = value;
    }
    return opts;
}

function git(gitDir, ...args) {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

/** The commit to read: `<tag>`'s, or `--commit` (which must exist here, and agree with `<tag>` if the tag exists here too). */
function resolveCommit(gitDir, tag, opts) {
    if (opts.commit === undefined) return git(gitDir, "rev-parse", `${tag}^{commit}`);
    if (!/^[0-9a-f]{40}$/.test(opts.commit)) throw new Error("--commit takes a full 40-digit commit id");
    if (opts["read-from"] === undefined || opts["tag-evidence"] === undefined) throw new Error("--commit needs --read-from and --tag-evidence");
    if (git(gitDir, "cat-file", "-t", opts.commit) !== "commit") throw new Error(`${opts.commit} is not a commit in ${gitDir}`);
    let tagged;
    try {
        tagged = git(gitDir, "rev-parse", "--verify", "-q", `${tag}^{commit}`);
    } catch {
        tagged = undefined;
    }
    if (tagged !== undefined && tagged !== opts.commit) throw new Error(`${tag} is ${tagged} in ${gitDir}, not ${opts.commit}`);
    return opts.commit;
}

function main(argv) {
    const [kind, gitDir, tag, version, ...rest] = argv;
    if (!kind || !gitDir || !tag || !version) {
        console.error(
            "usage: derive-engine-flags.mjs vllm|kserve-huggingfaceserver <git-dir> <tag> <version> [--commit <sha> --read-from <owner/repo> --tag-evidence <text>]",
        );
        process.exit(2);
    }
    const opts = options(rest);
    const commit = resolveCommit(gitDir, tag, opts);
    const via = opts.commit === undefined ? "" : ` --commit ${opts.commit} --read-from ${opts["read-from"]} --tag-evidence <text>`;
    const derivedBy = `scripts/derive-engine-flags.mjs ${kind} <git-dir> ${tag} ${version}${via}`;
    const provenance =
        opts.commit === undefined ? {} : { readFrom: `${opts["read-from"]} (a git copy holding ${opts.commit})`, tagEvidence: opts["tag-evidence"] };
    let out;
    if (kind === "vllm") {
        const d = deriveVllm(gitDir, commit);
        out = {
            engine: "vllm",
            version,
            source: `vllm-project/vllm@${tag} (${commit}):${d.read.join(",")}`,
            ...provenance,
            derivedBy,
            flags: d.flags,
            engineArgKeys: d.engineArgKeys,
        };
    } else if (kind === "kserve-huggingfaceserver") {
        const d = deriveKserve(gitDir, commit);
        out = {
            engine: "kserve-huggingfaceserver",
            version,
            source: `kserve/kserve@${tag} (${commit}):${d.read.join(",")}`,
            ...provenance,
            derivedBy,
            flags: d.flags,
        };
    } else {
        console.error(`unknown kind ${kind}`);
        process.exit(2);
    }
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main(process.argv.slice(2));
