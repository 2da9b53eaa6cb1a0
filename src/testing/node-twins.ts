/**
 * Node twins: the Node objects a GpuCluster's pools would register, for tests that run workloads
 * against a real API server and scheduler without the cloud (this repository's cluster twin, or a
 * user's own stack tests). Each twin carries what the cloud and the NVIDIA device plugin give such
 * a node: the pool's labels and taints, the well-known topology and instance-type labels, and
 * capacity and allocatable for cpu, memory, ephemeral-storage, pods and GPUs, marked Ready.
 *
 * Allocatable follows each cloud's node bootstrap:
 * - EKS (AL2023 `nodeadm`, as amazon-eks-ami's bootstrap before it): kube-reserved memory
 *   `11 MiB * maxPods + 255 MiB`, CPU 6% of the first core, 1% of the second, 0.5% of the next two
 *   and 0.25% of the rest, 1 GiB of ephemeral storage; eviction at 100 MiB memory and 10% disk.
 * - ACK: the kubelet's default eviction thresholds only (100 MiB memory, 10% disk). ACK's own
 *   reservation policy is not modeled, so an ACK twin offers slightly more CPU and memory than the
 *   real node; GPUs are never reserved on either cloud.
 * Pods per node: EKS's `eni-max-pods.txt` figure (VPC CNI without prefix delegation); ACK's
 * Flannel default node CIDR mask 24 (255 pods, the alicloud provider's `nodeCidrMask` default).
 */
import { ALIYUN_GPU_MEM, NVIDIA_GPU } from "../core/gpu";
import { lookupGpuInstanceType, type GpuCloud } from "../core/gpu-catalog";
import { lookupInstanceShape, type InstanceShape } from "../core/instance-catalog";
import type { GpuClusterArgs } from "../cloud/gpu-cluster/args";
import type { ResolvedGpuPool, ResolvedPool } from "../cloud/gpu-cluster/pools";
import { resolveGpuClusterArgs } from "../cloud/gpu-cluster/validate";

/** A Kubernetes Node object, as the API server takes it on create (status included). */
export interface NodeTwin {
    readonly apiVersion: "v1";
    readonly kind: "Node";
    readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
    readonly spec: { readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: string }[] };
    readonly status: {
        readonly capacity: Readonly<Record<string, string>>;
        readonly allocatable: Readonly<Record<string, string>>;
        readonly conditions: readonly { readonly type: string; readonly status: string; readonly reason: string; readonly message: string }[];
        readonly addresses: readonly { readonly type: string; readonly address: string }[];
    };
}

/** Options of {@link gpuClusterNodeTwins}. */
export interface NodeTwinOptions {
    /** Prefix of the node names (`<prefix>-<pool>-<n>`). @default "twin" */
    readonly namePrefix?: string;
    /** Nodes per pool. @default each pool's desiredSize, at least 1 (an autoscaler would add one on demand) */
    readonly nodesPerPool?: number;
    /** Shapes of instance types the catalog does not know (`vcpus`, `memoryGiB`, `maxPods`). @default {} */
    readonly shapes?: Readonly<Record<string, InstanceShape>>;
}

/** Node addresses come from TEST-NET-1 (RFC 5737): documentation addresses, never a real host. */
const NODE_ADDRESS_PREFIX = "192.0.2.";
const ACK_MAX_PODS = 255;
const EVICTION_MEMORY_MIB = 100;
const EVICTION_DISK_FRACTION = 0.1;

/**
 * The Node objects `args`' pools would register: `desiredSize` nodes of each pool (the system pool
 * first), each of the pool's first instance type, spread over the pool's zones. Arguments are
 * validated as `new GpuCluster` validates them (an InputPropertiesError names the field).
 */
export function gpuClusterNodeTwins(args: GpuClusterArgs, options: NodeTwinOptions = {}): NodeTwin[] {
    const resolved = resolveGpuClusterArgs("twin", args);
    const zones = resolved.network.mode === "new" && "explicit" in resolved.network.zones ? resolved.network.zones.explicit : [];
    const prefix = options.namePrefix ?? "twin";
    const nodes: NodeTwin[] = [];
    for (const pool of [resolved.systemPool, ...resolved.gpuPools]) {
        const count = options.nodesPerPool ?? Math.max(pool.desiredSize, 1);
        const poolZones = pool.zoneIndexes?.map((i) => zones[i]).filter((z) => z !== undefined) ?? zones;
        for (let i = 0; i < count; i++) {
            nodes.push(
                nodeTwin(
                    resolved.args.cloud,
                    resolved.args.region,
                    pool,
                    `${prefix}-${pool.name}-${i}`,
                    poolZones[i % Math.max(poolZones.length, 1)],
                    nodes.length,
                    options.shapes ?? {},
                ),
            );
        }
    }
    return nodes;
}

