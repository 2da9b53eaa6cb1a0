/**
 * Lazy exports for the entry points, as Pulumi's own SDKs do (`utilities.lazyLoad` in
 * @pulumi/kubernetes and @pulumi/aws): each name is a getter on the entry point's exports that
 * requires its module on first access. `import { VllmInferenceService } from
 * "pulumi-llm-serving/kubernetes"` then loads the vLLM component (and the argument schemas it
 * builds with zod on its first construction) and not every other component of the layer.
 *
 * `names` is checked against the module's type, and test/unit/core/lazy-entry.test.ts checks that
 * every value a module exports is listed.
 */
export function lazyExports<M extends object>(target: object, load: () => M, names: readonly (keyof M & string)[]): void {
    for (const name of names) {
        Object.defineProperty(target, name, { enumerable: true, configurable: true, get: () => load()[name] });
    }
}
