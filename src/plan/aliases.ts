/**
 * A resource's aliases as the identities they stand for (`<qualified type>::<name>`, the tail
 * of a URN), read from the registration request: either URNs, or specs whose missing parts
 * default to the resource's own name, type and parent.
 */
function identityOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.slice(2).join("::");
}

function parentQualifiedType(parentUrn: string): string {
    return parentUrn ? (parentUrn.split("::")[2] ?? "") : "";
}

export function aliasIdentities(request: any, type: string, name: string): string[] {
    const aliases: any[] = request?.getAliasesList?.() ?? [];
    const urns: string[] = request?.getAliasurnsList?.() ?? [];
    const out = urns.map(identityOfUrn);
    for (const alias of aliases) {
        if (alias.getUrn?.()) {
            out.push(identityOfUrn(alias.getUrn()));
            continue;
        }
        const spec = alias.getSpec?.();
        if (!spec) continue;
        const parentUrn = spec.getNoparent() ? "" : spec.getParenturn() || (request.getParent() ?? "");
        const chain = parentQualifiedType(parentUrn);
        const aliasType = spec.getType() || type;
        out.push(`${chain && !chain.startsWith("pulumi:pulumi:Stack") ? `${chain}$` : ""}${aliasType}::${spec.getName() || name}`);
    }
    return [...new Set(out)].sort();
}
