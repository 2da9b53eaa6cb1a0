import type * as pulumi from "@pulumi/pulumi";
import { inputOf, type Deferrable } from "./validation";
import { mountPathProblem } from "./model-volume";
import { QUANTITY } from "./quantity";
import { requestsAboveLimits } from "./resources";
import { lazySchema, type Infer, type Zod } from "./zod";

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
export const dns1123Subdomain = lazySchema((z) =>
    z.string().max(253, "must be at most 253 characters").regex(DNS1123_SUBDOMAIN, "must be a DNS-1123 subdomain"),
);

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
export const quantity = lazySchema((z) => z.string().regex(QUANTITY, "must be a non-negative Kubernetes quantity such as '16Gi', '500m' or '4'"));

/** An integer (a number with a fraction, Infinity and NaN are refused). */
export const integer = lazySchema((z) => z.number("must be a number").int("must be an integer"));
export const positiveInt = lazySchema(() => integer().min(1, "must be at least 1"));
export const nonNegativeInt = lazySchema(() => integer().min(0, "must be at least 0"));
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

/**
 * The image reference grammar container runtimes parse (github.com/distribution/reference v0.6.0,
 * `regexp.go`: `[domain[:port]/]path[:tag][@digest]`, path components lower-case), with the digest
 * lengths go-digest checks (sha256: 64 lower-case hex digits, sha384: 96, sha512: 128). Groups: 1 the
 * name, 2 the tag, 3 the digest.
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const IMAGE_DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const IMAGE_PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_REFERENCE = new RegExp(
    `^((?:${IMAGE_DOMAIN}/)?${IMAGE_PATH_COMPONENT}(?:/${IMAGE_PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}))?$`,
);
/** distribution/reference's `RepositoryNameTotalLengthMax`. */
const IMAGE_NAME_MAX = 255;

/** A container image reference pinned to a tag or digest; `latest`, bare names and references no runtime can parse are refused. */
export const pinnedImage = lazySchema((z) =>
    z
        .string()
        .regex(/^[^\s]+$/, "must not contain whitespace")
        .superRefine((img, ctx) => {
            const problem = (message: string) => ctx.addIssue({ code: "custom", message });
            if (/\s/.test(img)) return;
            const m = IMAGE_REFERENCE.exec(img);
            if (!m) {
                problem(
                    "must be an image reference a container runtime can pull: [registry[:port]/]repository[:tag][@sha256:<64 hex digits>], the repository in lower case, the tag at most 128 characters",
                );
                return;
            }
            if (m[1].length > IMAGE_NAME_MAX) problem(`the repository name must be at most ${IMAGE_NAME_MAX} characters`);
            if (m[2] === undefined && m[3] === undefined) problem("must be pinned to a tag or digest (repository:tag or repository@sha256:...)");
            if (m[2] === "latest" && m[3] === undefined) problem("must not use the floating 'latest' tag; pin a version");
        }),
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
    z
        .string()
        .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "must be a registry host with an optional path, without scheme (e.g. 'registry.example.com/mirror')"),
);

/**
 * A map of strings with no Kubernetes rule on its keys or values.
 * @deprecated The library's own maps use {@link labelsSchema}, {@link annotationsSchema} and
 * {@link nodeSelectorSchema}, which apply Kubernetes' rules; this stays for schemas written against it.
 */
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

const QUALIFIED_NAME_RULE =
    "must be a qualified name ('[prefix/]name': an optional DNS-1123 subdomain prefix of at most 253 characters and '/', then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

/**
 * Why `key` is not a Kubernetes qualified name (`validation.IsQualifiedName`, the rule for label and
 * annotation keys), or undefined when it is one. The message starts with the rule and names the part at fault.
 */
export function qualifiedNameProblem(key: string): string | undefined {
    if (isQualifiedName(key)) return undefined;
    const parts = key.split("/");
    const name = parts[parts.length - 1];
    let detail: string;
    if (key === "") detail = "it is empty";
    else if (parts.length > 2) detail = "it has more than one '/'";
    else if (parts.length === 2 && parts[0] === "") detail = "the prefix before '/' is empty";
    else if (parts.length === 2 && parts[0].length > 253) detail = `the prefix is ${parts[0].length} characters`;
    else if (parts.length === 2 && !DNS1123_SUBDOMAIN.test(parts[0]))
        detail = `the prefix '${parts[0]}' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')`;
    else if (name === "") detail = "the name after '/' is empty";
    else if (name.length > 63) detail = `the name is ${name.length} characters`;
    else detail = `the name '${name}' has a character other than letters, digits, '-', '_' or '.', or does not start and end with a letter or digit`;
    return `${QUALIFIED_NAME_RULE}; ${detail}`;
}

/** Why `value` is not a Kubernetes label value (`validation.IsValidLabelValue`), or undefined. */
export function labelValueProblem(value: string): string | undefined {
    if (isLabelValue(value)) return undefined;
    const detail =
        value.length > 63
            ? `it is ${value.length} characters`
            : "it has a character other than letters, digits, '-', '_' or '.', or does not start and end with a letter or digit";
    return `must be a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit); ${detail}`;
}

/** The API server's limit on the size of an object's annotations, keys and values together (`TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * The label keys the library sets on the objects it renders and selects pods by
 * (`standardLabels`, `selectorLabels` in core/kube, DistributedServing's role label). A user label
 * with one of these keys would relabel the object away from what its Service, Deployment or
 * monitor selects, so {@link labelsSchema} refuses them.
 */
