import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cidrRange, familiesCovered } from "../../../policy/lib/cidr";
import { noOpenCidrs } from "../../../policy/rules/no-open-cidrs";
import { exampleResources, violations, withAdded } from "./support";

// Real shapes: the EKS stack (VPC, cluster, node groups) and the KServe stack (Helm releases, InferenceService).
const eks = exampleResources("eks-vllm", { stack: "prod" });
const ack = exampleResources("ack-deepspeed-bloom", { stack: "prod" });

describe("CIDR coverage (policy/lib/cidr)", () => {
    test("parses IPv4 and IPv6 blocks, addresses alone, and refuses garbage", () => {
        assert.deepEqual(cidrRange("10.1.2.3/8"), { family: "IPv4", start: 10n << 24n, end: (11n << 24n) - 1n });
        assert.deepEqual(cidrRange("192.0.2.7"), { family: "IPv4", start: 3221225991n, end: 3221225991n });
        assert.equal(cidrRange("::/0")?.end, (1n << 128n) - 1n);
        assert.equal(cidrRange("2001:db8::/32")?.start, 0x20010db8n << 96n);
        assert.equal(cidrRange("::ffff:10.0.0.1")?.start, (0xffffn << 32n) | (10n << 24n) | 1n);
        for (const bad of ["10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "1::2::3/64", "x/0", "10.0.0.0/8/1"]) assert.equal(cidrRange(bad), undefined, bad);
    });

    test("finds unions that cover a whole family, and only those", () => {
        assert.deepEqual(familiesCovered(["0.0.0.0/0"]), ["IPv4"]);
        assert.deepEqual(familiesCovered(["0.0.0.0/1", "128.0.0.0/1"]), ["IPv4"]);
        assert.deepEqual(familiesCovered(["128.0.0.0/2", "0.0.0.0/1", "192.0.0.0/2", "::/1", "8000::/1"]), ["IPv4", "IPv6"]);
        assert.deepEqual(familiesCovered(["::/0", "10.0.0.0/8"]), ["IPv6"]);
        assert.deepEqual(familiesCovered(["0.0.0.0/1", "128.0.0.0/2"]), []);
        assert.deepEqual(familiesCovered(["0.0.0.0/1", "128.0.0.1/1"]), ["IPv4"], "host bits are ignored, as AWS and Kubernetes normalise them");
        assert.deepEqual(familiesCovered([{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] }]), []);
        assert.deepEqual(familiesCovered([{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] }, "10.0.0.0/8"]), ["IPv4"]);
    });
});

describe("no-open-cidrs", () => {
    test("passes the example stacks, and allow-lists of listed networks", async () => {
        assert.deepEqual(await violations(noOpenCidrs, eks), []);
        assert.deepEqual(await violations(noOpenCidrs, ack), []);
        const listed = withAdded(eks, {
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "office",
            props: {
                ingress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["198.51.100.0/24", "0.0.0.0/2"] },
                    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["64.0.0.0/2", "128.0.0.0/1"] },
                ],
            },
        });
        assert.deepEqual(await violations(noOpenCidrs, listed), [], "blocks on different ports are not added together");
        const lb = withAdded(eks, {
            type: "kubernetes:core/v1:Service",
            name: "lb",
            props: { spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } },
        });
        assert.deepEqual(await violations(noOpenCidrs, lb), []);
    });

    test("fails security groups that admit everyone, alone or by adding blocks up", async () => {
        const split = withAdded(eks, {
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "serving-sg",
            props: {
                ingress: [
                    { protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["0.0.0.0/1"] },
                    { protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["128.0.0.0/1"] },
                ],
            },
        });
        assert.deepEqual(await violations(noOpenCidrs, split), [
            "serving-sg: ingress[0], ingress[1] (tcp/8000-8000): 0.0.0.0/1, 128.0.0.0/1 together admit every IPv4 address; list the networks that need access",
        ]);
        const rule = withAdded(eks, {
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            name: "ssh",
            props: { type: "ingress", cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["::/0"] },
        });
        assert.deepEqual(await violations(noOpenCidrs, rule), [
            "ssh: cidrBlocks, ipv6CidrBlocks: 10.0.0.0/8, ::/0 together admit every IPv6 address; list the networks that need access",
        ]);
        const egress = withAdded(eks, {
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            name: "out",
            props: { type: "egress", cidrBlocks: ["0.0.0.0/0"] },
        });
        assert.deepEqual(await violations(noOpenCidrs, egress), [], "egress is not an allow-list of sources");
        const vpcRule = withAdded(eks, {
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "any",
            props: { cidrIpv4: "0.0.0.0/0", ipProtocol: "-1" },
        });
        assert.match((await violations(noOpenCidrs, vpcRule)).join(), /any: cidrIpv4, cidrIpv6: 0.0.0.0\/0 admits every IPv4 address/);
        const ecs = withAdded(ack, {
            type: "alicloud:ecs/securityGroupRule:SecurityGroupRule",
            name: "ecs-any",
            props: { type: "ingress", cidrIp: "0.0.0.0/0" },
        });
        assert.match((await violations(noOpenCidrs, ecs)).join(), /ecs-any: cidrIp, ipv6CidrIp: 0.0.0.0\/0 admits every IPv4 address/);
    });

    test("fails a NetworkPolicy, a LoadBalancer Service and an SLB ACL that admit everyone", async () => {
        const policy = withAdded(eks, {
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "np",
            props: {
                spec: {
                    ingress: [
                        { from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] },
                        {
                            from: [
                                { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } },
                                { ipBlock: { cidr: "10.0.0.0/9" } },
                                { ipBlock: { cidr: "10.128.0.0/9" } },
                            ],
                        },
                    ],
                },
            },
        });
        assert.deepEqual(await violations(noOpenCidrs, policy), [
            "np: spec.ingress[1].from[].ipBlock: 0.0.0.0/0 except 10.0.0.0/8, 10.0.0.0/9, 10.128.0.0/9 together admit every IPv4 address; list the networks that need access",
        ]);
        const lb = withAdded(eks, {
            type: "kubernetes:core/v1:Service",
            name: "lb",
            props: {
                metadata: { annotations: { "service.beta.kubernetes.io/load-balancer-source-ranges": "0.0.0.0/1, 128.0.0.0/1" } },
                spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["::/0"] },
            },
        });
        assert.deepEqual(await violations(noOpenCidrs, lb), [
            "lb: spec.loadBalancerSourceRanges: ::/0 admits every IPv6 address; list the networks that need access",
            "lb: annotation service.beta.kubernetes.io/load-balancer-source-ranges: 0.0.0.0/1, 128.0.0.0/1 together admit every IPv4 address; list the networks that need access",
        ]);
        const acl = withAdded(ack, {
            type: "alicloud:slb/acl:Acl",
            name: "api-acl",
            props: { entryLists: [{ entry: "0.0.0.0/1" }, { entry: "128.0.0.0/1" }] },
        });
        assert.match((await violations(noOpenCidrs, acl)).join(), /api-acl: entryLists\[\]\.entry: 0.0.0.0\/1, 128.0.0.0\/1 together admit every IPv4 address/);
    });
});
