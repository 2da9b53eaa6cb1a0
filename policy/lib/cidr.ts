/**
 * Whether lists of CIDR blocks together admit every address of a family: `0.0.0.0/0` alone, but
 * also `0.0.0.0/1` + `128.0.0.0/1`, or `::/0`. Blocks are ranges of integers; a block's
 * exceptions (NetworkPolicy `ipBlock.except`) are taken out of it before the union.
 */
type Family = "IPv4" | "IPv6";
interface Range {
    readonly family: Family;
    readonly start: bigint;
    readonly end: bigint;
}

const BITS: Record<Family, number> = { IPv4: 32, IPv6: 128 };

function ipv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
    return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function ipv6(text: string): bigint | undefined {
    let groups: string[];
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const split = (s: string) => (s === "" ? [] : s.split(":"));
    // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
    const tail = (list: string[]) => {
        const last = list[list.length - 1];
        const v4 = last?.includes(".") ? ipv4(last) : undefined;
        return v4 === undefined ? list : [...list.slice(0, -1), (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    };
    if (halves.length === 2) {
        const head = split(halves[0]);
        const rest = tail(split(halves[1]));
        if (head.length + rest.length > 7) return undefined;
        groups = [...head, ...Array(8 - head.length - rest.length).fill("0"), ...rest];
    } else {
        groups = tail(split(text));
    }
    if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The range of addresses of a CIDR block (an address alone is a /32 or /128); undefined if it does not parse. */
export function cidrRange(cidr: string): Range | undefined {
    const [address, prefixText, extra] = cidr.trim().split("/");
    if (extra !== undefined) return undefined;
    const family: Family = address.includes(":") ? "IPv6" : "IPv4";
    const value = family === "IPv4" ? ipv4(address) : ipv6(address);
    const bits = BITS[family];
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (value === undefined || !/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits) return undefined;
    const size = 1n << BigInt(bits - prefix);
    const start = (value / size) * size;
    return { family, start, end: start + size - 1n };
}

function subtract(ranges: Range[], cut: Range): Range[] {
    return ranges.flatMap((r) => {
        if (r.family !== cut.family || cut.end < r.start || cut.start > r.end) return [r];
        return [...(cut.start > r.start ? [{ ...r, end: cut.start - 1n }] : []), ...(cut.end < r.end ? [{ ...r, start: cut.end + 1n }] : [])];
    });
}

/** A block and the blocks carved out of it (NetworkPolicy's `ipBlock`). */
export interface CidrBlock {
    readonly cidr: string;
    readonly except?: readonly string[];
}

/**
 * The address families (IPv4, IPv6) whose every address the blocks admit together, e.g.
 * `["IPv4"]` for `0.0.0.0/1` + `128.0.0.0/1`. Blocks that do not parse are ignored (the
 * provider rejects them).
 */
export function familiesCovered(blocks: readonly (string | CidrBlock)[]): Family[] {
    const ranges: Range[] = [];
    for (const b of blocks) {
        const block = typeof b === "string" ? { cidr: b } : b;
        const range = typeof block.cidr === "string" ? cidrRange(block.cidr) : undefined;
        if (!range) continue;
        let kept = [range];
        for (const e of block.except ?? []) {
            const cut = typeof e === "string" ? cidrRange(e) : undefined;
            if (cut) kept = subtract(kept, cut);
        }
        ranges.push(...kept);
    }
    return (["IPv4", "IPv6"] as const).filter((family) => {
        let next = 0n;
        const last = (1n << BigInt(BITS[family])) - 1n;
        for (const r of ranges.filter((r) => r.family === family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
            if (r.start > next) return false;
            if (r.end >= next) next = r.end + 1n;
            if (next > last) return true;
        }
        return false;
    });
}

/** "0.0.0.0/1, 128.0.0.0/1 admit every IPv4 address", or undefined when the blocks leave some out. */
export function coverageProblem(blocks: readonly (string | CidrBlock)[]): string | undefined {
    const families = familiesCovered(blocks);
    if (families.length === 0) return undefined;
    const shown = blocks.map((b) => (typeof b === "string" ? b : b.except?.length ? `${b.cidr} except ${b.except.join(", ")}` : b.cidr)).join(", ");
    return `${shown} ${blocks.length > 1 ? "together admit" : "admits"} every ${families.join(" and every ")} address`;
}
