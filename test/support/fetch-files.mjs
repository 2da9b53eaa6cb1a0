// Downloads files for test/support/schema-sources.ts, which runs it as a child process so that its
// own resolution stays synchronous. Reads [{url, out}] as JSON on stdin, writes each body to `out`,
// and prints [{} | {error}] in the same order as JSON on stdout. Checksums are the caller's business.
import { writeFile } from "node:fs/promises";

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const jobs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

async function fetchOne({ url, out }) {
    try {
        const res = await fetch(url, { signal: AbortSignal.timeout(120_000), redirect: "follow" });
        if (!res.ok) return { error: `HTTP ${res.status} ${res.statusText}`.trim() };
        await writeFile(out, Buffer.from(await res.arrayBuffer()));
        return {};
    } catch (e) {
        const cause = e?.cause?.code ?? e?.cause?.message;
        return { error: cause ? `${e.message} (${cause})` : String(e?.message ?? e) };
    }
}

// A few at a time: the CRD folder is fifteen files.
const results = new Array(jobs.length);
let next = 0;
await Promise.all(
    Array.from({ length: Math.min(4, jobs.length) }, async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await fetchOne(jobs[i]);
        }
    }),
);
process.stdout.write(JSON.stringify(results));
