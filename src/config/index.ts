/**
 * Typed stack configuration: `loadConfig(schema)` reads `pulumi.Config` values and checks them
 * with valibot, naming the config key in every error. `v` is re-exported so a program builds its
 * schema with the same valibot as the library's argument schemas it reuses.
 */
export * as v from "valibot";
export { configSecret, loadConfig, type LoadConfigOptions } from "./load";
