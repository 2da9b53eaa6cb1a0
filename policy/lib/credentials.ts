/**
 * Recognises values that are credentials by their shape, whatever the key they are stored
 * under: the places rules look at (ConfigMaps, annotations, literal environment variables,
 * Helm values) are stored in plain text in the state and in the cluster.
 */
const SHAPES: { readonly what: string; readonly pattern: RegExp }[] = [
    { what: "an AWS access key id (AKIA…/ASIA…)", pattern: /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
    { what: "an API key (sk-…)", pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/ },
    { what: "a Hugging Face token (hf_…)", pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}(?![A-Za-z0-9])/ },
    { what: "a PEM private key", pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/ },
];

/** `password=…`, `token: …`, `api_key=…` (the name may have a prefix: `HF_TOKEN`, `db.password`). */
const ASSIGNMENT = /(?<![A-Za-z0-9])([A-Za-z0-9_.-]*?(?:password|passwd|token|api[_-]?key))["']?[ \t]*[=:][ \t]*["']?([^\s"',;&}]*)/gi;

/**
 * Values that name or point at a credential instead of being one: placeholders, paths, flags,
 * and expressions of code in a mounted script (`tokenizer.pad_token = tokenizer.eos_token`).
 */
function isReference(value: string): boolean {
    return (
        value.length < 4 ||
        /^(\$|\{\{|<|%|\/|\.\/)/.test(value) ||
        /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(value) ||
        value.includes("(") ||
        /^[*x.]+$/i.test(value) ||
        /^(true|false|null|none|required|optional|changeme-in-secret)$/i.test(value)
    );
}

/**
 * What credential `value` (stored under `key`, if any) looks like, or undefined. A key/value
 * pair is read as the assignment `key=value`, so `{password: "hunter22"}` counts.
 */
export function credentialShape(value: string, key?: string): string | undefined {
    for (const s of SHAPES) if (s.pattern.test(value)) return s.what;
    const texts = key === undefined ? [value] : [`${key}=${value}`, value];
    for (const text of texts) {
        for (const m of text.matchAll(ASSIGNMENT)) {
            if (!isReference(m[2])) return `a plain ${m[1]} assignment`;
        }
    }
    return undefined;
}

/** Every string in `value` with its path (`values.auth.password`) and the key it is stored under. */
export function stringLeaves(value: unknown, at: string, key?: string): { path: string; key?: string; value: string }[] {
    if (typeof value === "string") return [{ path: at, key, value }];
    if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${at}[${i}]`, key));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, `${at}.${k}`, k));
}
