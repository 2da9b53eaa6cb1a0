/**
 * Case tables of the bad-input suite (issue 17, `test/unit/bad-input/`): one table per class of
 * field, shared by every component that has a field of that class. Each case is a bad value and
 * where, under the field, its problem is reported (`at`: "" for the field itself, else a path
 * suffix such as `.key` or `[0].value`). The label, annotation and node-selector tables are in
 * `label-cases.ts`, the pass-through flag tables in `pass-through-cases.ts`.
 */

/** One bad value of a field and where (relative to the field) its problem is reported. */
export interface ValueCase {
    readonly title: string;
    readonly value: unknown;
    /** Suffix of the path the error names, appended to the field's path ("" for the field itself). */
    readonly at: string;
}

const atField = (title: string, value: unknown): ValueCase => ({ title, value, at: "" });

/** Values no Kubernetes quantity (`resource.ParseQuantity`) is, or negative ones, which requests, limits and sizes refuse. */
export const BAD_QUANTITIES: readonly ValueCase[] = [
    atField("a word", "sixteen"),
    atField("a negative quantity", "-1Gi"),
    atField("two decimal points", "1.2.3Gi"),
    atField("a suffix Kubernetes does not know (GB)", "8GB"),
    atField("a lower-case binary suffix (gi)", "8gi"),
    atField("an empty string", ""),
    atField("a space before the suffix", "8 Gi"),
    atField("a suffix alone", "Gi"),
    atField("a hexadecimal number", "0x10"),
    atField("a number, not a string", 16),
];

/** One bad int32 value, given the smallest value the field accepts. */
export interface Int32Case {
    readonly title: string;
    readonly value: (min: number) => unknown;
}

/** Values a Kubernetes int32 field (replicas, seconds, backoff limits) cannot hold, or below the field's minimum. */
export const BAD_INT32: readonly Int32Case[] = [
    { title: "2^31, beyond a Kubernetes int32", value: () => 2 ** 31 },
    { title: "2^32", value: () => 2 ** 32 },
    { title: "one below the minimum", value: (min) => min - 1 },
    { title: "a fraction", value: (min) => min + 0.5 },
    { title: "NaN", value: () => NaN },
    { title: "Infinity", value: () => Infinity },
    { title: "a numeric string", value: (min) => String(min + 1) },
];

/** Names no DNS-1123 label is: refused as namespaces and as the components' own names. */
export const BAD_DNS1123_LABELS: readonly ValueCase[] = [
    atField("upper-case letters", "LLM"),
    atField("an underscore", "llm_serving"),
    atField("a leading '-'", "-llm"),
    atField("a trailing '-'", "llm-"),
    atField("a dot (a subdomain, not a label)", "llm.serving"),
    atField("a space", "llm serving"),
    atField("64 characters", "a".repeat(64)),
    atField("an empty string", ""),
    atField("a non-ASCII letter", "modèle"),
];

/** Image references that float (no tag, `latest`) or that no container runtime can pull. */
export const BAD_IMAGES: readonly ValueCase[] = [
    atField("the floating 'latest' tag", "vllm/vllm-openai:latest"),
    atField("no tag (pulls latest)", "vllm/vllm-openai"),
    atField("no tag, on a registry with a port", "registry.example.com:5000/vllm/vllm-openai"),
    atField("an empty tag", "vllm/vllm-openai:"),
    atField("whitespace", "vllm/vllm-openai: v0.11.0"),
    atField("an empty string", ""),
    atField("'latest' on a registry with a port", "registry.example.com:5000/vllm:latest"),
    atField("a digest that is not 64 hex digits", "vllm/vllm-openai@sha256:abc123"),
    atField("a tag and a truncated digest", "vllm/vllm-openai:v0.11.0@sha256:0123456789abcdef"),
    atField("an upper-case repository path", "vllm/VLLM-openai:v0.11.0"),
    atField("a tag longer than 128 characters", `vllm/vllm-openai:${"v".repeat(129)}`),
];

/** Secret references (`{ name, key }`) the API server refuses (`ValidateSecretKeySelector`: a subdomain name, a config-map key). */
export const BAD_SECRET_REFS: readonly ValueCase[] = [
    { title: "no key", value: { name: "hf" }, at: ".key" },
    { title: "an empty key", value: { name: "hf", key: "" }, at: ".key" },
    { title: "a key with a space", value: { name: "hf", key: "hf token" }, at: ".key" },
    { title: "a key with '/'", value: { name: "hf", key: "tokens/hf" }, at: ".key" },
    { title: "a key of 254 characters", value: { name: "hf", key: "k".repeat(254) }, at: ".key" },
    { title: "the key '..'", value: { name: "hf", key: ".." }, at: ".key" },
    { title: "a key starting with '..'", value: { name: "hf", key: "..token" }, at: ".key" },
    { title: "no name", value: { key: "token" }, at: ".name" },
    { title: "an upper-case name", value: { name: "HF", key: "token" }, at: ".name" },
    { title: "a name with '_'", value: { name: "hf_token", key: "token" }, at: ".name" },
    { title: "an unknown field", value: { name: "hf", key: "token", optional: true }, at: ".optional" },
    { title: "a string instead of a reference", value: "hf", at: "" },
];

