import * as pulumi from "@pulumi/pulumi";
import { text, type Deferrable } from "../../core/deferrable";
import { standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { externalUrl, renderExposure, type ExposureRole } from "../common/exposure";
import type { TrafficResolved } from "./validate";

function labels(r: TrafficResolved): Record<string, string> {
    return standardLabels(r.name, "traffic-split", r.args.labels);
}

type Mutable = Record<string, any>;

/**
 * A deep copy of plain objects and arrays; anything else (an Output of a namespace or Service
 * name) is kept as it is, which `structuredClone` cannot do.
 */
function copyTree<T>(value: T): T {
    if (Array.isArray(value)) return value.map((item) => copyTree(item)) as T;
    if (typeof value === "object" && value !== null && !pulumi.Output.isInstance(value)) {
        const proto = Object.getPrototypeOf(value);
        if (proto === Object.prototype || proto === null) {
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyTree(item)])) as T;
        }
    }
    return value;
}

/**
 * The route the shared exposure helper renders for the first version (gateway, TLS, timeouts),
 * with its single backend replaced by the weighted versions.
 */
/** Roles of TrafficSplit's children: the route's objects, plus `canary-ingress` for an Ingress route. */
export type TrafficSplitRoles = Roles<never, ExposureRole | "canary-ingress">;

export function renderTrafficSplit(r: TrafficResolved): RenderedObject<RoleOf<TrafficSplitRoles>>[] {
    const a = r.args;
    const [first, second] = a.backends;
    const base = renderExposure({ name: r.name, namespace: a.namespace, labels: labels(r), serviceName: first.service, servicePort: first.port }, a.route);
    const out = base.map((o) => ({ ...o, object: copyTree(o.object) as KubeObject & Mutable }));
    for (const o of out) {
        if (o.role === "virtualservice") {
            // Istio requires integer weights adding up to 100.
            o.object.spec.http[0].route = a.backends.map((b) => ({
                destination: { host: text`${b.service}.${a.namespace}.svc.cluster.local`, port: { number: b.port } },
                weight: b.weight,
            }));
        }
        if (o.role === "httproute") {
            o.object.spec.rules[0].backendRefs = a.backends.map((b) => ({ name: b.service, port: b.port, weight: b.weight }));
        }
    }
    if (a.route.kind !== "ingress") return out;
    // ingress-nginx: the main Ingress serves the first version; a canary Ingress for the same host
    // and path takes `canary-weight` percent of the requests to the second.
    const main = out[0].object as Mutable;
    const canary = copyTree(main);
    canary.metadata.name = `${r.name}-canary`;
    canary.metadata.annotations = {
        ...(canary.metadata.annotations ?? {}),
        "nginx.ingress.kubernetes.io/canary": "true",
        "nginx.ingress.kubernetes.io/canary-weight": String(second.weight),
    };
    canary.spec.rules[0].http.paths[0].backend = { service: { name: second.service, port: { number: second.port } } };
    return [...out, { role: "canary-ingress", object: canary as KubeObject, dependsOn: [out[0].role] }];
}

export function trafficUrl(r: TrafficResolved): Deferrable<string> {
    return externalUrl(r.args.route);
}
