import type { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";

/**
 * GPU nodes answer instance-metadata requests only with an IMDSv2 session token, so a pod
 * cannot read the node role's credentials with one plain GET (SSRF). EKS managed node groups
 * get that from a launch template; without one, EKS's own template decides.
 */
export const nodesImdsv2: ResourceValidationPolicy = {
    name: "nodes-imdsv2",
    description: "Cluster nodes require IMDSv2 (EKS launch templates, EC2 instances, ACK node pools).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        switch (args.type) {
            case T.launchTemplate:
            case T.ec2Instance: {
                const m = args.props.metadataOptions;
                if (m?.httpEndpoint !== "disabled" && m?.httpTokens !== "required") {
                    reportViolation(`metadataOptions.httpTokens is ${m?.httpTokens ?? "not set (IMDSv1 allowed)"}: set it to "required"`);
                }
                return;
            }
            case T.eksNodeGroup:
                if (!args.props.launchTemplate) {
                    reportViolation("the node group has no launch template, so this stack does not decide its IMDS settings: give it one with metadataOptions.httpTokens \"required\"");
                }
                return;
            case T.ackNodePool:
                if (args.props.instanceMetadataOptions?.httpTokens !== "required") {
                    reportViolation(`instanceMetadataOptions.httpTokens is ${args.props.instanceMetadataOptions?.httpTokens ?? "not set"}: set it to "required"`);
                }
                return;
        }
    },
};
