/**
 * Typed stack configuration: `loadConfig(schema)` reads `pulumi.Config` values and checks them
 * with zod, naming the config key in every error. `z` is re-exported so a program builds its
 * schema with the same zod instance as the library's argument schemas it reuses.
 */
export { z } from "zod";
export { configSecret, loadConfig, type LoadConfigOptions } from "./load";
