import { gpuFamilyTypes, instanceFamily, lookupGpuInstanceType } from "../../core/gpu-catalog";
import type { ProblemList } from "../../core/validation";
import type { GpuClusterParsed, GpuPoolParsed } from "./args";

const INSTANCE_TYPE = {
    aws: { pattern: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/, example: "g5.2xlarge" },
    alicloud: { pattern: /^ecs\.[a-z0-9-]+\.[a-z0-9]+$/, example: "ecs.gn7i-c8g1.2xlarge" },
} as const;

/** Smallest disk that holds serving images (vLLM's is over 10 GB compressed, about twice that unpacked). */
export const MIN_GPU_DISK_GIB = 80;
export const MIN_SYSTEM_DISK_GIB = 40;
const MAX_DISK_GIB = { aws: 16384, alicloud: 2048 } as const;

/** Zone names of the region: `us-east-1a`, `cn-hangzhou-h`, `ap-southeast-1a`. */
export function checkZones(args: GpuClusterParsed, zones: readonly string[], path: string, problems: ProblemList): void {
    if (zones.length < 2) problems.add(path, "give at least two zones (the control plane and node pools span zones)");
    const pattern = args.cloud === "aws" ? new RegExp(`^${escape(args.region)}[a-z]$`) : new RegExp(`^${escape(args.region)}-?[a-z]$`);
    const seen = new Set<string>();
    zones.forEach((z, i) => {
        if (!pattern.test(z)) {
            const example = args.cloud === "aws" ? `${args.region}a` : `${args.region}-a`;
            problems.add(`${path}[${i}]`, `'${z}' is not a zone of region ${args.region} (zones look like '${example}')`);
        }
        if (seen.has(z)) problems.add(`${path}[${i}]`, `'${z}' is listed twice`);
        seen.add(z);
    });
}

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function checkInstanceType(cloud: GpuClusterParsed["cloud"], type: string, path: string, problems: ProblemList): boolean {
    const format = INSTANCE_TYPE[cloud];
    if (format.pattern.test(type)) return true;
    const other = cloud === "aws" ? INSTANCE_TYPE.alicloud : INSTANCE_TYPE.aws;
    const hint = other.pattern.test(type) ? `, and looks like a ${cloud === "aws" ? "Alibaba ECS" : "AWS EC2"} type` : "";
    problems.add(path, `'${type}' is not ${cloud === "aws" ? "an EC2" : "an ECS"} instance type such as '${format.example}'${hint}`);
    return false;
}

function checkGpuType(args: GpuClusterParsed, pool: GpuPoolParsed, type: string, path: string, problems: ProblemList): void {
    if (!checkInstanceType(args.cloud, type, path, problems)) return;
    if (lookupGpuInstanceType(args.cloud, type)) return;
    const family = instanceFamily(type);
    const known = gpuFamilyTypes(args.cloud, family);
    if (known.length > 0) {
        problems.add(path, `'${type}' is not a ${family} instance type; known: ${known.join(", ")}`);
    } else if (!pool.gpu) {
        problems.add(
            path,
            `'${type}' is not a GPU instance type the catalog knows (GPU_INSTANCE_TYPES); if it has GPUs, describe them in gpu {model, memoryGiB, count}`,
        );
    }
}

function checkDisk(args: GpuClusterParsed, size: number, min: number, path: string, problems: ProblemList): void {
    if (size < min) problems.add(path, `${size} GiB is too small; at least ${min} GiB (serving images are tens of GB)`);
    if (size > MAX_DISK_GIB[args.cloud]) problems.add(path, `${size} GiB is above the ${MAX_DISK_GIB[args.cloud]} GiB the cloud allows`);
}

export function checkSystemPool(args: GpuClusterParsed, problems: ProblemList): void {
    const sys = args.systemPool;
    sys.instanceTypes?.forEach((t, i) => {
        const path = `systemPool.instanceTypes[${i}]`;
        if (!checkInstanceType(args.cloud, t, path, problems)) return;
        if (lookupGpuInstanceType(args.cloud, t)) problems.add(path, `'${t}' is a GPU type; GPU nodes belong in gpuPools (they carry the GPU taint)`);
    });
    checkDisk(args, sys.diskSizeGiB, MIN_SYSTEM_DISK_GIB, "systemPool.diskSizeGiB", problems);
}

export function checkPool(args: GpuClusterParsed, pool: GpuPoolParsed, path: string, zones: readonly string[] | undefined, problems: ProblemList): void {
    pool.instanceTypes.forEach((t, j) => checkGpuType(args, pool, t, `${path}.instanceTypes[${j}]`, problems));
    if (pool.gpu && pool.instanceTypes.every((t) => lookupGpuInstanceType(args.cloud, t))) {
        problems.add(`${path}.gpu`, "only describes instance types the catalog does not know; the catalog already has these");
    }
    if (new Set(pool.instanceTypes).size !== pool.instanceTypes.length) problems.add(`${path}.instanceTypes`, "lists an instance type twice");
    checkDisk(args, pool.diskSizeGiB, MIN_GPU_DISK_GIB, `${path}.diskSizeGiB`, problems);
    if (pool.gpuSharing && args.cloud === "aws") {
        problems.add(`${path}.gpuSharing`, "is ACK shared-GPU scheduling; on EKS use the NVIDIA device plugin's time-slicing or MIG");
    }
    if (pool.zones) {
        if (!zones) {
            problems.add(`${path}.zones`, "needs the cluster's zones given explicitly in network.zones (a new VPC with known zones)");
        } else {
            pool.zones.forEach((z, k) => {
                if (!zones.includes(z)) problems.add(`${path}.zones[${k}]`, `'${z}' is not one of network.zones (${zones.join(", ")})`);
            });
            if (new Set(pool.zones).size !== pool.zones.length) problems.add(`${path}.zones`, "lists a zone twice");
        }
    }
}
