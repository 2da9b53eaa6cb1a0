/**
 * Test helpers for stacks built with this library: Node twins of a GpuCluster's pools, to run
 * workloads against a real API server and scheduler without a cloud account (see docs/TWIN.md).
 */
export { gpuClusterNodeTwins, type NodeTwin, type NodeTwinOptions } from "./node-twins";
