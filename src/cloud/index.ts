/** The cloud layer: GpuCluster (ACK, EKS); cloud SDKs load only when a cluster is constructed. */
export * from "./gpu-cluster";
