// The twin has no cloud load balancer and no ingress controller, which are what publish an
// address in a LoadBalancer Service's or an Ingress's status (and what the provider waits for).
// This stand-in publishes a TEST-NET-1 documentation address (RFC 5737, never a real host) for
// each one that has none, so `pulumi up` proceeds as it would once the cloud had answered.
import { kubeRequest, type KubeTarget } from "../kube";

export const STAND_IN_ADDRESS = "192.0.2.250";

export async function publishAddresses(target: KubeTarget, log: string[]): Promise<void> {
    const ingresses = await kubeRequest(target, "GET", "/apis/networking.k8s.io/v1/ingresses");
    for (const ing of ingresses.status === 200 ? ingresses.body.items : []) {
        if (ing.status?.loadBalancer?.ingress?.length) continue;
        await publish(
            target,
            `/apis/networking.k8s.io/v1/namespaces/${ing.metadata.namespace}/ingresses/${ing.metadata.name}/status`,
            log,
            `Ingress ${ing.metadata.namespace}/${ing.metadata.name}`,
        );
    }
    const services = await kubeRequest(target, "GET", "/api/v1/services");
    for (const svc of services.status === 200 ? services.body.items : []) {
        if (svc.spec?.type !== "LoadBalancer" || svc.status?.loadBalancer?.ingress?.length) continue;
        await publish(
            target,
            `/api/v1/namespaces/${svc.metadata.namespace}/services/${svc.metadata.name}/status`,
            log,
            `Service ${svc.metadata.namespace}/${svc.metadata.name}`,
        );
    }
}

async function publish(target: KubeTarget, url: string, log: string[], what: string): Promise<void> {
    const res = await kubeRequest(target, "PATCH", url, { status: { loadBalancer: { ingress: [{ ip: STAND_IN_ADDRESS }] } } }, "application/merge-patch+json");
    if (res.status === 200) log.push(`${what}: load-balancer address ${STAND_IN_ADDRESS} (stand-in)`);
}
