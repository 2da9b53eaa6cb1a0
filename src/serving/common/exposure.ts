import type * as pulumi from "@pulumi/pulumi";
import { text, type Deferrable } from "../../core/deferrable";
import type { KubeObject, RenderedObject } from "../../core/kube";
import { annotationsSchema, dns1123Label, dns1123Subdomain, inputSubdomain, nodeSelectorSchema, nonEmptyString, positiveInt } from "../../core/schemas";
import { inputOf, type ProblemList } from "../../core/validation";
import { lazySchema, type Infer } from "../../core/zod";

const hostname = lazySchema((z) =>
    z
        .string()
        .max(253, "must be at most 253 characters")
        .regex(
            /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/,
            "must be a fully qualified, lower-case host name such as 'llm.example.com'",
        ),
);

/**
 * Why a path prefix is refused by the routes it lands in, or undefined: an Ingress `Prefix` path
 * (k8s.io/kubernetes v1.34.3 `pkg/apis/networking/validation`: `invalidPathSequences`,
 * `invalidPathSuffixes`) and a Gateway API `PathPrefix` match (gateway-api v1.5.1
 * `apis/v1/httproute_types.go` `HTTPPathMatch`: the same sequences, '#', its character set, 1024
 * characters). Refused for every kind, so that a route does not work with one kind only.
 */
function urlPathProblem(path: string): string | undefined {
    if (path.length > 1024) return "must be at most 1024 characters (a Gateway API path match)";
    const sequence = ["//", "/./", "/../", "%2f", "%2F", "#"].find((seq) => path.includes(seq));
    if (sequence) return `must not contain '${sequence}' (Ingress and Gateway API refuse it in a path prefix)`;
    const suffix = ["/..", "/."].find((suf) => path.endsWith(suf));
    if (suffix) return `must not end with '${suffix}' (Ingress and Gateway API refuse it in a path prefix)`;
    if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(path))
        return "must contain only URL path characters (letters, digits, '-._~!$&'()*+,;=:@/' and %-escapes), as Gateway API requires";
    return undefined;
}

/** Gateway API's `Duration` (GEP-2257) has at most 5 digits per unit: `timeouts.request` is written in seconds. */
const GATEWAY_API_MAX_SECONDS = 99999;

/** A Gateway that already exists (Istio `namespace/name`, or a Gateway API Gateway). */
const existingGateway = lazySchema((z) =>
    z.strictObject({
        name: dns1123Subdomain(),
        namespace: dns1123Label().optional(),
        sectionName: nonEmptyString().optional(),
        scheme: z.enum(["http", "https"]),
    }),
);

export const exposureSchema = lazySchema((z) =>
    z
        .strictObject({
            kind: z.enum(["ingress", "istio", "gatewayApi"]),
            host: inputOf(z, hostname()),
            path: z
                .string()
                .regex(/^\/[^\s]*$/, "must be an absolute URL path such as '/'")
                .superRefine((path, ctx) => {
                    const problem = urlPathProblem(path);
                    if (problem) ctx.addIssue({ code: "custom", message: problem });
                })
                .default("/"),
            tls: z.strictObject({ secretName: inputSubdomain(), clusterIssuer: dns1123Subdomain().optional() }).optional(),
            requestTimeoutSeconds: positiveInt().default(600),
            annotations: annotationsSchema().default({}),
            ingress: z.strictObject({ className: dns1123Subdomain().default("nginx") }).optional(),
            istio: z
                .strictObject({
                    gateway: existingGateway().optional(),
                    selector: nodeSelectorSchema().default({ istio: "ingressgateway" }),
                })
                .optional(),
            gatewayApi: z
                .strictObject({
                    gateway: existingGateway().optional(),
                    gatewayClassName: dns1123Subdomain().optional(),
                })
                .optional(),
        })
        .superRefine((e, ctx) => {
            if (e.kind === "gatewayApi" && e.requestTimeoutSeconds > GATEWAY_API_MAX_SECONDS)
                ctx.addIssue({
                    code: "custom",
                    path: ["requestTimeoutSeconds"],
                    message: `must be at most ${GATEWAY_API_MAX_SECONDS} with kind 'gatewayApi' (an HTTPRoute's timeouts.request is a Gateway API Duration: at most 5 digits)`,
                });
        }),
);

