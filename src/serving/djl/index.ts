export type { DjlServingServiceArgs, DjlEngine, DjlModelArgs, DjlHandlerArgs } from "./args";
export { DjlServingService, type DjlServingServiceOptions } from "./component";
export { renderDjl, djlUrls, djlConfigData, djlImage, djlWarnings } from "./render";
export { servingPropertyEntries, servingPropertiesText } from "./serving-properties";
export { resolveDjlArgs, type DjlResolved } from "./validate";
