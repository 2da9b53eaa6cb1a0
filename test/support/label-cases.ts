/**
 * Case tables for label, annotation and node-selector maps (issue 17 §1), by Kubernetes' own rules
 * (k8s.io/apimachinery `IsQualifiedName`, `IsValidLabelValue`, `ValidateAnnotations`): shared by
 * every component that takes such a map. Each case is a map and the key its problem is reported
 * under (`undefined`: the map itself), so `${field}.${key}` is the path the error must name.
 */

/** One bad map: what is wrong, the map, and the key its error is reported at (undefined: the map's own path). */
export interface MapCase {
    readonly title: string;
    readonly map: Readonly<Record<string, string>>;
    readonly at: string | undefined;
}

/** The path an error about `c` must name, for a map given at `field` (`labels`, `gpuPool.nodeSelector`). */
export const pathOf = (field: string, c: MapCase): string => (c.at === undefined ? field : `${field}.${c.at}`);

const key = (title: string, k: string): MapCase => ({ title: `key ${title}`, map: { [k]: "v" }, at: k });
const value = (title: string, v: string): MapCase => ({ title: `value ${title}`, map: { team: v }, at: "team" });

/** Keys that are no qualified name in any case: bad as label, node-selector and annotation keys. */
export const BAD_KEYS: readonly MapCase[] = [
    key("with a space", "Bad Key"),
    key("that is empty", ""),
    key("starting with '-'", "-team"),
    key("ending with '-'", "team-"),
    key("starting with '.'", ".team"),
    key("with a name of 64 characters", "a".repeat(64)),
    key("with two '/'", "example.com/team/name"),
    key("with an empty prefix", "/team"),
    key("with an empty name", "example.com/"),
    key("with '_' in the prefix", "my_org.com/team"),
    key("with an empty label in the prefix", "example..com/team"),
    key("with a prefix of 254 characters", `${"a".repeat(254)}/team`),
    key("with '$'", "team$"),
    key("with ':'", "team:name"),
    key("with a non-ASCII letter", "équipe"),
];

/** Keys refused as label keys only: annotation keys are compared in lower case by the API server. */
export const BAD_LABEL_ONLY_KEYS: readonly MapCase[] = [key("with an upper-case prefix", "Example.com/team")];

/** Values that are no label value: bad in labels and node selectors, fine in annotations. */
export const BAD_LABEL_VALUES: readonly MapCase[] = [
    value("with a space", "ml platform"),
    value("of 64 characters", "a".repeat(64)),
    value("starting with '-'", "-ml"),
    value("ending with '.'", "ml."),
    value("with '/'", "ml/platform"),
    value("with ':'", "ml:platform"),
    value("with a non-ASCII letter", "données"),
];

/** Every bad label (or node-selector) map. */
export const BAD_LABELS: readonly MapCase[] = [...BAD_KEYS, ...BAD_LABEL_ONLY_KEYS, ...BAD_LABEL_VALUES];

/** The annotation size limit (`TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_LIMIT = 256 * 1024;

/** Every bad annotation map: bad keys, and keys and values together over 256 KiB (reported at the map). */
export const BAD_ANNOTATIONS: readonly MapCase[] = [
    ...BAD_KEYS,
    { title: "one byte over 256 KiB", map: { big: "x".repeat(ANNOTATIONS_LIMIT - 3 + 1) }, at: undefined },
    { title: "over 256 KiB in several annotations", map: { a: "x".repeat(ANNOTATIONS_LIMIT / 2), b: "x".repeat(ANNOTATIONS_LIMIT / 2) }, at: undefined },
    { title: "over 256 KiB counted in UTF-8 bytes", map: { note: "é".repeat(ANNOTATIONS_LIMIT / 2) }, at: undefined },
];

/** The label keys the library sets and selects by: refused in a component's `labels`. */
export const LIBRARY_LABELS: readonly string[] = ["app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/managed-by", "llm-serving/role"];
export const RESERVED_LABELS: readonly MapCase[] = LIBRARY_LABELS.map((k) => ({ title: `the library's own label ${k}`, map: { [k]: "mine" }, at: k }));

/** Labels (and node selectors) Kubernetes accepts, at the edges of its rules. */
export const ACCEPTED_LABELS: Readonly<Record<string, string>> = {
    team: "ml",
    "example.com/owner": "data-team",
    "A_b.c-D": "",
    [`${"a".repeat(63)}.example.com/${"n".repeat(63)}`]: "v1.2_3-a",
    [`${"p".repeat(253)}/x`]: "x".repeat(63),
    "app.kubernetes.io/part-of": "llm",
    "app.kubernetes.io/version": "1.0.0",
    "1": "2",
};

/** Annotations Kubernetes accepts: any value, upper-case prefixes, exactly 256 KiB in all. */
export const ACCEPTED_ANNOTATIONS: Readonly<Record<string, string>> = {
    "Example.com/Note": "any text: spaces, '/', ':', ü, and newlines\n",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    description: "",
};
export const ANNOTATIONS_AT_LIMIT: Readonly<Record<string, string>> = { big: "x".repeat(ANNOTATIONS_LIMIT - 3) };
