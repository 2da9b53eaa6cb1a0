import type * as pulumi from "@pulumi/pulumi";
import { inputOf, type Deferrable } from "./validation";
import { mountPathProblem } from "./model-volume";
import { QUANTITY } from "./quantity";
import { requestsAboveLimits } from "./resources";
import { lazySchema, type Infer } from "./zod";

/**
 * The shared argument schemas, each built on first use (`dns1123Label()`): see `core/zod.ts`.
 * Messages are the library's own, so every component words a problem the same way.
 */

/** RFC 1123 label: what Kubernetes accepts for most object names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const dns1123Label = lazySchema((z) =>
    z
        .string()
        .max(63, "must be at most 63 characters (a DNS-1123 label)")
        .regex(DNS1123_LABEL, "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit"),
);

/** RFC 1123 subdomain: label keys, hostnames. */
export const dns1123Subdomain = lazySchema((z) => z.string().max(253, "must be at most 253 characters").regex(DNS1123_SUBDOMAIN, "must be a DNS-1123 subdomain"));

/** A non-empty string. */
export const nonEmptyString = lazySchema((z) => z.string().min(1, "must not be empty"));

/** A non-empty string that may also be a `pulumi.Input` (passed through untouched by the renders). */
export const inputString = lazySchema((z) => inputOf(z, nonEmptyString()));
export type InputString = Deferrable<string>;

/** A namespace, claim, Secret or ConfigMap name that may be a `pulumi.Input` (checked when known). */
export const inputLabel = lazySchema((z) => inputOf(z, dns1123Label()));
/** A DNS-1123 subdomain (a Secret's name, a host) that may be a `pulumi.Input` (checked when known). */
export const inputSubdomain = lazySchema((z) => inputOf(z, dns1123Subdomain()));

/** Kubernetes resource quantity such as `16Gi`, `500m` or `2`. */
export const quantity = lazySchema((z) =>
    z.string().regex(QUANTITY, "must be a non-negative Kubernetes quantity such as '16Gi', '500m' or '4'"),
);

/** An integer (a number with a fraction, Infinity and NaN are refused). */
export const integer = lazySchema((z) => z.number("must be a number").int("must be an integer"));
export const positiveInt = lazySchema((z) => integer().min(1, "must be at least 1"));
export const nonNegativeInt = lazySchema((z) => integer().min(0, "must be at least 0"));
const INT32_MAX = 2 ** 31 - 1;
/** For fields that land in a Kubernetes int32 (replica counts, probe and scaling seconds, backoff limits). */
export const positiveInt32 = lazySchema(() => positiveInt().max(INT32_MAX, `must be at most ${INT32_MAX} (a Kubernetes int32)`));
export const nonNegativeInt32 = lazySchema(() => nonNegativeInt().max(INT32_MAX, `must be at most ${INT32_MAX} (a Kubernetes int32)`));
/** A number other than Infinity or NaN (zod's `number()` refuses both). */
export const finiteNumber = lazySchema((z) => z.number("must be a number"));
export const positiveNumber = lazySchema(() => finiteNumber().gt(0, "must be greater than 0"));
export const nonNegativeNumber = lazySchema(() => finiteNumber().min(0, "must be at least 0"));
/** A fraction in (0, 1], such as vLLM's `--gpu-memory-utilization`. */
export const fraction = lazySchema(() => positiveNumber().max(1, "must be at most 1"));

/** A container image reference pinned to a tag or digest; `latest` and bare names are refused. */
export const pinnedImage = lazySchema((z) =>
    z
        .string()
        .regex(/^[^\s]+$/, "must not contain whitespace")
        .refine((img) => /@sha256:[0-9a-f]{64}$/.test(img) || /:[\w][\w.-]{0,127}$/.test(img.split("/").pop() ?? ""), {
            message: "must be pinned to a tag or digest (repository:tag or repository@sha256:...)",
        })
        .refine((img) => !/:latest$/.test(img), { message: "must not use the floating 'latest' tag; pin a version" }),
);
/** A pinned image that may be a `pulumi.Input` (checked when known). */
export const inputImage = lazySchema((z) => inputOf(z, pinnedImage()));

