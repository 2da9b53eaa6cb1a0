import type { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";

/** The IMDSv2 token response's hop limit: 1 stops at the node, 2 reaches pods on the node network. */
const MAX_HOPS = 2;

/**
 * GPU nodes answer instance-metadata requests only with an IMDSv2 session token, so a pod
 * cannot read the node role's credentials with one plain GET (SSRF), and the token's
 * response travels at most 2 hops (`httpPutResponseHopLimit`; unset means AWS's default of 1):
 * GpuCluster renders 1, or 2 with `eks.podImdsAccess`; more lets the token reach networks
 * behind the node. EKS managed node groups get that from a launch template; without one,
 * EKS's own template decides.
 */
export const nodesImdsv2: ResourceValidationPolicy = {
    name: "nodes-imdsv2",
    description: "Cluster nodes require IMDSv2 (EKS launch templates, EC2 instances, ACK node pools), with a token hop limit of at most 2.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        switch (args.type) {
            case T.launchTemplate:
            case T.ec2Instance: {
                const m = args.props.metadataOptions;
                if (m?.httpEndpoint === "disabled") return;
                if (m?.httpTokens !== "required") {
                    reportViolation(`metadataOptions.httpTokens is ${m?.httpTokens ?? "not set (IMDSv1 allowed)"}: set it to "required"`);
                }
                const hops = m?.httpPutResponseHopLimit;
                if (hops !== undefined && !(Number(hops) <= MAX_HOPS)) {
                    reportViolation(
                        `metadataOptions.httpPutResponseHopLimit is ${hops}: at most ${MAX_HOPS} (1 keeps pods away from the node role's credentials; 2 only for pods that must reach IMDS, GpuCluster eks.podImdsAccess)`,
                    );
                }
                return;
            }
            case T.eksNodeGroup:
                if (!args.props.launchTemplate) {
                    reportViolation(
                        'the node group has no launch template, so this stack does not decide its IMDS settings: give it one with metadataOptions.httpTokens "required"',
                    );
                }
                return;
            case T.ackNodePool:
                if (args.props.instanceMetadataOptions?.httpTokens !== "required") {
                    reportViolation(
                        `instanceMetadataOptions.httpTokens is ${args.props.instanceMetadataOptions?.httpTokens ?? "not set"}: set it to "required"`,
                    );
                }
                return;
        }
    },
};
