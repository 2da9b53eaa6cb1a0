import type { Deferrable } from "../../core/deferrable";
import { selectorLabels, type KubeObject, type RenderedObject } from "../../core/kube";
import { nodeSelectorSchema } from "../../core/schemas";
import type { ProblemList } from "../../core/validation";
import { lazySchema, type Infer, type Zod } from "../../core/zod";
import type { ExposureParsed } from "./exposure";

/**
 * The label the API server sets on every namespace to its own name (Kubernetes 1.22+, the
 * `NamespaceDefaultLabelName` feature, GA): the one namespace label every cluster has, so the
 * default peers below select namespaces by it.
 */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Namespaces the default peers name, each where its upstream install puts it:
 * `ingress-nginx` (the controller's own manifests and chart instructions), `istio-system`
 * (istioctl and the istio charts; `KServeStack` installs its gateway there), `knative-serving`
 * (Knative Serving's activator and autoscaler; `KServeStack` in Knative mode), `kuberay-system`
 * (`KubeRayOperator`'s default) and `monitoring` (prometheus-operator's kube-prometheus manifests).
 */
export const DEFAULT_NAMESPACES = {
    ingressNginx: "ingress-nginx",
    istio: "istio-system",
    knativeServing: "knative-serving",
    kubeRay: "kuberay-system",
    monitoring: "monitoring",
} as const;

/**
 * Ports of Knative's queue-proxy, the sidecar in front of every Knative-mode pod
 * (knative.dev/serving v0.48.1 `pkg/networking/constants.go`): 8012 HTTP/1, 8013 HTTP/2 and 8112
 * HTTPS (what the activator and the gateway send requests to), 8022 the admin port, 9090 the
 * metrics Knative's autoscaler scrapes.
 */
export const KNATIVE_QUEUE_PORTS = { http: 8012, http2: 8013, https: 8112, admin: 8022, autoscalerMetrics: 9090 } as const;

const networkPeer = lazySchema((z) =>
    z
        .strictObject({
            namespaceSelector: nodeSelectorSchema().optional(),
            podSelector: nodeSelectorSchema().optional(),
        })
        .superRefine((peer, ctx) => {
            if (peer.namespaceSelector === undefined && peer.podSelector === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [],
                    message: "give namespaceSelector, podSelector or both ({podSelector: {}} is every pod of the service's namespace)",
                });
            }
        }),
);

function policyShape(z: Zod) {
    return {
        enabled: z.boolean().default(true),
        clients: z.array(networkPeer()).optional(),
        platformFrom: z.array(networkPeer()).optional(),
    };
}

/** `networkPolicy` of the serving components with Prometheus scraping (every one but RayLLMApp). */
export const networkPolicySchema = lazySchema((z) =>
    z.strictObject({ ...policyShape(z), metricsFrom: z.array(networkPeer()).optional() }).default({ enabled: true }),
);

/** `networkPolicy` of RayLLMApp (no metrics argument, so no `metricsFrom`). */
export const rayNetworkPolicySchema = lazySchema((z) => z.strictObject(policyShape(z)).default({ enabled: true }));

export type NetworkPolicyParsed = Infer<typeof networkPolicySchema>;
export type NetworkPeerParsed = NonNullable<NetworkPolicyParsed["clients"]>[number];

/**
 * Who may open connections to a group of pods: namespaces and/or pods, each selected by labels
 * (`matchLabels`). With only `podSelector`, the pods are in the service's own namespace; with
 * only `namespaceSelector`, every pod of those namespaces. Select a namespace by name with
 * `{"kubernetes.io/metadata.name": "<name>"}`, the label the API server sets on every namespace.
 */
export interface NetworkPeerArgs {
    /** Labels of the namespaces allowed. Label keys and values by Kubernetes' rules ({@link nodeSelectorSchema}). @default none: the service's own namespace */
    readonly namespaceSelector?: Readonly<Record<string, string>>;
    /** Labels of the pods allowed; `{}` is every pod. @default none: every pod of the selected namespaces */
    readonly podSelector?: Readonly<Record<string, string>>;
}

/**
 * The NetworkPolicy (`networking.k8s.io/v1`, child `<name>-networkpolicy`) rendered for a serving
 * component's pods. It limits only what reaches the pods (`policyTypes: [Ingress]`); egress stays
 * open, since pods download models (Hugging Face, buckets, pip) at start. It takes effect only
 * where the cluster's CNI enforces NetworkPolicies (Calico, Cilium, Terway, the VPC CNI with
 * network policies on); `kubectl port-forward` and the kubelet's probes are not affected.
 */
