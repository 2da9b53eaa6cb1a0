/**
 * The argument types the serving components share (their `ServingCommonArgs` base and the
 * `exposure`, `metrics`, `autoscaling` and `networkPolicy` shapes), type-only, for the entry points: the modules
 * that declare them also export schemas and render helpers that the public entry points do not.
 */
export type { ContainerResourcesArgs, GpuRequestArgs, ParallelismArgs, ReplicaRangeArgs, ServingCommonArgs, VolumeOrHubSourceArgs } from "./args";
export type { AutoscalingArgs, KedaAutoscalingArgs } from "./autoscaling";
export type { ExistingGatewayArgs, ExposureArgs, ExposureGatewayApiArgs, ExposureIngressArgs, ExposureIstioArgs, ExposureTlsArgs } from "./exposure";
export type { MetricsArgs } from "./metrics";
export type { NetworkPeerArgs, NetworkPolicyArgs, RayNetworkPolicyArgs } from "./network-policy";
export type { PodSecurityArgs } from "./pod-security";