/**
 * Where the pinned Helm charts come from instead of their upstream repositories: an `oci://`
 * prefix, an `http(s)://` repository, or a local directory of unpacked charts (absolute, `./`
 * relative or `file://`), for air-gapped clusters.
 */
export const chartSourceOverride = lazySchema((z) =>
    z
        .string()
        .regex(
            /^((oci|https?|file):\/\/\S+|\.{0,2}\/\S*)$/,
            "must be an oci:// prefix, an http(s):// Helm repository URL, or a local chart directory (an absolute or ./ path, or file://)",
        ),
);

/** A registry host with an optional path, without scheme: `registry.cn-hangzhou.aliyuncs.com/mirror`. */
export const imageRegistry = lazySchema((z) =>
    z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "must be a registry host with an optional path, without scheme (e.g. 'registry.example.com/mirror')"),
);

export const labelMap = lazySchema((z) => z.record(nonEmptyString(), z.string()));

/** Kubernetes' environment variable name rule (`validation.IsEnvVarName`), without a leading digit. */
export const envVarName = lazySchema((z) =>
    z.string().regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, "must be an environment variable name: letters, digits, '-', '.' and '_', not starting with a digit"),
);

/** A label name part: 63 characters at most, alphanumeric at both ends, '-', '_' and '.' inside. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Kubernetes' qualified-name rule for label and taint keys: an optional DNS-subdomain prefix and '/'. */
export function isQualifiedName(key: string): boolean {
    const parts = key.split("/");
    if (parts.length > 2) return false;
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)));
}
/** Kubernetes' label-value rule: empty, or a label name part. */
export function isLabelValue(value: string): boolean {
    return value === "" || LABEL_NAME.test(value);
}

/** A toleration, with the rules the API server applies (`validation.ValidateTolerations`). */
export const toleration = lazySchema((z) =>
    z
        .strictObject({
            key: z.string().optional(),
            operator: z.enum(["Exists", "Equal"]).optional(),
            value: z.string().optional(),
            effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
            tolerationSeconds: integer().optional(),
        })
        .superRefine((t, ctx) => {
            const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
            if (t.key) {
                if (!isQualifiedName(t.key)) problem("key", "must be a qualified name ('[prefix/]name', name of at most 63 alphanumerics, '-', '_' or '.')");
            } else if (t.operator !== "Exists") {
                problem("operator", "must be 'Exists' when key is empty (a toleration of every taint)");
            }
            if (t.operator === "Exists" && t.value) problem("value", "must be empty when operator is 'Exists'");
            if (t.operator !== "Exists" && t.value !== undefined && !isLabelValue(t.value)) problem("value", "must be a label value (at most 63 alphanumerics, '-', '_' or '.')");
            if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") problem("tolerationSeconds", "only applies with effect 'NoExecute'");
        }),
);
export type Toleration = Infer<typeof toleration>;

export const resourceList = lazySchema((z) => z.record(nonEmptyString(), quantity()));
export const resources = lazySchema((z) =>
    z
        .strictObject({
            requests: resourceList().optional(),
            limits: resourceList().optional(),
        })
        .superRefine((r, ctx) => {
            for (const k of requestsAboveLimits(r)) {
                ctx.addIssue({ code: "custom", path: ["requests", k], message: `must not be more than limits.${k} (${r.limits![k]}), as the API server requires` });
            }
        }),
);
export type Resources = Infer<typeof resources>;

/** A reference to one key of a Kubernetes Secret; the name may be a `pulumi.Input` (a Secret's `metadata.name`). */
export const secretKeyRef = lazySchema((z) =>
    z.strictObject({
        name: inputSubdomain(),
        key: nonEmptyString(),
    }),
);
export type SecretKeyRef = Infer<typeof secretKeyRef>;
/** What a user writes for a {@link SecretKeyRef}. */
export interface SecretKeyRefArgs {
    /** Name of the Secret, in the workload's namespace (may be an Output, e.g. `secret.metadata.name`). */
    readonly name: pulumi.Input<string>;
    /** Key inside the Secret. */
    readonly key: string;
}

/** Where a model volume is mounted in serving pods: refused where it would collide with their own mounts ({@link mountPathProblem}). */
export const modelMountPath = lazySchema((z) =>
    z.string().superRefine((path, ctx) => {
        const problem = mountPathProblem(path);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
);