/** Served model names that would reach container args with a `$` Kubernetes expands, or empty. */
export const BAD_SERVED_MODEL_NAMES: readonly ValueCase[] = [
    atField("a $(VAR) reference", "$(HF_TOKEN)"),
    atField("a trailing '$'", "cost$"),
    atField("an escaped $$(VAR)", "$$(HF_TOKEN)"),
    atField("an empty string", ""),
];

/** Tolerations the API server refuses (`validation.ValidateTolerations`), each given alone in the list. */
export const BAD_TOLERATIONS: readonly ValueCase[] = [
    { title: "an unknown effect", value: [{ key: "x", effect: "NoScheduling" }], at: "[0].effect" },
    { title: "an unknown operator", value: [{ key: "x", operator: "In", value: "y" }], at: "[0].operator" },
    { title: "'Exists' with a value", value: [{ key: "x", operator: "Exists", value: "y" }], at: "[0].value" },
    {
        title: "tolerationSeconds without NoExecute",
        value: [{ key: "x", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 30 }],
        at: "[0].tolerationSeconds",
    },
    { title: "no key with 'Equal'", value: [{ operator: "Equal", value: "x" }], at: "[0].operator" },
    { title: "no key and no operator", value: [{ value: "x" }], at: "[0].operator" },
    { title: "a key that is no qualified name", value: [{ key: "gpu type", operator: "Exists" }], at: "[0].key" },
    { title: "a value that is no label value", value: [{ key: "x", value: "a/b" }], at: "[0].value" },
    {
        title: "a fractional tolerationSeconds",
        value: [{ key: "x", operator: "Exists", effect: "NoExecute", tolerationSeconds: 1.5 }],
        at: "[0].tolerationSeconds",
    },
    { title: "an unknown field", value: [{ key: "x", operator: "Exists", effects: "NoSchedule" }], at: "[0].effects" },
    { title: "the second toleration bad", value: [{ operator: "Exists" }, { key: "x", effect: "NoExecution" }], at: "[1].effect" },
];

/** Mount paths of a model volume that collide with a path serving pods use, or are not normal absolute paths (`mountPathProblem`). */
export const BAD_MOUNT_PATHS: readonly ValueCase[] = [
    atField("/dev/shm", "/dev/shm"),
    atField("inside /dev/shm", "/dev/shm/models"),
    atField("/dev", "/dev"),
    atField("the root", "/"),
    atField("/etc (hides /etc/hosts)", "/etc"),
    atField("/var (hides the service account token)", "/var"),
    atField("the service account token", "/var/run/secrets/kubernetes.io/serviceaccount"),
    atField("/proc", "/proc/models"),
    atField("Triton's generated repository", "/models"),
    atField("Triton's model configuration", "/etc/triton"),
    atField("DJL Serving's model store", "/opt/ml/model"),
    atField("OpenLLM's cache", "/var/cache/openllm/models"),
    atField("the download job's scratch", "/scratch"),
    atField("an image directory", "/usr"),
    atField("/tmp itself", "/tmp"),
    atField("'..' walking into /dev/shm", "/mnt/../dev/shm"),
    atField("a '.' segment", "/mnt/./models"),
    atField("an empty segment", "/mnt//models"),
    atField("a relative path", "mnt/models"),
];

/** Bucket key prefixes that would widen the IAM (S3) or RAM (OSS) grant or change the mount. */
export const BAD_BUCKET_PREFIXES: readonly ValueCase[] = [
    atField("a '*' wildcard", "models/*"),
    atField("'*' inside a segment", "models/llama*"),
    atField("a '?' wildcard", "models/bloom-?b"),
    atField("an IAM policy variable", "models/${aws:username}"),
    atField("a '..' segment", "models/../secrets"),
    atField("a '.' segment", "./models"),
    atField("'..' alone", ".."),
    atField("an empty segment", "models//bloom"),
    atField("two trailing slashes", "models/bloom//"),
    atField("a leading '/'", "/models"),
    atField("a space (would add a Mountpoint option)", "models/bloom allow-delete"),
    atField("a comma", "models,allow-delete"),
    atField("a newline", "models\nbloom"),
];

/** Region ids refused for a cloud: the other cloud's, and ones of neither form. */
export const BAD_REGIONS: Readonly<Record<"aws" | "alicloud", readonly ValueCase[]>> = {
    aws: [
        atField("an Alibaba Cloud region", "cn-hangzhou"),
        atField("an Alibaba Cloud finance region", "cn-shanghai-finance-1"),
        atField("no number", "us-east"),
        atField("a display name", "US East"),
        atField("an availability zone", "us-east-1a"),
        atField("an empty string", ""),
    ],
    alicloud: [
        atField("an AWS China region", "cn-north-1"),
        atField("an AWS GovCloud region", "us-gov-west-1"),
        atField("a city name", "Hangzhou"),
        atField("a zone", "cn-hangzhou-h"),
        atField("an empty string", ""),
    ],
};

