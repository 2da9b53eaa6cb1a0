/** The cloud layer for AWS (EKS): GpuCluster and what it gives the rest of the library. */
export * from "./cloud";
