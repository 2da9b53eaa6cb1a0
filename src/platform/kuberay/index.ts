export type { KubeRayOperatorArgs } from "./args";
export { KubeRayOperator } from "./component";
export { renderKubeRayOperator, kubeRayOperatorValues } from "./render";
export { resolveKubeRayOperatorArgs, type KubeRayOperatorResolved } from "./validate";