export interface NetworkPolicyArgs {
    /** Render the NetworkPolicy; false renders none, and the pods accept connections from anywhere. @default true */
    readonly enabled?: boolean;
    /**
     * In-cluster clients allowed on the serving ports (the API port; Triton's HTTP and gRPC ports).
     * @default [{podSelector: {}}]: every pod of the service's namespace
     */
    readonly clients?: readonly NetworkPeerArgs[];
    /**
     * The platform the traffic comes through, allowed on its ports: for `exposure` kind `ingress`
     * the controller's namespace (class `nginx`: `ingress-nginx`; class `istio`: `istio-system`;
     * another class has no default and must be given), kind `istio` `istio-system`, kind
     * `gatewayApi` the Gateway's namespace (where Istio runs the proxy of a Gateway it deploys);
     * KServe Standard mode `istio-system` (the kserve-resources chart v0.20.0 defaults `ingressGateway.className` to `istio`); KServe Knative mode
     * `knative-serving` (activator, autoscaler) and `istio-system` on queue-proxy's ports;
     * RayLLMApp the KubeRay operator's namespace (`operator.namespace`, `kuberay-system`) on the
     * dashboard port 8265, which the operator polls for Serve status.
     * Behind a `TrafficSplit` (whose route is not this service's `exposure`), give its route's
     * controller namespace here.
     * @default as listed; none without exposure (a plain Deployment or DistributedServing without `exposure`)
     */
    readonly platformFrom?: readonly NetworkPeerArgs[];
    /**
     * Who scrapes the metrics port, when `metrics` is set (only then may this be given).
     * @default [{namespaceSelector: {"kubernetes.io/metadata.name": "monitoring"}}] (kube-prometheus' namespace)
     */
    readonly metricsFrom?: readonly NetworkPeerArgs[];
}

/** `networkPolicy` of a {@link RayLLMApp}: as {@link NetworkPolicyArgs}, without `metricsFrom` (the app has no metrics argument). */
export type RayNetworkPolicyArgs = Omit<NetworkPolicyArgs, "metricsFrom">;

/** Default platform peers of a service behind `exposure` (none without one). */
export function exposurePlatform(e: ExposureParsed | undefined, serviceNamespace: Deferrable<string>, ports: readonly number[]) {
    return { peers: e ? (exposurePeers(e, serviceNamespace) ?? []) : [], ports };
}

/** Peers selecting namespaces by name. */
export function namespacePeers(...names: Deferrable<string>[]): NetworkPeerParsed[] {
    return names.map((name) => ({ namespaceSelector: { [NAMESPACE_NAME_LABEL]: name as string } }));
}

/** The platform peers an exposure needs by default, or undefined when its ingress class has no known namespace (refused by {@link checkNetworkPolicy} unless `platformFrom` is given). */
export function exposurePeers(e: ExposureParsed, serviceNamespace: Deferrable<string>): NetworkPeerParsed[] | undefined {
    if (e.kind === "istio") return namespacePeers(DEFAULT_NAMESPACES.istio);
    if (e.kind === "gatewayApi") return namespacePeers(e.gatewayApi?.gateway?.namespace ?? serviceNamespace);
    return ingressClassPeers(e.ingress?.className ?? "nginx");
}

/**
 * The namespace of the controller serving an ingress class, for the classes with a known install:
 * `nginx` (ingress-nginx) and `istio` (Istio's gateway); undefined for any other class.
 */
export function ingressClassPeers(className: string): NetworkPeerParsed[] | undefined {
    if (className === "nginx") return namespacePeers(DEFAULT_NAMESPACES.ingressNginx);
    if (className === "istio") return namespacePeers(DEFAULT_NAMESPACES.istio);
    return undefined;
}

/**
 * Cross-field checks of `networkPolicy` (at `field`): nothing but `enabled` when it is off, no
 * `metricsFrom` without metrics, and `platformFrom` given for an ingress class without a known
 * controller namespace (else the policy would silently block the controller).
 */
export function checkNetworkPolicy(
    np: { enabled: boolean; clients?: unknown; platformFrom?: unknown; metricsFrom?: unknown },
    ctx: { exposure?: ExposureParsed; hasMetrics: boolean },
    field: string,
    problems: ProblemList,
): void {
    if (!np.enabled) {
        for (const key of ["clients", "platformFrom", "metricsFrom"] as const) {
            if (np[key] !== undefined) problems.add(`${field}.${key}`, "has no effect with enabled: false (no NetworkPolicy is rendered)");
        }
        return;
    }
    if (np.metricsFrom !== undefined && !ctx.hasMetrics) problems.add(`${field}.metricsFrom`, "applies only with metrics (nothing is scraped without them)");
    const e = ctx.exposure;
    if (e && e.kind === "ingress" && np.platformFrom === undefined && exposurePeers(e, "") === undefined) {
        problems.add(
            `${field}.platformFrom`,
            `ingress class '${e.ingress?.className}' has no known controller namespace: give the namespace of its controller pods (only 'nginx' and 'istio' have defaults)`,
        );
    }
}

