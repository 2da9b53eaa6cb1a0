import * as pulumi from "@pulumi/pulumi";
import type { Deferrable } from "./validation";

export type { Deferrable } from "./validation";

/** Whether a parsed argument is known now (a plain value) rather than an Output. */
export function isKnown<T>(value: Deferrable<T>): value is T {
    return !pulumi.Output.isInstance(value);
}

/**
 * A template string over values that may be Outputs: a plain string when every value is known now
 * (renders and baselines stay plain data), else an Output (`pulumi.interpolate`).
 */
export function text(strings: TemplateStringsArray, ...values: Deferrable<string | number>[]): Deferrable<string> {
    if (values.every((value) => isKnown(value))) return String.raw({ raw: strings }, ...values);
    return pulumi.interpolate(strings, ...values);
}

/**
 * Applies `fn` to values that may be Outputs: now when all are known, else inside an apply (so a
 * check in `fn` fails the preview or update that learns the value).
 */
export function whenKnown<A extends readonly unknown[], R>(values: { [K in keyof A]: Deferrable<A[K]> }, fn: (...known: A) => R): Deferrable<R> {
    if (values.every((value) => isKnown(value))) return fn(...(values as unknown as A));
    return pulumi.all(values as unknown as pulumi.Input<unknown>[]).apply((known) => fn(...(known as unknown as A))) as pulumi.Output<R>;
}
