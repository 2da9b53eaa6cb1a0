export type { DistributedServingArgs, GroupParallelismArgs, DistributedModelArgs, DistributedCustomArgs } from "./args";
export { DistributedServing, type DistributedServingOptions } from "./component";
export { renderDistributed, vllmPodArgs, distributedUrls } from "./render";
export { resolveDistributedArgs, type DistributedResolved } from "./validate";
