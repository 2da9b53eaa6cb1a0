export type { KServeStackArgs } from "./args";
export { KServeStack } from "./component";
export { renderKServeStack, readinessRoles, isRelease, type PlatformStep } from "./render";
export { resolveKServeStackArgs, type KServeStackResolved } from "./validate";