export type ExposureParsed = Infer<typeof exposureSchema>;

/** A Gateway to attach routes to instead of creating one. */
export interface ExistingGatewayArgs {
    /** Gateway name. @default none: required */
    readonly name: string;
    /** Gateway namespace. @default the service's namespace */
    readonly namespace?: string;
    /** Listener (Gateway API `sectionName`) to attach to. @default all listeners */
    readonly sectionName?: string;
    /** Whether that gateway serves this host over HTTPS; only decides the scheme of `externalUrl`. @default none: required */
    readonly scheme: "http" | "https";
}

/** How a serving component is reached from outside the cluster. */
export interface ExposureArgs {
    /** `ingress`: a `networking.k8s.io/v1` Ingress; `istio`: an Istio VirtualService; `gatewayApi`: an HTTPRoute. @default none: required */
    readonly kind: "ingress" | "istio" | "gatewayApi";
    /** Host name clients use, e.g. `llm.example.com`. May be an Output (checked when known). @default none: required */
    readonly host: pulumi.Input<string>;
    /**
     * Path prefix routed to the service: absolute, URL path characters only, without '//', '/./', '/../',
     * '%2f', '#' or a trailing '/.' or '/..' (Ingress and Gateway API refuse those in a prefix). @default "/"
     */
    readonly path?: string;
    /**
     * TLS with a certificate in a Secret (`kubernetes.io/tls`). For Ingress and Gateway API the Secret
     * is in the service's namespace; for a Gateway created by Istio it must be in the namespace of
     * the Istio ingress gateway pods. `clusterIssuer` asks cert-manager to issue it (Ingress only).
     * @default undefined (plain HTTP)
     */
    readonly tls?: ExposureTlsArgs;
    /** How long a request (a whole generation) may take at the proxy; at most 99999 with kind `gatewayApi` (a Gateway API Duration has 5 digits). @default 600 */
    readonly requestTimeoutSeconds?: number;
    /**
     * Extra annotations on the Ingress / route, over the ones the library sets (yours win). Keys are qualified names and keys and values together at most 256 KiB, by Kubernetes' rules ({@link annotationsSchema}).
     * @default {}
     */
    readonly annotations?: Readonly<Record<string, string>>;
    /** Ingress settings (kind `ingress`). @default {className: "nginx"} */
    readonly ingress?: ExposureIngressArgs;
    /**
     * Istio settings (kind `istio`): attach to an existing Gateway, or create one selecting the
     * ingress gateway pods by `selector` (label keys and values, by Kubernetes' rules: {@link nodeSelectorSchema}).
     * @default a Gateway selecting `{istio: "ingressgateway"}`
     */
    readonly istio?: ExposureIstioArgs;
    /**
     * Gateway API settings (kind `gatewayApi`): attach to an existing Gateway, or create one of
     * `gatewayClassName`. @default create a Gateway (gatewayClassName is then required)
     */
    readonly gatewayApi?: ExposureGatewayApiArgs;
}

/** TLS of an exposure with a certificate in a `kubernetes.io/tls` Secret (`exposure.tls`). */
export interface ExposureTlsArgs {
    /** The certificate's Secret. May be an Output (e.g. `secret.metadata.name`). @default none: required */
    readonly secretName: pulumi.Input<string>;
    /** A cert-manager ClusterIssuer that issues it (Ingress only; the `cert-manager.io/cluster-issuer` annotation). @default none: the Secret is provided by you */
    readonly clusterIssuer?: string;
}

/** Ingress settings of an exposure (`exposure.ingress`, kind `ingress`). */
export interface ExposureIngressArgs {
    /** `ingressClassName` of the Ingress; with `nginx`, the proxy read/send timeouts are set to `requestTimeoutSeconds`. @default "nginx" */
    readonly className?: string;
}

