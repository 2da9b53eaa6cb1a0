import "./zod-locales"; // before anything loads zod: its locales load on first use (zod-locales.ts)
export * from "./gpu";
export * from "./gpu-catalog";
export * from "./helm";
export * from "./kube";
export * from "./model-volume";
export * from "./platform";
export * from "./pod-identity";
export * from "./schemas";
export * from "./sizing";
export * from "./validation";
export * as versions from "./versions";
