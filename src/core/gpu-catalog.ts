/**
 * GPU instance types of the clouds GpuCluster supports: GPU model, memory of one GPU and GPUs per
 * instance. GPU pools derive their scheduling handle from it, and serving components use that
 * handle to check that a model fits the pool it is scheduled on.
 *
 * Memory is the vendor's nominal figure per GPU ("24 GB"), taken as GiB; the driver reserves a
 * little of it (an A10 reports about 22.5 GiB usable), which the engines' memory-utilization
 * factor covers.
 */

export type GpuCloud = "aws" | "alicloud";

/** A GPU instance type of the catalog: its GPUs, their memory and the instance's shape. */
export interface GpuInstanceType {
    readonly cloud: GpuCloud;
    readonly instanceType: string;
    /** `g5`, `p4de`, `ecs.gn7i`. */
    readonly family: string;
    /** GPU model, when the vendor names it (Alibaba does not for gn7, gn7e and gn8v). */
    readonly gpuModel?: string;
    readonly gpuMemoryGiB: number;
    readonly gpus: number;
}

interface GpuFamily {
    readonly cloud: GpuCloud;
    readonly family: string;
    readonly gpuModel?: string;
    readonly gpuMemoryGiB: number;
    /** Instance type -> GPUs per instance. */
    readonly types: Readonly<Record<string, number>>;
}

// Sources: AWS EC2 accelerated-computing instance pages (G4dn, G5, G6, G6e, P4, P5), cross-checked
// against public instance tables (e.g. torchx `named_resources_aws.py`); Alibaba Cloud ECS
// "GPU-accelerated compute-optimized instance families" (gn6i, gn7, gn7e, gn7i, gn7s, gn8is, gn8v).
const FAMILIES: readonly GpuFamily[] = [
    {
        cloud: "aws",
        family: "g4dn",
        gpuModel: "NVIDIA T4",
        gpuMemoryGiB: 16,
        types: sized("g4dn", { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, metal: 8 }),
    },
    {
        cloud: "aws",
        family: "g5",
        gpuModel: "NVIDIA A10G",
        gpuMemoryGiB: 24,
        types: sized("g5", { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 }),
    },
    {
        cloud: "aws",
        family: "g6",
        gpuModel: "NVIDIA L4",
        gpuMemoryGiB: 24,
        types: sized("g6", { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 }),
    },
    {
        cloud: "aws",
        family: "g6e",
        gpuModel: "NVIDIA L40S",
        gpuMemoryGiB: 48,
        types: sized("g6e", { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 }),
    },
    { cloud: "aws", family: "p4d", gpuModel: "NVIDIA A100", gpuMemoryGiB: 40, types: { "p4d.24xlarge": 8 } },
    { cloud: "aws", family: "p4de", gpuModel: "NVIDIA A100", gpuMemoryGiB: 80, types: { "p4de.24xlarge": 8 } },
    { cloud: "aws", family: "p5", gpuModel: "NVIDIA H100", gpuMemoryGiB: 80, types: { "p5.4xlarge": 1, "p5.48xlarge": 8 } },
    { cloud: "aws", family: "p5e", gpuModel: "NVIDIA H200", gpuMemoryGiB: 141, types: { "p5e.48xlarge": 8 } },
    { cloud: "aws", family: "p5en", gpuModel: "NVIDIA H200", gpuMemoryGiB: 141, types: { "p5en.48xlarge": 8 } },
    {
        cloud: "alicloud",
        family: "ecs.gn6i",
        gpuModel: "NVIDIA T4",
        gpuMemoryGiB: 16,
        types: ecs("gn6i", {
            "c4g1.xlarge": 1,
            "c8g1.2xlarge": 1,
            "c16g1.4xlarge": 1,
            "c24g1.6xlarge": 1,
            "c40g1.10xlarge": 1,
            "c24g1.12xlarge": 2,
            "c24g1.24xlarge": 4,
        }),
    },
    {
        cloud: "alicloud",
        family: "ecs.gn7i",
        gpuModel: "NVIDIA A10",
        gpuMemoryGiB: 24,
        types: ecs("gn7i", {
            "c8g1.2xlarge": 1,
            "c16g1.4xlarge": 1,
            "c32g1.8xlarge": 1,
            "c48g1.12xlarge": 1,
            "c56g1.14xlarge": 1,
            "c32g1.16xlarge": 2,
            "2x.8xlarge": 2,
            "c32g1.32xlarge": 4,
            "4x.8xlarge": 4,
            "4x.16xlarge": 4,
            "8x.16xlarge": 8,
            "8x.32xlarge": 8,
        }),
    },
    {
        cloud: "alicloud",
        family: "ecs.gn7s",
        gpuModel: "NVIDIA A30",
        gpuMemoryGiB: 24,
        types: ecs("gn7s", {
            "c8g1.2xlarge": 1,
            "c16g1.4xlarge": 1,
            "c32g1.8xlarge": 1,
            "c48g1.12xlarge": 1,
            "c56g1.14xlarge": 1,
            "c32g1.16xlarge": 2,
            "c32g1.32xlarge": 4,
        }),
    },
    // Alibaba's tables give gn7 (40 GB), gn7e (80 GB) and gn8v (96 GB HBM3) GPU memory without naming the GPU.
    { cloud: "alicloud", family: "ecs.gn7", gpuMemoryGiB: 40, types: ecs("gn7", { "c12g1.3xlarge": 1, "c13g1.13xlarge": 4, "c13g1.26xlarge": 8 }) },
    {
        cloud: "alicloud",
        family: "ecs.gn7e",
        gpuMemoryGiB: 80,
        types: ecs("gn7e", { "c16g1.4xlarge": 1, "c16g1.8xlarge": 2, "c16g1.16xlarge": 4, "c16g1.32xlarge": 8 }),
    },
    {
        cloud: "alicloud",
        family: "ecs.gn8is",
        gpuModel: "NVIDIA L20",
        gpuMemoryGiB: 48,
        types: { "ecs.gn8is.2xlarge": 1, "ecs.gn8is.4xlarge": 1, "ecs.gn8is-2x.8xlarge": 2, "ecs.gn8is-4x.16xlarge": 4, "ecs.gn8is-8x.32xlarge": 8 },
    },
    {
        cloud: "alicloud",
        family: "ecs.gn8v",
        gpuMemoryGiB: 96,
        types: {
            "ecs.gn8v.4xlarge": 1,
            "ecs.gn8v.6xlarge": 1,
            "ecs.gn8v-2x.8xlarge": 2,
            "ecs.gn8v-2x.12xlarge": 2,
            "ecs.gn8v-4x.8xlarge": 4,
            "ecs.gn8v-4x.24xlarge": 4,
            "ecs.gn8v-8x.16xlarge": 8,
            "ecs.gn8v-8x.48xlarge": 8,
        },
    },
];

