export type { OpenLlmServiceArgs, OpenLlmModelArgs } from "./args";
export { OpenLlmService, type OpenLlmServiceOptions } from "./component";
export { renderOpenLlm, openLlmUrls, openLlmStartScript, openLlmWarning } from "./render";
export { resolveOpenLlmArgs, type OpenLlmResolved } from "./validate";
