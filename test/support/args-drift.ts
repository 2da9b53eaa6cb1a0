/**
 * Compile-time checks that a hand-written `...Args` interface (the documented public type) and
 * the input type of its zod schema (what is validated) describe the same arguments. Used by
 * test/types/args-drift.ts, which `npm run typecheck` compiles: a drift fails `npm test`.
 */
import type * as pulumi from "@pulumi/pulumi";

type Opaque = pulumi.OutputInstance<unknown> | Promise<unknown> | pulumi.Resource | ((...args: never[]) => unknown);

/** Drops `readonly` at every depth (the interfaces are read-only, zod's input types are not). */
export type Normal<T> = T extends Opaque ? T : T extends readonly (infer E)[] ? Normal<E>[] : T extends object ? { -readonly [K in keyof T]: Normal<T[K]> } : T;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Where `A` and `B` differ, as `args.path: what`; objects are compared key by key, unions whole. */
type Drift<A, B, P extends string> =
    true extends IsUnion<A>
        ? Same<A, B> extends true
            ? never
            : `${P}: the types differ`
        : [A] extends [Opaque]
          ? Same<A, B> extends true
              ? never
              : `${P}: the types differ`
          : [A] extends [readonly (infer EA)[]]
            ? [B] extends [readonly (infer EB)[]]
                ? Drift<EA, EB, `${P}[]`>
                : `${P}: an array on one side only`
            : [A] extends [object]
              ? [B] extends [object]
                  ? | (Exclude<keyof A, keyof B> extends never ? never : `${P}.${Exclude<keyof A, keyof B> & string}: only in the Args interface`)
                    | (Exclude<keyof B, keyof A> extends never ? never : `${P}.${Exclude<keyof B, keyof A> & string}: only in the schema`)
                    | { [K in keyof A & keyof B]-?: OptionalDrift<A, B, K, `${P}.${K & string}`> }[keyof A & keyof B]
                  : `${P}: an object on one side only`
              : Same<A, B> extends true
                ? never
                : `${P}: the types differ`;

type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;

type OptionalDrift<A, B, K extends keyof A & keyof B, P extends string> =
    IsOptional<A, K> extends IsOptional<B, K> ? Drift<NonNullable<A[K]>, NonNullable<B[K]>, P> : `${P}: optional on one side only`;

/**
 * `never` when `Args` and `Schema` agree: the same keys at every depth, each optional on both
 * sides or neither, and the same types (Inputs included); otherwise where they differ.
 */
export type ArgsDrift<Args, Schema> = Drift<Normal<Args>, Normal<Schema>, "args">;

/** Compiles only when `T` is `never`. */
export type ExpectNoDrift<T extends never> = T;
