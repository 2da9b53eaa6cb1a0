export type {
    AckClusterArgs,
    ClusterEndpointArgs,
    ClusterNetworkArgs,
    EksAddonVersionsArgs,
    EksClusterArgs,
    ExistingNetworkArgs,
    GpuClusterArgs,
    GpuFactsArgs,
    GpuPoolArgs,
    PoolSizeArgs,
    SecretsEncryptionArgs,
    SystemPoolArgs,
} from "./args";
export { GpuCluster, type GpuPoolInfo } from "./component";
export { resolveGpuClusterArgs, type GpuClusterResolved } from "./validate";
export { POOL_LABEL } from "./pools";
export { GPU_TAINT } from "../../core/gpu";
export { eksKubeconfig, ackExecKubeconfig, kubeconfigCluster } from "./kubeconfig";