/** Pod identities refused per cloud: incomplete, of the other cloud's shape, or not an identity. */
export const BAD_POD_IDENTITIES: Readonly<Record<"aws" | "alicloud", readonly ValueCase[]>> = {
    aws: [
        { title: "no driver role", value: { cloud: "aws", clusterName: "gpu" }, at: ".s3CsiDriverRoleName" },
        { title: "an empty cluster name", value: { cloud: "aws", clusterName: "", s3CsiDriverRoleName: "gpu-s3-csi" }, at: ".clusterName" },
        { title: "an empty driver role", value: { cloud: "aws", clusterName: "gpu", s3CsiDriverRoleName: "" }, at: ".s3CsiDriverRoleName" },
        { title: "a number for the role", value: { cloud: "aws", clusterName: "gpu", s3CsiDriverRoleName: 42 }, at: ".s3CsiDriverRoleName" },
        { title: "an unknown field", value: { cloud: "aws", clusterName: "gpu", s3CsiDriverRoleName: "r", roleArn: "arn:aws:iam::1:role/x" }, at: ".roleArn" },
        { title: "an unknown cloud", value: { cloud: "gcp" }, at: ".cloud" },
        { title: "a string", value: "gpu", at: "" },
    ],
    alicloud: [
        { title: "no issuer", value: { cloud: "alicloud", oidcProviderArn: "acs:ram::123:oidc-provider/ack-rrsa-c1" }, at: ".oidcIssuerUrl" },
        { title: "no provider ARN", value: { cloud: "alicloud", oidcIssuerUrl: "https://oidc-ack.example.com/c1" }, at: ".oidcProviderArn" },
        { title: "the other cloud's fields", value: { cloud: "alicloud", clusterName: "gpu", s3CsiDriverRoleName: "r" }, at: ".oidcProviderArn" },
        { title: "an unknown cloud", value: { cloud: "gcp" }, at: ".cloud" },
        { title: "a string", value: "gpu", at: "" },
    ],
};

const ingress = (extra: object) => ({ kind: "ingress", host: "chat.example.com", ...extra });
const pathCase = (title: string, path: string): ValueCase => ({ title: `path ${title}`, value: ingress({ path }), at: ".path" });
/** Exposures (`exposureSchema`) an Ingress, VirtualService or HTTPRoute would refuse, or no route could serve. */
export const BAD_EXPOSURES: readonly ValueCase[] = [
    pathCase("with '//'", "/v1//chat"),
    pathCase("with '/./'", "/v1/./chat"),
    pathCase("with '/../'", "/v1/../admin"),
    pathCase("with '%2f'", "/v1%2fchat"),
    pathCase("with '%2F'", "/v1%2Fchat"),
    pathCase("with '#'", "/v1#chat"),
    pathCase("ending with '/..'", "/v1/.."),
    pathCase("ending with '/.'", "/v1/."),
    pathCase("with '<'", "/v1/<chat>"),
    pathCase("with a malformed %-escape", "/v1/%zz"),
    pathCase("of 1025 characters", `/${"a".repeat(1024)}`),
    pathCase("that is relative", "v1/chat"),
    pathCase("with a space", "/v1/ chat"),
    {
        title: "a request timeout beyond a Gateway API Duration (5 digits)",
        value: { kind: "gatewayApi", host: "chat.example.com", requestTimeoutSeconds: 100000 },
        at: ".requestTimeoutSeconds",
    },
    { title: "a request timeout of 0", value: ingress({ requestTimeoutSeconds: 0 }), at: ".requestTimeoutSeconds" },
    { title: "a fractional request timeout", value: ingress({ requestTimeoutSeconds: 1.5 }), at: ".requestTimeoutSeconds" },
    { title: "an upper-case host", value: ingress({ host: "Chat.example.com" }), at: ".host" },
    { title: "a host that is not fully qualified", value: ingress({ host: "chat" }), at: ".host" },
    { title: "a URL for a host", value: ingress({ host: "https://chat.example.com" }), at: ".host" },
    { title: "an unknown kind", value: { kind: "nginx", host: "chat.example.com" }, at: ".kind" },
    { title: "a TLS Secret name with '_'", value: ingress({ tls: { secretName: "chat_tls" } }), at: ".tls.secretName" },
    { title: "an upper-case ingress class", value: ingress({ ingress: { className: "Nginx" } }), at: ".ingress.className" },
    { title: "an unknown field", value: ingress({ timeout: 30 }), at: ".timeout" },
];

/** Names no DNS-1123 subdomain is: refused for IngressClass, GatewayClass and Secret names, domains. */
export const BAD_DNS1123_SUBDOMAINS: readonly ValueCase[] = [
    atField("upper-case letters", "Nginx"),
    atField("an underscore", "my_class"),
    atField("a leading '-'", "-nginx"),
    atField("a leading '.'", ".nginx"),
    atField("an empty label ('..')", "nginx..internal"),
    atField("a space", "nginx internal"),
    atField("254 characters", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`),
    atField("an empty string", ""),
];