export const LIBRARY_LABEL_KEYS: readonly string[] = [
    "app.kubernetes.io/name",
    "app.kubernetes.io/component",
    "app.kubernetes.io/managed-by",
    "llm-serving/role",
];

/** Keys a label map may not set, and why (the end of the message). */
export interface ReservedLabels {
    readonly keys: Iterable<string>;
    readonly reason: string;
}

/**
 * A map of labels by Kubernetes' rules (`validation.ValidateLabels`): every key a qualified name,
 * every value a label value, each problem at `<field>.<key>`. Keys in `reserved` are refused.
 * Call it inside a schema builder; the shared ones are {@link labelsSchema} and {@link nodeSelectorSchema}.
 */
export function labelRecord(z: Zod, reserved?: ReservedLabels) {
    const refused = new Set(reserved?.keys ?? []);
    return z.record(z.string(), z.string()).superRefine((labels, ctx) => {
        for (const [key, value] of Object.entries(labels)) {
            const keyProblem = qualifiedNameProblem(key);
            if (keyProblem) ctx.addIssue({ code: "custom", path: [key], message: keyProblem });
            else if (refused.has(key)) ctx.addIssue({ code: "custom", path: [key], message: reserved!.reason });
            const valueProblem = labelValueProblem(value);
            if (valueProblem) ctx.addIssue({ code: "custom", path: [key], message: valueProblem });
        }
    });
}

/**
 * Labels a user adds to the objects a component renders: Kubernetes' label rules, and none of
 * {@link LIBRARY_LABEL_KEYS} (the library's own, which selectors rely on).
 */
export const labelsSchema = lazySchema((z) =>
    labelRecord(z, {
        keys: LIBRARY_LABEL_KEYS,
        reason: `is a label the library sets itself and selects pods by (${LIBRARY_LABEL_KEYS.join(", ")}); choose another key`,
    }),
);

/**
 * A node selector (or any other label selector given as a map, such as an Istio gateway's): keys
 * are label keys, values label values, by Kubernetes' rules; a selector that can match no label
 * is refused rather than left Pending.
 */
export const nodeSelectorSchema = lazySchema((z) => labelRecord(z));

/**
 * Annotations by Kubernetes' rules (`ValidateAnnotations`): every key a qualified name (compared
 * in lower case, as the API server does), values free, and keys and values together at most
 * {@link ANNOTATIONS_MAX_BYTES} bytes (UTF-8).
 */
export const annotationsSchema = lazySchema((z) =>
    z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
        let bytes = 0;
        for (const [key, value] of Object.entries(annotations)) {
            const problem = qualifiedNameProblem(key.toLowerCase());
            if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
            bytes += Buffer.byteLength(key, "utf8") + Buffer.byteLength(value, "utf8");
        }
        if (bytes > ANNOTATIONS_MAX_BYTES) {
            ctx.addIssue({
                code: "custom",
                message: `keys and values together are ${bytes} bytes; the API server allows at most ${ANNOTATIONS_MAX_BYTES} (256 KiB)`,
            });
        }
    }),
);

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
            if (t.operator !== "Exists" && t.value !== undefined && !isLabelValue(t.value))
                problem("value", "must be a label value (at most 63 alphanumerics, '-', '_' or '.')");
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
                ctx.addIssue({
                    code: "custom",
                    path: ["requests", k],
                    message: `must not be more than limits.${k} (${r.limits![k]}), as the API server requires`,
                });
            }
        }),
);
export type Resources = Infer<typeof resources>;

/**
 * A key of a Secret or ConfigMap, by the API server's rule (k8s.io/apimachinery v0.34.3
 * `validation.IsConfigMapKey`, which `validateSecretKeySelector` applies): at most 253 of
 * `[-._a-zA-Z0-9]`, neither '.' nor '..', not starting with '..'.
 */
const secretKey = lazySchema(() =>
    nonEmptyString()
        .max(253, "must be at most 253 characters (a Secret key)")
        .regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret key: letters, digits, '-', '_' and '.'")
        .refine((key) => key !== "." && !key.startsWith(".."), { message: "must not be '.' or start with '..'" }),
);

/** A reference to one key of a Kubernetes Secret; the name may be a `pulumi.Input` (a Secret's `metadata.name`). */
export const secretKeyRef = lazySchema((z) =>
    z.strictObject({
        name: inputSubdomain(),
        key: secretKey(),
    }),
);
export type SecretKeyRef = Infer<typeof secretKeyRef>;
/** What a user writes for a {@link SecretKeyRef}. */
export interface SecretKeyRefArgs {
    /** Name of the Secret, in the workload's namespace (may be an Output, e.g. `secret.metadata.name`). */
    readonly name: pulumi.Input<string>;
    /** Key inside the Secret: at most 253 letters, digits, '-', '_' or '.', not '.' nor starting with '..' (the API server's rule). */
    readonly key: string;
}

/** Where a model volume is mounted in serving pods: refused where it would collide with their own mounts ({@link mountPathProblem}). */
export const modelMountPath = lazySchema((z) =>
    z.string().superRefine((path, ctx) => {
        const problem = mountPathProblem(path);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
);
