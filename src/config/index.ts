/**
 * Typed stack configuration: `loadConfig(schema)` reads `pulumi.Config` values and checks them
 * with a zod schema (or any Standard Schema, e.g. ArkType), naming the config key in every
 * error. `z` is re-exported so a program builds its schema with the same zod as the library's
 * argument schemas it reuses (`vllmArgsSchema().shape.namespace`).
 */
export { z } from "zod";
export { configSecret, loadConfig, type ConfigOutput, type LoadConfigOptions, type StandardSchema } from "./load";
