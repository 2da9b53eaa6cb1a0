/**
 * Annotation keys the library writes on a workload itself. A user's `annotations` entry with one of
 * these keys would either be overwritten or override the typed argument that sets it, so it is
 * refused naming that argument.
 */
import { annotationsSchema } from "../../core/schemas";
import type { ProblemList } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import { RUN_AS_ROOT_ANNOTATION } from "./pod-security";

/** Generated annotation key -> the argument that sets it. */
export type GeneratedAnnotations = Readonly<Record<string, string>>;

/** What every workload may carry: the pod profile's run-as-root reason. */
export const WORKLOAD_ANNOTATIONS: GeneratedAnnotations = { [RUN_AS_ROOT_ANNOTATION]: "podSecurity.runAsRoot" };

/**
 * On an object `pulumi up` awaits through the provider's `pulumi.com/waitFor` (a RayService),
 * whose budget is the component's `customTimeouts`. `pulumi.com/skipAwait` stays
 * the user's: it turns the await off and overrides nothing.
 */
export function awaitedAnnotations(timeoutArgument: string): GeneratedAnnotations {
    return { "pulumi.com/waitFor": timeoutArgument, "pulumi.com/timeoutSeconds": timeoutArgument };
}

/** The keys of `annotations` that `generated` holds, each with why it is refused. */
function generatedKeys(annotations: Readonly<Record<string, string>>, generated: GeneratedAnnotations): { key: string; reason: string }[] {
    return Object.keys(annotations)
        .filter((key) => generated[key] !== undefined)
        .map((key) => ({ key, reason: `'${key}' is written by the library from ${generated[key]}: set that instead` }));
}

/** Workload `annotations`: Kubernetes' rules ({@link annotationsSchema}) and none of {@link WORKLOAD_ANNOTATIONS}. */
export const workloadAnnotationsSchema = lazySchema(() =>
    annotationsSchema().superRefine((annotations, ctx) => {
        for (const { key, reason } of generatedKeys(annotations, WORKLOAD_ANNOTATIONS)) ctx.addIssue({ code: "custom", path: [key], message: reason });
    }),
);

/** Refuses the component-specific generated keys in `annotations` (at `path`). */
export function checkGeneratedAnnotations(
    annotations: Readonly<Record<string, string>>,
    generated: GeneratedAnnotations,
    path: string,
    problems: ProblemList,
): void {
    for (const { key, reason } of generatedKeys(annotations, generated)) problems.add(`${path}.${key}`, reason);
}
