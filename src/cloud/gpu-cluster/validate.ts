import { dns1123Label, type InputString } from "../../core/schemas";
import { regionProblem } from "../../core/region";
import { beginResolve, ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { clusterVersions } from "../../core/versions";
import { ackSchema, eksSchema, gpuClusterSchema, type AckParsed, type EksParsed, type GpuClusterArgs, type GpuClusterParsed } from "./args";
import { overlaps, parseCidr } from "./cidr";
import { networkFits, planNetwork, type NetworkPlan } from "./network";
import { resolvePools, type ResolvedGpuPool, type ResolvedPool } from "./pools";
import { checkPool, checkSystemPool, checkZones } from "./validate-pools";

export const GPU_CLUSTER = "GpuCluster";

export type ResolvedNetwork =
    | {
          readonly mode: "new";
          readonly plan: NetworkPlan;
          /** Explicit zones, or how many to look up. */
          readonly zones: { readonly explicit: readonly string[] } | { readonly lookup: number };
          readonly natGateways: "single" | "perZone";
      }
    | { readonly mode: "existing"; readonly vpcId: InputString; readonly subnetIds: readonly InputString[] };

/** Arguments after validation, with every default and derived value resolved. */
export interface GpuClusterResolved {
    readonly name: string;
    readonly args: GpuClusterParsed;
    /** ACK settings with defaults (used when cloud is `alicloud`). */
    readonly ack: AckParsed;
    /** EKS settings with defaults (used when cloud is `aws`). */
    readonly eks: EksParsed;
    readonly kubernetesVersion: string;
    readonly network: ResolvedNetwork;
    readonly systemPool: ResolvedPool;
    readonly gpuPools: readonly ResolvedGpuPool[];
    /** Things `pulumi preview` should say (a manual step, a caveat). */
    readonly warnings: readonly string[];
}

const clusterName = lazySchema(() => dns1123Label().max(30, "must be at most 30 characters (it prefixes cloud resource names)"));
const DEFAULT_VPC_CIDR = "10.0.0.0/16";
const DEFAULT_ZONE_COUNT = 2;
const VERSION_FORMAT = {
    aws: { pattern: /^1\.\d{2}$/, example: "1.34" },
    alicloud: { pattern: /^1\.\d{2}\.\d+-aliyun\.\d+$/, example: "1.34.1-aliyun.1" },
} as const;

/**
 * Validates everything before any resource is registered; every problem is reported at once,
 * named by its argument path.
 */
export function resolveGpuClusterArgs(name: string, raw: GpuClusterArgs): GpuClusterResolved {
    const { parsed: args, problems } = beginResolve(GPU_CLUSTER, name, clusterName(), gpuClusterSchema(), raw);
    const ack = args.ack ?? ackSchema().parse({});
    const eks = args.eks ?? eksSchema().parse({});

    checkCloudSpecific(args, problems);
    checkAccess(args, eks, problems);
    const kubernetesVersion = args.kubernetesVersion ?? (args.cloud === "aws" ? clusterVersions.eksKubernetes : clusterVersions.ackKubernetes);
    const format = VERSION_FORMAT[args.cloud];
    if (!format.pattern.test(kubernetesVersion)) {
        problems.add(
            "kubernetesVersion",
            `'${kubernetesVersion}' is not ${args.cloud === "aws" ? "an EKS" : "an ACK"} version; they look like '${format.example}'`,
        );
    }
    const network = resolveNetwork(args, ack, problems);
    const explicitZones = network.mode === "new" && "explicit" in network.zones ? network.zones.explicit : undefined;

    checkSystemPool(args, problems);
    const names = new Set<string>();
    args.gpuPools.forEach((pool, i) => {
        if (names.has(pool.name)) problems.add(`gpuPools[${i}].name`, `'${pool.name}' is used by another GPU pool`);
        names.add(pool.name);
        checkPool(args, pool, `gpuPools[${i}]`, explicitZones, problems);
    });
    const { systemPool, gpuPools } = resolvePools(args, explicitZones, problems);
    problems.throwIfAny(GPU_CLUSTER);

    const warnings = gpuPools
        .filter((p) => p.gpuSharing)
        .map(
            (p) =>
                `GPU pool '${p.name}' uses shared GPUs (ack.node.gpu.schedule=${p.gpuSharing}): install the ack-ai-installer component ` +
                "(Cloud-native AI Suite) from the ACK console; the ACK add-on API does not install it, and without it no node offers aliyun.com/gpu-mem",
        );
    return { name, args, ack, eks, kubernetesVersion, network, systemPool, gpuPools, warnings };
}

/** `ack`/`eks` blocks and cloud-only options must match `cloud`. */
function checkCloudSpecific(args: GpuClusterParsed, problems: ProblemList): void {
    const region = regionProblem(args.cloud, args.region);
    if (region) problems.add("region", region);
    if (args.cloud === "aws" && args.ack) problems.add("ack", "applies to cloud 'alicloud' only");
    if (args.cloud === "alicloud" && args.eks) problems.add("eks", "applies to cloud 'aws' only");
    if (args.cloud === "alicloud" && args.network.natGateways !== undefined) {
        problems.add("network.natGateways", "applies to EKS; on ACK one NAT gateway serves the whole VPC");
    }
    if (args.cloud === "alicloud" && args.endpoint.publicAccessCidrs) {
        problems.add("endpoint.publicAccessCidrs", "applies to EKS; restrict the ACK API server with its SLB access control instead");
    }
    if (args.ack?.credential === "exec" && args.ack.credentialMinutes !== undefined) {
        problems.add("ack.credentialMinutes", "applies to credential 'certificate'; the exec plugin renews its own certificates");
    }
}

function checkAccess(args: GpuClusterParsed, eks: EksParsed, problems: ProblemList): void {
    const e = args.endpoint;
    if (e.publicAccessCidrs && !e.publicAccess) problems.add("endpoint.publicAccessCidrs", "has no effect with endpoint.publicAccess false");
    e.publicAccessCidrs?.forEach((c, i) => {
        if (!parseCidr(c)) problems.add(`endpoint.publicAccessCidrs[${i}]`, `'${c}' is not an IPv4 CIDR such as '203.0.113.0/24'`);
    });
    eks.admins.forEach((arn, i) => {
        if (!/^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/.+$/.test(arn)) {
            problems.add(`eks.admins[${i}]`, `'${arn}' is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)`);
        }
    });
    if (eks.kubeconfigRoleArn && !/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/.+$/.test(eks.kubeconfigRoleArn)) {
        problems.add("eks.kubeconfigRoleArn", "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
    }
    if (args.cloud === "aws" && !eks.creatorAdmin && eks.admins.length === 0) {
        problems.add("eks.creatorAdmin", "with no creator access and no eks.admins nobody, not even this program's Kubernetes provider, could use the cluster");
    }
    const s = args.secretsEncryption;
    if (!s.enabled && s.kmsKeyId) problems.add("secretsEncryption.kmsKeyId", "is not used when secretsEncryption.enabled is false");
    if (args.cloud === "aws" && s.kmsKeyId && !/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(s.kmsKeyId)) {
        problems.add("secretsEncryption.kmsKeyId", "EKS needs the key's ARN (arn:aws:kms:<region>:<account>:key/<id>)");
    }
}

function resolveNetwork(args: GpuClusterParsed, ack: AckParsed, problems: ProblemList): ResolvedNetwork {
    const n = args.network;
    if (n.existing) {
        if (n.zones) problems.add("network.zones", "the zones of an adopted VPC are those of network.existing.subnetIds");
        if (n.zoneCount !== undefined) problems.add("network.zoneCount", "does not apply to an adopted VPC");
        if (n.vpcCidr !== undefined) problems.add("network.vpcCidr", "does not apply to an adopted VPC");
        if (n.natGateways !== undefined) problems.add("network.natGateways", "does not apply to an adopted VPC (it brings its own egress)");
        if (args.cloud === "alicloud") checkAckCidrs(ack, undefined, problems);
        return { mode: "existing", vpcId: n.existing.vpcId, subnetIds: n.existing.subnetIds };
    }
    const vpcCidr = n.vpcCidr ?? DEFAULT_VPC_CIDR;
    const vpc = parseCidr(vpcCidr);
    if (n.zones && n.zoneCount !== undefined) problems.add("network.zoneCount", "give either network.zones or network.zoneCount");
    if (n.zones) checkZones(args, n.zones, "network.zones", problems);
    const zoneCount = Math.max(n.zones?.length ?? n.zoneCount ?? DEFAULT_ZONE_COUNT, 1);
    let fits = false;
    if (!vpc) problems.add("network.vpcCidr", `'${vpcCidr}' is not an IPv4 CIDR with a zero host part, such as '10.0.0.0/16'`);
    else if (vpc.prefix < 16 || vpc.prefix > 24) problems.add("network.vpcCidr", "the prefix must be between /16 and /24");
    else if (!networkFits(args.cloud, vpcCidr, zoneCount)) {
        problems.add("network.vpcCidr", `/${vpc.prefix} is too small for subnets in ${zoneCount} zones (each must be /28 or larger)`);
    } else fits = true;
    if (args.cloud === "alicloud") checkAckCidrs(ack, vpcCidr, problems);
    return {
        mode: "new",
        // The plan is only used once validation passed, so an unfit VPC never reaches a render.
        plan: fits ? planNetwork(args.cloud, vpcCidr, zoneCount) : { vpcCidr, privateSubnets: [], publicSubnets: [] },
        zones: n.zones ? { explicit: n.zones } : { lookup: zoneCount },
        natGateways: n.natGateways ?? "single",
    };
}

/** Flannel pod and service CIDRs must not overlap each other or the VPC. */
function checkAckCidrs(ack: AckParsed, vpcCidr: string | undefined, problems: ProblemList): void {
    const vpc = vpcCidr === undefined ? undefined : parseCidr(vpcCidr);
    const pod = parseCidr(ack.podCidr);
    const svc = parseCidr(ack.serviceCidr);
    if (!pod) problems.add("ack.podCidr", `'${ack.podCidr}' is not an IPv4 CIDR such as '172.20.0.0/16'`);
    if (!svc) problems.add("ack.serviceCidr", `'${ack.serviceCidr}' is not an IPv4 CIDR such as '172.21.0.0/20'`);
    if (vpc && pod && overlaps(vpc, pod)) problems.add("ack.podCidr", `overlaps the VPC CIDR ${vpcCidr}`);
    if (vpc && svc && overlaps(vpc, svc)) problems.add("ack.serviceCidr", `overlaps the VPC CIDR ${vpcCidr}`);
    if (pod && svc && overlaps(pod, svc)) problems.add("ack.serviceCidr", `overlaps ack.podCidr ${ack.podCidr}`);
}
