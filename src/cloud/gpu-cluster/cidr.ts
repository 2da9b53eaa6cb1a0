/** IPv4 CIDR arithmetic for planning subnets (what Terraform's `cidrsubnet` does). */

/** An IPv4 CIDR block as a base address and prefix length. */
export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when malformed or when host bits are set (`10.0.0.1/16`). */
export function parseCidr(text: string): Cidr | undefined {
    const m = CIDR.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % 2 ** (32 - prefix) !== 0) return undefined;
    return { base, prefix };
}

export function formatCidr(c: Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${c.prefix}`;
}

/** Block `index` of the `2^newBits` equal blocks `parent` splits into. */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
    const prefix = parent.prefix + newBits;
    if (prefix > 32 || index >= 2 ** newBits) throw new Error(`cannot take block ${index} of /${prefix} from /${parent.prefix}`);
    return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + 2 ** (32 - a.prefix);
    const bEnd = b.base + 2 ** (32 - b.prefix);
    return a.base < bEnd && b.base < aEnd;
}

/** Bits needed to split a network into at least `count` equal blocks. */
export function bitsFor(count: number): number {
    return Math.max(0, Math.ceil(Math.log2(count)));
}
