export type {
    KServeStackArgs,
    KServeIngressArgs,
    KServeStorageInitializerArgs,
    KServeS3Args,
    KServeCertManagerArgs,
    KServeKnativeArgs,
    KServeIstioArgs,
    KServeGatewayServiceArgs,
} from "./args";
export { KServeStack } from "./component";
export { renderKServeStack, readinessRoles, isRelease, type PlatformStep } from "./render";
export { resolveKServeStackArgs, type KServeStackResolved } from "./validate";
