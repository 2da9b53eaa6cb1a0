export type { DistributedServingArgs } from "./args";
export { DistributedServing, type DistributedServingOptions } from "./component";
export { renderDistributed, vllmPodArgs, distributedUrls } from "./render";
export { resolveDistributedArgs, type DistributedResolved } from "./validate";
