/**
 * Command-line flags of a container, as engines parse them: `--flag=value`, `--flag value` or a
 * bare `--flag`; vLLM (and KServe's Hugging Face server, which hands its arguments to vLLM) reads
 * `--a_b` as `--a-b`, and `-tp`/`-pp` as the parallelism flags.
 */
export interface Flag {
    /** The flag as written (`--max_model_len`). */
    readonly written: string;
    /** The flag vLLM resolves it to (`--max-model-len`). */
    readonly name: string;
    /** Its value; undefined for a bare flag. */
    readonly value?: string;
}

const ALIASES: Record<string, string> = { "-tp": "--tensor-parallel-size", "-pp": "--pipeline-parallel-size" };
const SHELLS = /^(.*\/)?(sh|bash|ash|dash|zsh)$/;

export function canonicalFlag(written: string): string {
    return ALIASES[written] ?? `--${written.slice(2).replace(/_/g, "-").toLowerCase()}`;
}

/**
 * The flags in a container's command and arguments, in order; none when they run a shell
 * script (`sh -c ...`), whose text may run several commands with flags of their own.
 */
export function containerFlags(command: readonly string[] = [], args: readonly string[] = []): Flag[] {
    const tokens = [...command, ...args].filter((t): t is string => typeof t === "string");
    if (tokens.length > 0 && SHELLS.test(tokens[0])) return [];
    const flags: Flag[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        const isFlag = (t.startsWith("--") && t.length > 2) || t in ALIASES;
        if (!isFlag) continue;
        const eq = t.indexOf("=");
        if (eq > 0) {
            flags.push({ written: t.slice(0, eq), name: canonicalFlag(t.slice(0, eq)), value: t.slice(eq + 1) });
            continue;
        }
        const next = tokens[i + 1];
        const value = next !== undefined && !(next.startsWith("-") && !/^-\d/.test(next)) ? next : undefined;
        if (value !== undefined) i++;
        flags.push({ written: t, name: canonicalFlag(t), value });
    }
    return flags;
}
