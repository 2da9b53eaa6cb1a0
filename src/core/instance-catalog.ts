/**
 * vCPUs, memory and (on AWS) EKS max pods of the instance types GpuCluster uses: every GPU
 * instance type of `gpu-catalog.ts` plus the default system-pool (CPU) types. Capacity checks use
 * it to tell whether a pool's nodes can hold what is scheduled on them.
 *
 * Memory is the vendor's published GiB figure for the instance (what EC2 `DescribeInstanceTypes`
 * and Alibaba's instance-family tables list), not what the kubelet reports as allocatable, which
 * is smaller by the OS, kubelet and eviction reserves.
 *
 * Max pods is the amazon-eks-ami `eni-max-pods.txt` figure, ENIs * (IPv4 addresses per ENI - 1)
 * + 2, i.e. the VPC CNI without prefix delegation. Alibaba types carry none: ACK's limit depends
 * on the network plugin (Terway ENI modes, Flannel's per-node CIDR).
 */

import type { GpuCloud } from "./gpu-catalog";

/** CPU, memory and GPUs of an instance type, from which node allocatable is derived. */
export interface InstanceShape {
    readonly vcpus: number;
    readonly memoryGiB: number;
    /** EKS max pods (eni-max-pods.txt), AWS only */
    readonly maxPods?: number;
}

/** [vCPUs, memory GiB, EKS max pods]. */
type AwsRow = readonly [number, number, number];
/** [vCPUs, memory GiB]. */
type AliRow = readonly [number, number];

// Sources: AWS EC2 instance-type pages (accelerated computing: G4dn, G5, G6, G6e, P4, P5; general
// purpose: M5, M6i), cross-checked against EC2 DescribeInstanceTypes data (Karpenter's generated
// instance-types reference); max pods from awslabs/amazon-eks-ami `eni-max-pods.txt`.
const AWS: Readonly<Record<string, InstanceShape>> = {
    ...aws("g4dn.", {
        xlarge: [4, 16, 29],
        "2xlarge": [8, 32, 29],
        "4xlarge": [16, 64, 29],
        "8xlarge": [32, 128, 58],
        "12xlarge": [48, 192, 234],
        "16xlarge": [64, 256, 58],
        metal: [96, 384, 737],
    }),
    ...aws("g5.", {
        xlarge: [4, 16, 58],
        "2xlarge": [8, 32, 58],
        "4xlarge": [16, 64, 234],
        "8xlarge": [32, 128, 234],
        "12xlarge": [48, 192, 737],
        "16xlarge": [64, 256, 234],
        "24xlarge": [96, 384, 737],
        "48xlarge": [192, 768, 345],
    }),
    ...aws("g6.", {
        xlarge: [4, 16, 58],
        "2xlarge": [8, 32, 58],
        "4xlarge": [16, 64, 234],
        "8xlarge": [32, 128, 234],
        "12xlarge": [48, 192, 234],
        "16xlarge": [64, 256, 737],
        "24xlarge": [96, 384, 737],
        "48xlarge": [192, 768, 737],
    }),
    ...aws("g6e.", {
        xlarge: [4, 32, 58],
        "2xlarge": [8, 64, 58],
        "4xlarge": [16, 128, 234],
        "8xlarge": [32, 256, 234],
        "12xlarge": [48, 384, 292],
        "16xlarge": [64, 512, 737],
        "24xlarge": [96, 768, 492],
        "48xlarge": [192, 1536, 492],
    }),
    ...aws("p4d.", { "24xlarge": [96, 1152, 737] }),
    ...aws("p4de.", { "24xlarge": [96, 1152, 737] }),
    ...aws("p5.", { "4xlarge": [16, 256, 118], "48xlarge": [192, 2048, 100] }),
    ...aws("p5e.", { "48xlarge": [192, 2048, 100] }),
    ...aws("p5en.", { "48xlarge": [192, 2048, 198] }),
    // System pool defaults.
    ...aws("m6i.", { xlarge: [4, 16, 58] }),
    ...aws("m5.", { xlarge: [4, 16, 58] }),
};