/** Istio settings of an exposure (`exposure.istio`, kind `istio`). */
export interface ExposureIstioArgs {
    /** An existing Istio Gateway to attach the VirtualService to (TLS is then configured there). @default none: a Gateway is created, selecting `selector` */
    readonly gateway?: ExistingGatewayArgs;
    /** Labels of the Istio ingress gateway pods the created Gateway selects. @default {istio: "ingressgateway"} */
    readonly selector?: Readonly<Record<string, string>>;
}

/** Gateway API settings of an exposure (`exposure.gatewayApi`, kind `gatewayApi`). */
export interface ExposureGatewayApiArgs {
    /** An existing Gateway to attach the HTTPRoute to (TLS is then configured there). @default none: a Gateway of `gatewayClassName` is created */
    readonly gateway?: ExistingGatewayArgs;
    /** GatewayClass of the Gateway to create; required when `gateway` is not given. @default none */
    readonly gatewayClassName?: string;
}

/** Cross-field checks; `field` is where the exposure sits in the component's arguments. */
export function checkExposure(e: ExposureParsed, field: string, problems: ProblemList): void {
    for (const kind of ["ingress", "istio", "gatewayApi"] as const) {
        if (e[kind] !== undefined && e.kind !== kind) problems.add(`${field}.${kind}`, `only applies to kind '${kind}', not '${e.kind}'`);
    }
    const existing = e.kind === "istio" ? e.istio?.gateway : e.kind === "gatewayApi" ? e.gatewayApi?.gateway : undefined;
    if (existing && e.tls) {
        problems.add(`${field}.tls`, "TLS terminates at the existing gateway: configure its certificate there and drop tls");
    }
    if (e.tls?.clusterIssuer !== undefined && e.kind !== "ingress") {
        problems.add(`${field}.tls.clusterIssuer`, "cert-manager's Ingress annotation only applies to kind 'ingress'");
    }
    if (e.kind === "gatewayApi" && !existing && !e.gatewayApi?.gatewayClassName) {
        problems.add(`${field}.gatewayApi`, "give gateway (an existing Gateway) or gatewayClassName (to create one)");
    }
}

/** The Service the route sends traffic to. */
export interface ExposureTarget {
    readonly name: string;
    readonly namespace: Deferrable<string>;
    readonly labels: Readonly<Record<string, string>>;
    readonly serviceName: Deferrable<string>;
    readonly servicePort: number;
}

/** URL clients outside the cluster use. */
export function externalUrl(e: ExposureParsed): Deferrable<string> {
    const existing = e.kind === "istio" ? e.istio?.gateway : e.kind === "gatewayApi" ? e.gatewayApi?.gateway : undefined;
    const scheme = existing ? existing.scheme : e.tls ? "https" : "http";
    return text`${scheme}://${e.host}${e.path === "/" ? "" : e.path.replace(/\/+$/, "")}`;
}

function meta(t: ExposureTarget, annotations: Record<string, string> = {}) {
    return {
        name: t.name,
        namespace: t.namespace,
        labels: { ...t.labels },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
}

function renderIngress(t: ExposureTarget, e: ExposureParsed): KubeObject {
    const className = e.ingress?.className ?? "nginx";
    const annotations: Record<string, string> = {
        // Generations stream for minutes; nginx's 60 s default cuts them off.
        ...(className === "nginx"
            ? {
                  "nginx.ingress.kubernetes.io/proxy-read-timeout": String(e.requestTimeoutSeconds),
                  "nginx.ingress.kubernetes.io/proxy-send-timeout": String(e.requestTimeoutSeconds),
              }
            : {}),
        ...(e.tls?.clusterIssuer ? { "cert-manager.io/cluster-issuer": e.tls.clusterIssuer } : {}),
        ...e.annotations,
    };
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: meta(t, annotations),
        spec: {
            ingressClassName: className,
            ...(e.tls ? { tls: [{ hosts: [e.host], secretName: e.tls.secretName }] } : {}),
            rules: [
                {
                    host: e.host,
                    http: {
                        paths: [
                            {
                                path: e.path,
                                pathType: "Prefix",
                                backend: { service: { name: t.serviceName, port: { number: t.servicePort } } },
                            },
                        ],
                    },
                },
            ],
        },
    };
}

