import type { ResourceValidationPolicy } from "@pulumi/policy";
import { coverageProblem } from "../lib/cidr";
import { T } from "../lib/types";

/**
 * A cluster's API server is reachable from the internet only from listed networks. EKS takes
 * the list on the cluster (`publicAccessCidrs`, which otherwise means 0.0.0.0/0; blocks that add
 * up to every address, such as 0.0.0.0/1 + 128.0.0.0/1, are refused like 0.0.0.0/0). ACK's cluster
 * resource takes none (the API server's load balancer access control is configured outside
 * it), so a public ACK endpoint is refused here: keep it private (GpuCluster
 * `endpoint.publicAccess: false`) and deploy from inside the VPC.
 */
export const apiServerAllowlist: ResourceValidationPolicy = {
    name: "api-server-allowlist",
    description: "No public Kubernetes API server without an allow-list of source networks.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === T.eksCluster) {
            const vpc = args.props.vpcConfig ?? {};
            if (vpc.endpointPublicAccess === false) return; // EKS's default is public
            const cidrs: string[] = vpc.publicAccessCidrs ?? [];
            if (cidrs.length === 0)
                reportViolation(
                    "the API server endpoint is public to any address: set vpcConfig.publicAccessCidrs (GpuCluster endpoint.publicAccessCidrs) or make it private",
                );
            const problem = coverageProblem(cidrs);
            if (problem) reportViolation(`vpcConfig.publicAccessCidrs: ${problem}, which is everyone: list your networks`);
            return;
        }
        // The provider's default for slbInternetEnabled is true.
        if ((args.type === T.ackManagedCluster || args.type === T.ackDedicatedCluster) && args.props.slbInternetEnabled !== false) {
            reportViolation(
                "slbInternetEnabled exposes the API server to the internet and this resource has no allow-list for it: set GpuCluster endpoint.publicAccess false and deploy from inside the VPC",
            );
        }
    },
};
