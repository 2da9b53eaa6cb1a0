/** The cloud layer for Alibaba Cloud (ACK): GpuCluster and what it gives the rest of the library. */
export * from "./cloud";
