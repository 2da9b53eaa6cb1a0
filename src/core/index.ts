export * from "./gpu";
export * from "./kube";
export * from "./model-volume";
export * from "./platform";
export * from "./pod-identity";
export * from "./schemas";
export * from "./sizing";
export * from "./validation";
export * as versions from "./versions";