function nodeTwin(
    cloud: GpuCloud,
    region: string,
    pool: ResolvedPool,
    name: string,
    zone: string | undefined,
    index: number,
    shapes: Readonly<Record<string, InstanceShape>>,
): NodeTwin {
    const instanceType = pool.instanceTypes[0];
    const shape = shapes[instanceType] ?? lookupInstanceShape(cloud, instanceType);
    if (!shape) throw new Error(`node twins: the catalog has no vCPU and memory for '${instanceType}' (pool ${pool.name}); pass them as options.shapes`);
    const labels: Record<string, string> = {
        ...pool.labels,
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "node.kubernetes.io/instance-type": instanceType,
        "topology.kubernetes.io/region": region,
        ...(zone ? { "topology.kubernetes.io/zone": zone } : {}),
        ...(cloud === "aws" ? { "eks.amazonaws.com/capacityType": pool.capacityType === "spot" ? "SPOT" : "ON_DEMAND" } : {}),
    };
    const maxPods = cloud === "aws" ? shape.maxPods : ACK_MAX_PODS;
    if (maxPods === undefined) throw new Error(`node twins: the catalog has no EKS max pods for '${instanceType}'; pass options.shapes`);
    const gpus = "scheduling" in pool ? gpuResources(cloud, pool as ResolvedGpuPool, instanceType) : {};
    const memoryMiB = shape.memoryGiB * 1024;
    const diskBytes = pool.diskSizeGiB * 1024 ** 3;
    const reserved = cloud === "aws" ? eksReserved(shape.vcpus, maxPods) : { cpuMilli: 0, memoryMiB: 0, diskBytes: 0 };
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels },
        spec: pool.taints.length > 0 ? { taints: pool.taints.map((t) => ({ ...t })) } : {},
        status: {
            capacity: { cpu: String(shape.vcpus), memory: `${memoryMiB}Mi`, "ephemeral-storage": String(diskBytes), pods: String(maxPods), ...gpus },
            allocatable: {
                cpu: `${shape.vcpus * 1000 - reserved.cpuMilli}m`,
                memory: `${memoryMiB - reserved.memoryMiB - EVICTION_MEMORY_MIB}Mi`,
                "ephemeral-storage": String(Math.floor((diskBytes - reserved.diskBytes) * (1 - EVICTION_DISK_FRACTION))),
                pods: String(maxPods),
                ...gpus,
            },
            conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "node twin (no kubelet): marked Ready by its creator" }],
            addresses: [
                { type: "InternalIP", address: `${NODE_ADDRESS_PREFIX}${(index % 254) + 1}` },
                { type: "Hostname", address: name },
            ],
        },
    };
}

/**
 * Device-plugin resources of the node's instance type (the pool's `gpu` facts for types the
 * catalog does not know): whole GPUs, or ACK's shared-GPU memory (GiB) and device count.
 */
function gpuResources(cloud: GpuCloud, pool: ResolvedGpuPool, instanceType: string): Record<string, string> {
    const known = lookupGpuInstanceType(cloud, instanceType);
    const count = known?.gpus ?? pool.scheduling.gpusPerNode ?? 0;
    if (!pool.gpuSharing) return { [NVIDIA_GPU]: String(count) };
    const memoryGiB = known?.gpuMemoryGiB ?? pool.scheduling.gpuMemoryGiB ?? 0;
    return { [ALIYUN_GPU_MEM]: String(count * memoryGiB), "aliyun.com/gpu-count": String(count) };
}

/** EKS kube-reserved (CPU by cores, memory by max pods, 1 GiB disk). */
function eksReserved(vcpus: number, maxPods: number): { cpuMilli: number; memoryMiB: number; diskBytes: number } {
    const steps = [
        [1, 60],
        [1, 10],
        [2, 5],
        [Infinity, 2.5],
    ] as const;
    let left = vcpus;
    let cpuMilli = 0;
    for (const [cores, milliPerCore] of steps) {
        const n = Math.min(left, cores);
        cpuMilli += n * milliPerCore;
        left -= n;
    }
    return { cpuMilli: Math.round(cpuMilli), memoryMiB: 11 * maxPods + 255, diskBytes: 1024 ** 3 };
}
