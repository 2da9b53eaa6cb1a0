import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type CidrBlock, coverageProblem } from "../lib/cidr";
import { T } from "../lib/types";

const LB_SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((c): c is string => typeof c === "string") : []);
const one = (...v: unknown[]): string[] => v.filter((c): c is string => typeof c === "string" && c !== "");

/**
 * Allow-lists of source networks never admit every address, whether as `0.0.0.0/0` or as
 * blocks that add up to it (`0.0.0.0/1` + `128.0.0.0/1`, `::/0`): security-group ingress
 * (AWS, Alibaba Cloud; inline rules of one protocol and port range together), NetworkPolicy
 * ingress `ipBlock`s (exceptions taken out), a LoadBalancer Service's source ranges, and
 * Alibaba Cloud SLB access-control lists (the allow-list of an ACK API server's or a
 * service's load balancer). EKS's `publicAccessCidrs` are checked by api-server-allowlist.
 * A stack that really serves the internet on a port relaxes this rule in its pack config.
 */
export const noOpenCidrs: ResourceValidationPolicy = {
    name: "no-open-cidrs",
    description:
        "Security groups, NetworkPolicies, load balancer source ranges and SLB ACLs do not admit every address (0.0.0.0/0, ::/0, or blocks adding up to them).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const check = (field: string, blocks: (string | CidrBlock)[]) => {
            const problem = coverageProblem(blocks);
            if (problem) reportViolation(`${field}: ${problem}; list the networks that need access`);
        };
        const p = args.props;
        switch (args.type) {
            case T.securityGroup: {
                const byPorts = new Map<string, { at: string[]; blocks: string[] }>();
                (p.ingress ?? []).forEach((rule: any, i: number) => {
                    const key = `${rule.protocol}/${rule.fromPort}-${rule.toPort}`;
                    const group = byPorts.get(key) ?? { at: [], blocks: [] };
                    group.at.push(`ingress[${i}]`);
                    group.blocks.push(...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks));
                    byPorts.set(key, group);
                });
                for (const [ports, g] of byPorts) check(`${g.at.join(", ")} (${ports})`, g.blocks);
                return;
            }
            case T.securityGroupRule:
                if (p.type === "ingress") check("cidrBlocks, ipv6CidrBlocks", [...list(p.cidrBlocks), ...list(p.ipv6CidrBlocks)]);
                return;
            case T.securityGroupIngressRule:
                check("cidrIpv4, cidrIpv6", one(p.cidrIpv4, p.cidrIpv6));
                return;
            case T.ecsSecurityGroupRule:
                if (p.type === "ingress") check("cidrIp, ipv6CidrIp", one(p.cidrIp, p.ipv6CidrIp));
                return;
            case T.networkPolicy:
                (p.spec?.ingress ?? []).forEach((rule: any, i: number) => {
                    const blocks = (rule.from ?? []).map((f: any) => f.ipBlock).filter((b: any) => b && typeof b.cidr === "string");
                    check(
                        `spec.ingress[${i}].from[].ipBlock`,
                        blocks.map((b: any) => ({ cidr: b.cidr, except: list(b.except) })),
                    );
                });
                return;
            case T.service: {
                if (p.spec?.type !== "LoadBalancer") return;
                check("spec.loadBalancerSourceRanges", list(p.spec?.loadBalancerSourceRanges));
                const annotation = p.metadata?.annotations?.[LB_SOURCE_RANGES_ANNOTATION];
                if (typeof annotation === "string")
                    check(
                        `annotation ${LB_SOURCE_RANGES_ANNOTATION}`,
                        annotation.split(",").map((c) => c.trim()),
                    );
                return;
            }
            case T.slbAcl:
                check(
                    "entryLists[].entry",
                    (p.entryLists ?? []).map((e: any) => e?.entry).filter((e: unknown): e is string => typeof e === "string"),
                );
                return;
            case T.slbAclEntry:
                check("entry", one(p.entry));
                return;
        }
    },
};
