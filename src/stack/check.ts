/**
 * Checks every component's arguments before any resource is registered, with the components' own
 * validation (their cross-field checks too: parallelism against GPUs, a model against GPU memory,
 * ...), and reports each problem at the config key it comes from: `gpus.count` of the second model
 * becomes `llm-platform:models[1].gpus.count`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ArgProblem } from "../core/validation";

/** Maps a component argument path to the config path it comes from (`model.source.volume` -> `model.source.path`). */
export type Rename = (argPath: string) => string;

/** Collects problems of the root project's stack config, each named by its config key, and reports them at once. */
export class ConfigCheck {
    private readonly problems: ArgProblem[] = [];

    constructor(private readonly namespace: string = pulumi.getProject()) {}

    /** `llm-platform:models[1].gpus` for the config path `models[1].gpus`. */
    key(path: string): string {
        return `${this.namespace}:${path}`;
    }

    /**
     * Runs a component's `resolve...Args` on the arguments built from the config value at `at`
     * (a config path such as `models[1]`); its problems are kept, at `at` + the renamed argument path.
     * Returns undefined when the arguments are refused.
     */
    resolve<T>(at: string, resolve: () => T, rename: Rename = (p) => `${at}.${p}`): T | undefined {
        try {
            return resolve();
        } catch (err) {
            if (!pulumi.InputPropertiesError.isInstance(err)) throw err;
            for (const e of err.errors ?? []) this.problems.push({ propertyPath: this.key(rename(e.propertyPath)), reason: e.reason });
            return undefined;
        }
    }

    get ok(): boolean {
        return this.problems.length === 0;
    }

    /** Throws every problem found so far as one error, as `loadConfig` does. */
    throwIfAny(): void {
        if (this.problems.length === 0) return;
        const lines = this.problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`).join("\n");
        throw new pulumi.InputPropertiesError({ message: `invalid stack configuration:\n${lines}`, errors: this.problems });
    }
}