function istioGateway(t: ExposureTarget, e: ExposureParsed): KubeObject {
    const server = e.tls
        ? { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: [e.host], tls: { mode: "SIMPLE", credentialName: e.tls.secretName } }
        : { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [e.host] };
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: meta(t),
        spec: { selector: { ...(e.istio?.selector ?? { istio: "ingressgateway" }) }, servers: [server] },
    };
}

function virtualService(t: ExposureTarget, e: ExposureParsed): KubeObject {
    const existing = e.istio?.gateway;
    const gateway = existing ? text`${existing.namespace ?? t.namespace}/${existing.name}` : t.name;
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: meta(t, { ...e.annotations }),
        spec: {
            hosts: [e.host],
            gateways: [gateway],
            http: [
                {
                    match: [{ uri: { prefix: e.path } }],
                    route: [{ destination: { host: text`${t.serviceName}.${t.namespace}.svc.cluster.local`, port: { number: t.servicePort } } }],
                    timeout: `${e.requestTimeoutSeconds}s`,
                },
            ],
        },
    };
}

function gatewayApiGateway(t: ExposureTarget, e: ExposureParsed): KubeObject {
    const listener = e.tls
        ? {
              name: "https",
              protocol: "HTTPS",
              port: 443,
              hostname: e.host,
              tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: e.tls.secretName }] },
          }
        : { name: "http", protocol: "HTTP", port: 80, hostname: e.host };
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: meta(t),
        spec: { gatewayClassName: e.gatewayApi?.gatewayClassName, listeners: [listener] },
    };
}

function httpRoute(t: ExposureTarget, e: ExposureParsed): KubeObject {
    const existing = e.gatewayApi?.gateway;
    const parentRef = existing
        ? {
              name: existing.name,
              ...(existing.namespace ? { namespace: existing.namespace } : {}),
              ...(existing.sectionName ? { sectionName: existing.sectionName } : {}),
          }
        : { name: t.name };
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: meta(t, { ...e.annotations }),
        spec: {
            parentRefs: [parentRef],
            hostnames: [e.host],
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: e.path } }],
                    backendRefs: [{ name: t.serviceName, port: t.servicePort }],
                    timeouts: { request: `${e.requestTimeoutSeconds}s` },
                },
            ],
        },
    };
}

/** Roles of the exposure objects; which of them are rendered depends on `exposure.kind`. */
export type ExposureRole = "ingress" | "istio-gateway" | "virtualservice" | "gateway" | "httproute";

/**
 * The objects that expose a Service: an Ingress; an Istio VirtualService (plus its Gateway unless
 * an existing one is named); or a Gateway API HTTPRoute (plus its Gateway unless one is named).
 * Roles: {@link ExposureRole}.
 */
export function renderExposure(t: ExposureTarget, e: ExposureParsed): RenderedObject<ExposureRole>[] {
    if (e.kind === "ingress") return [{ role: "ingress", object: renderIngress(t, e) }];
    if (e.kind === "istio") {
        const vs: RenderedObject<ExposureRole> = { role: "virtualservice", object: virtualService(t, e) };
        if (e.istio?.gateway) return [vs];
        return [
            { role: "istio-gateway", object: istioGateway(t, e) },
            { ...vs, dependsOn: ["istio-gateway"] },
        ];
    }
    const route: RenderedObject<ExposureRole> = { role: "httproute", object: httpRoute(t, e) };
    if (e.gatewayApi?.gateway) return [route];
    return [
        { role: "gateway", object: gatewayApiGateway(t, e) },
        { ...route, dependsOn: ["gateway"] },
    ];
}
