import * as pulumi from "@pulumi/pulumi";
import * as v from "valibot";

/** RFC 1123 label: what Kubernetes accepts for most object names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dns1123Label = v.pipe(
    v.string(),
    v.maxLength(63, "must be at most 63 characters (a DNS-1123 label)"),
    v.regex(DNS1123_LABEL, "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit"),
);

/** RFC 1123 subdomain: label keys, hostnames. */
export const dns1123Subdomain = v.pipe(
    v.string(),
    v.maxLength(253, "must be at most 253 characters"),
    v.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS-1123 subdomain"),
);

/** A non-empty string. */
export const nonEmptyString = v.pipe(v.string(), v.minLength(1, "must not be empty"));

/** A string that may also be a Pulumi Output (passed through untouched by the renders). */
export const inputString = v.union(
    [nonEmptyString, v.custom<pulumi.Output<string>>((x) => pulumi.Output.isInstance(x))],
    "must be a string or a pulumi.Output<string>",
);
export type InputString = v.InferOutput<typeof inputString>;

/** Kubernetes resource quantity such as `16Gi`, `500m` or `2`. */
export const quantity = v.pipe(
    v.string(),
    v.regex(/^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/, "must be a Kubernetes quantity such as '16Gi', '500m' or '4'"),
);

/** An integer (a number with a fraction is refused). */
export const integer = v.pipe(v.number(), v.integer("must be an integer"));
export const positiveInt = v.pipe(v.number(), v.integer("must be an integer"), v.minValue(1, "must be at least 1"));
export const nonNegativeInt = v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be at least 0"));
/** A number other than Infinity (YAML's `.inf`) or NaN, which valibot's `number()` lets through. */
export const finiteNumber = v.pipe(v.number(), v.finite("must be a finite number"));
export const positiveNumber = v.pipe(finiteNumber, v.gtValue(0, "must be greater than 0"));
export const nonNegativeNumber = v.pipe(finiteNumber, v.minValue(0, "must be at least 0"));
/** A fraction in (0, 1], such as vLLM's `--gpu-memory-utilization`. */
export const fraction = v.pipe(positiveNumber, v.maxValue(1, "must be at most 1"));

/** A container image reference pinned to a tag or digest; `latest` and bare names are refused. */
export const pinnedImage = v.pipe(
    v.string(),
    v.regex(/^[^\s]+$/, "must not contain whitespace"),
    v.check(
        (img) => /@sha256:[0-9a-f]{64}$/.test(img) || /:[\w][\w.-]{0,127}$/.test(img.split("/").pop() ?? ""),
        "must be pinned to a tag or digest (repository:tag or repository@sha256:...)",
    ),
    v.check((img) => !/:latest$/.test(img), "must not use the floating 'latest' tag; pin a version"),
);

export const labelMap = v.record(nonEmptyString, v.string());

/** Kubernetes' environment variable name rule (`validation.IsEnvVarName`), without a leading digit. */
export const envVarName = v.pipe(
    v.string(),
    v.regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, "must be an environment variable name: letters, digits, '-', '.' and '_', not starting with a digit"),
);

export const toleration = v.strictObject({
    key: v.optional(v.string()),
    operator: v.optional(v.picklist(["Exists", "Equal"])),
    value: v.optional(v.string()),
    effect: v.optional(v.picklist(["NoSchedule", "PreferNoSchedule", "NoExecute"])),
    tolerationSeconds: v.optional(integer),
});
export type Toleration = v.InferOutput<typeof toleration>;

export const resourceList = v.record(nonEmptyString, quantity);
export const resources = v.strictObject({
    requests: v.optional(resourceList),
    limits: v.optional(resourceList),
});
export type Resources = v.InferOutput<typeof resources>;

/** A reference to one key of a Kubernetes Secret. */
export const secretKeyRef = v.strictObject({
    name: dns1123Subdomain,
    key: nonEmptyString,
});
export type SecretKeyRef = v.InferOutput<typeof secretKeyRef>;