function sized(family: string, sizes: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(sizes).map(([size, gpus]) => [`${family}.${size}`, gpus]));
}

function ecs(family: string, suffixes: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(suffixes).map(([suffix, gpus]) => [`ecs.${family}-${suffix}`, gpus]));
}

/** Every instance type in the catalog. */
export const GPU_INSTANCE_TYPES: readonly GpuInstanceType[] = FAMILIES.flatMap((f) =>
    Object.entries(f.types).map(([instanceType, gpus]) => ({
        cloud: f.cloud,
        instanceType,
        family: f.family,
        ...(f.gpuModel ? { gpuModel: f.gpuModel } : {}),
        gpuMemoryGiB: f.gpuMemoryGiB,
        gpus,
    })),
);

const BY_TYPE = new Map(GPU_INSTANCE_TYPES.map((t) => [`${t.cloud}/${t.instanceType}`, t]));

/** The family an instance type name belongs to: `g5.xlarge` -> `g5`, `ecs.gn7i-c8g1.2xlarge` -> `ecs.gn7i`. */
export function instanceFamily(instanceType: string): string {
    const parts = instanceType.split(".");
    if (parts[0] === "ecs" && parts.length >= 3) return `ecs.${(parts[1] ?? "").split("-")[0]}`;
    return parts[0] ?? instanceType;
}

export function lookupGpuInstanceType(cloud: GpuCloud, instanceType: string): GpuInstanceType | undefined {
    return BY_TYPE.get(`${cloud}/${instanceType}`);
}

/** Instance types the catalog knows in a GPU family (empty when the family is not a known GPU family). */
export function gpuFamilyTypes(cloud: GpuCloud, family: string): string[] {
    return GPU_INSTANCE_TYPES.filter((t) => t.cloud === cloud && t.family === family).map((t) => t.instanceType);
}
