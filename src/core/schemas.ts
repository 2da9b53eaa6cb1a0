import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** RFC 1123 label: what Kubernetes accepts for most object names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dns1123Label = z
    .string()
    .max(63, "must be at most 63 characters (a DNS-1123 label)")
    .regex(DNS1123_LABEL, "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit");

/** RFC 1123 subdomain: label keys, hostnames. */
export const dns1123Subdomain = z
    .string()
    .max(253, "must be at most 253 characters")
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS-1123 subdomain");

/** A string that may also be a Pulumi Output (passed through untouched by the renders). */
export const inputString = z.union([
    z.string().min(1, "must not be empty"),
    z.custom<pulumi.Output<string>>((v) => pulumi.Output.isInstance(v), "must be a string or a pulumi.Output<string>"),
]);
export type InputString = z.infer<typeof inputString>;

/** Kubernetes resource quantity such as `16Gi`, `500m` or `2`. */
export const quantity = z
    .string()
    .regex(/^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/, "must be a Kubernetes quantity such as '16Gi', '500m' or '4'");

export const positiveInt = z.number().int("must be an integer").positive("must be at least 1");
export const nonNegativeInt = z.number().int("must be an integer").min(0, "must be at least 0");

/** A container image reference pinned to a tag or digest; `latest` and bare names are refused. */
export const pinnedImage = z
    .string()
    .regex(/^[^\s]+$/, "must not contain whitespace")
    .refine((img) => /@sha256:[0-9a-f]{64}$/.test(img) || /:[\w][\w.-]{0,127}$/.test(img.split("/").pop() ?? ""), {
        message: "must be pinned to a tag or digest (repository:tag or repository@sha256:...)",
    })
    .refine((img) => !/:latest$/.test(img), { message: "must not use the floating 'latest' tag; pin a version" });

export const labelMap = z.record(z.string().min(1), z.string());

/** Kubernetes' environment variable name rule (`validation.IsEnvVarName`), without a leading digit. */
export const envVarName = z
    .string()
    .regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, "must be an environment variable name: letters, digits, '-', '.' and '_', not starting with a digit");

export const toleration = z.strictObject({
    key: z.string().optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().optional(),
});
export type Toleration = z.infer<typeof toleration>;

export const resourceList = z.record(z.string().min(1), quantity);
export const resources = z.strictObject({
    requests: resourceList.optional(),
    limits: resourceList.optional(),
});
export type Resources = z.infer<typeof resources>;

/** A reference to one key of a Kubernetes Secret. */
export const secretKeyRef = z.strictObject({
    name: dns1123Subdomain,
    key: z.string().min(1),
});
export type SecretKeyRef = z.infer<typeof secretKeyRef>;
