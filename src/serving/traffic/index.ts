export type { TrafficSplitArgs, TrafficBackend } from "./args";
export { TrafficSplit } from "./component";
export { renderTrafficSplit } from "./render";
export { resolveTrafficArgs, type TrafficResolved } from "./validate";
