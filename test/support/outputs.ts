/**
 * Helpers for tests of arguments given as Outputs: a bad value in an Output makes every Output and
 * registration built from it reject, which is how the engine fails the preview or update.
 */
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import type { MockRecorder } from "./mocks";

/** The value of an Output (plain objects holding Outputs resolve whole), or the error it rejects with. */
export async function settled(value: unknown): Promise<{ value?: unknown; error?: unknown }> {
    try {
        return { value: await (pulumi.output(value) as unknown as { promise(): Promise<unknown> }).promise() };
    } catch (error) {
        return { error };
    }
}

/** Runs `fn` and collects the unhandled rejections it causes (node:test would fail the running test on them). */
export async function rejectionsOf(mocks: MockRecorder, fn: () => unknown): Promise<unknown[]> {
    const saved = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const caught: unknown[] = [];
    const collect = (error: unknown) => caught.push(error);
    process.on("unhandledRejection", collect);
    try {
        await fn();
        await mocks.settle();
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
        process.off("unhandledRejection", collect);
        for (const listener of saved) process.on("unhandledRejection", listener);
    }
    return caught;
}

/** Expects an InputPropertiesError of `component` naming exactly `path`, with a reason matching `reason`. */
export function assertNamesField(error: unknown, component: string, path: string, reason?: RegExp): void {
    assert.ok(pulumi.InputPropertiesError.isInstance(error), `expected InputPropertiesError, got ${String(error)}`);
    assert.deepEqual(
        error.errors.map((e) => e.propertyPath),
        [path],
    );
    if (reason) assert.match(error.errors[0].reason, reason);
    assert.match(error.message, new RegExp(`invalid arguments for ${component}`));
}