/** One ingress rule: who, and on which TCP ports (none: every port). */
export interface NetworkRule {
    readonly from: readonly NetworkPeerParsed[];
    readonly ports?: readonly number[];
}

/** What the policy protects: the serving pods, by the labels of their pod template. */
export interface NetworkPolicyTarget {
    readonly name: string;
    readonly namespace: Deferrable<string>;
    readonly labels: Readonly<Record<string, string>>;
    /** Labels every serving pod of the component carries (the workload's selector labels). */
    readonly podSelector: Readonly<Record<string, string>>;
    /** Ports in-cluster clients use (`clients`). */
    readonly servingPorts: readonly number[];
    /** The platform's default peers (`[]` when nothing fronts the pods) and the ports they, or the `platformFrom` given, reach. */
    readonly platform: { readonly peers: readonly NetworkPeerParsed[]; readonly ports: readonly number[] };
    /** The metrics port, when metrics are scraped (`metricsFrom`). */
    readonly metricsPort?: number;
    /** Pods of the component talk to each other on every port (LWS leader and workers, Ray head and workers). */
    readonly intraService?: boolean;
}

/**
 * The target of a server whose pods serve one HTTP port (a Deployment behind `renderHttpService`):
 * its pods by the selector labels, clients and the exposure's platform on `port`, the scraper on
 * the metrics port when metrics are on.
 */
export function httpNetworkTarget(
    w: {
        readonly name: string;
        readonly namespace: Deferrable<string>;
        readonly labels: Readonly<Record<string, string>>;
        readonly component: string;
        readonly port: number;
    },
    features: { readonly exposure?: ExposureParsed; readonly metricsPort?: number },
): NetworkPolicyTarget {
    return {
        name: w.name,
        namespace: w.namespace,
        labels: w.labels,
        podSelector: selectorLabels(w.name, w.component),
        servingPorts: [w.port],
        platform: exposurePlatform(features.exposure, w.namespace, [w.port]),
        ...(features.metricsPort !== undefined ? { metricsPort: features.metricsPort } : {}),
    };
}

/** Role of the NetworkPolicy child (`${name}-networkpolicy`), rendered unless `networkPolicy.enabled` is false. */
export type NetworkPolicyRole = "networkpolicy";

/** A LabelSelector; an empty one (every pod or namespace) is `{}`, as the API server stores it, not `{matchLabels: {}}`. */
function labelSelector(labels: Readonly<Record<string, string>>) {
    return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}

function peer(p: NetworkPeerParsed) {
    return {
        ...(p.namespaceSelector !== undefined ? { namespaceSelector: labelSelector(p.namespaceSelector) } : {}),
        ...(p.podSelector !== undefined ? { podSelector: labelSelector(p.podSelector) } : {}),
    };
}

function rule(r: NetworkRule) {
    return {
        from: r.from.map(peer),
        ...(r.ports !== undefined ? { ports: [...new Set(r.ports)].map((port) => ({ protocol: "TCP", port })) } : {}),
    };
}

/** The ingress rules of the policy, in order: clients, platform, metrics, the pods among themselves. */
export function networkPolicyRules(t: NetworkPolicyTarget, np: NetworkPolicyParsed): NetworkRule[] {
    const rules: NetworkRule[] = [{ from: np.clients ?? [{ podSelector: {} }], ports: t.servingPorts }];
    rules.push({ from: np.platformFrom ?? t.platform.peers, ports: t.platform.ports });
    if (t.metricsPort !== undefined) rules.push({ from: np.metricsFrom ?? namespacePeers(DEFAULT_NAMESPACES.monitoring), ports: [t.metricsPort] });
    if (t.intraService) rules.push({ from: [{ podSelector: { ...t.podSelector } }] });
    return rules.filter((r) => r.from.length > 0);
}

/**
 * The NetworkPolicy of a serving component's pods (role `networkpolicy`), or nothing with
 * `enabled: false`. Ingress only: egress stays open for model downloads. An empty `clients` list
 * admits no in-cluster client (only the platform, metrics and the pods themselves).
 */
export function renderNetworkPolicy(t: NetworkPolicyTarget, np: NetworkPolicyParsed): RenderedObject<NetworkPolicyRole>[] {
    if (!np.enabled) return [];
    const object: KubeObject = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: t.name, namespace: t.namespace, labels: { ...t.labels } },
        spec: {
            podSelector: labelSelector(t.podSelector),
            policyTypes: ["Ingress"],
            ingress: networkPolicyRules(t, np).map(rule),
        },
    };
    return [{ role: "networkpolicy", object }];
}
