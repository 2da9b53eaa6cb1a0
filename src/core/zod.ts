import type { z } from "zod";

/** The `z` namespace of zod, as the schema builders receive it. */
export type Zod = typeof z;

/** Any zod schema. */
export type ZodSchema = z.ZodType;

let loaded: Zod | undefined;

/**
 * zod, required on first use. Loading it costs about 100 ms, so the entry points and component
 * modules never load it themselves: a component's first construction does, through its schema.
 */
export function loadZod(): Zod {
    return (loaded ??= (require("zod") as typeof import("zod")).z);
}

/** A schema built on first use and shared by every later caller. */
export type LazySchema<S extends ZodSchema = ZodSchema> = () => S;

/**
 * Declares a schema that is built the first time it is called. Schemas that use other schemas
 * call them inside `build` (`name: dns1123Label()`), so nothing is built at module load.
 */
export function lazySchema<S extends ZodSchema>(build: (z: Zod) => S): LazySchema<S> {
    let built: S | undefined;
    return () => (built ??= build(loadZod()));
}

/** What a lazy schema returns after parsing (defaults applied). */
export type Infer<L extends LazySchema> = z.output<ReturnType<L>>;
/** What a lazy schema accepts. */
export type InferInput<L extends LazySchema> = z.input<ReturnType<L>>;