// Sources: Alibaba Cloud ECS "GPU-accelerated compute-optimized instance families" (gn6i, gn7,
// gn7e, gn7i, gn7s, gn8is, gn8v) and "General-purpose instance families" (g6, g7).
const ALICLOUD: Readonly<Record<string, InstanceShape>> = {
    ...ali("ecs.gn6i-", {
        "c4g1.xlarge": [4, 15],
        "c8g1.2xlarge": [8, 31],
        "c16g1.4xlarge": [16, 62],
        "c24g1.6xlarge": [24, 93],
        "c40g1.10xlarge": [40, 155],
        "c24g1.12xlarge": [48, 186],
        "c24g1.24xlarge": [96, 372],
    }),
    ...ali("ecs.gn7i-", {
        "c8g1.2xlarge": [8, 30],
        "c16g1.4xlarge": [16, 60],
        "c32g1.8xlarge": [32, 188],
        "c48g1.12xlarge": [48, 310],
        "c56g1.14xlarge": [56, 346],
        "c32g1.16xlarge": [64, 376],
        "2x.8xlarge": [32, 128],
        "c32g1.32xlarge": [128, 752],
        "4x.8xlarge": [32, 128],
        "4x.16xlarge": [64, 256],
        "8x.16xlarge": [64, 256],
        "8x.32xlarge": [128, 512],
    }),
    ...ali("ecs.gn7s-", {
        "c8g1.2xlarge": [8, 60],
        "c16g1.4xlarge": [16, 120],
        "c32g1.8xlarge": [32, 250],
        "c48g1.12xlarge": [48, 380],
        "c56g1.14xlarge": [56, 440],
        "c32g1.16xlarge": [64, 500],
        "c32g1.32xlarge": [128, 1000],
    }),
    ...ali("ecs.gn7-", { "c12g1.3xlarge": [12, 94], "c13g1.13xlarge": [52, 378], "c13g1.26xlarge": [104, 756] }),
    ...ali("ecs.gn7e-", { "c16g1.4xlarge": [16, 125], "c16g1.8xlarge": [32, 250], "c16g1.16xlarge": [64, 500], "c16g1.32xlarge": [128, 1000] }),
    ...ali("ecs.gn8is", { ".2xlarge": [8, 64], ".4xlarge": [16, 128], "-2x.8xlarge": [32, 256], "-4x.16xlarge": [64, 512], "-8x.32xlarge": [128, 1024] }),
    ...ali("ecs.gn8v", {
        ".4xlarge": [16, 96],
        ".6xlarge": [24, 128],
        "-2x.8xlarge": [32, 192],
        "-2x.12xlarge": [48, 256],
        "-4x.8xlarge": [32, 384],
        "-4x.24xlarge": [96, 512],
        "-8x.16xlarge": [64, 768],
        "-8x.48xlarge": [192, 1024],
    }),
    // System pool defaults.
    ...ali("ecs.g7.", { xlarge: [4, 16] }),
    ...ali("ecs.g6.", { xlarge: [4, 16] }),
};

function aws(prefix: string, rows: Record<string, AwsRow>): Record<string, InstanceShape> {
    return Object.fromEntries(
        Object.entries(rows).map(([suffix, [vcpus, memoryGiB, maxPods]]) => [`${prefix}${suffix}`, Object.freeze({ vcpus, memoryGiB, maxPods })]),
    );
}

function ali(prefix: string, rows: Record<string, AliRow>): Record<string, InstanceShape> {
    return Object.fromEntries(Object.entries(rows).map(([suffix, [vcpus, memoryGiB]]) => [`${prefix}${suffix}`, Object.freeze({ vcpus, memoryGiB })]));
}

const BY_CLOUD: Readonly<Record<GpuCloud, Readonly<Record<string, InstanceShape>>>> = { aws: AWS, alicloud: ALICLOUD };

/** Every instance type in the catalog, keyed by instance type (AWS and Alibaba names do not overlap). */
export const INSTANCE_SHAPES: Readonly<Record<string, InstanceShape>> = Object.freeze({ ...AWS, ...ALICLOUD });

export function lookupInstanceShape(cloud: GpuCloud, instanceType: string): InstanceShape | undefined {
    const shapes = BY_CLOUD[cloud];
    return Object.hasOwn(shapes, instanceType) ? shapes[instanceType] : undefined;
}
