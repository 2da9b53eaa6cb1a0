export type { GpuClusterArgs, GpuPoolArgs, PoolSizeArgs } from "./args";
export { GpuCluster, type GpuPoolInfo } from "./component";
export { resolveGpuClusterArgs, type GpuClusterResolved } from "./validate";
export { POOL_LABEL, GPU_TAINT } from "./pools";
export { eksKubeconfig, ackExecKubeconfig, kubeconfigCluster } from "./kubeconfig";
