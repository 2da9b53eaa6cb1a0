// Admission webhooks of in-cluster servers the twin cannot run. A chart's webhook configuration
// points at a Service whose pods only exist as API objects here, so every call to it would fail
// (failurePolicy Fail) or hang until its timeout. The twin therefore sets each such webhook to
// `failurePolicy: Ignore` with a 1 s timeout as soon as it appears, and records that it did: the
// objects those webhooks would have checked or mutated are admitted without them. Webhooks that
// point at a URL (a server the test runs on loopback) are left alone.
import { kubeRequest, type KubeTarget } from "../kube";

const KINDS = ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"] as const;

export async function relaxServiceWebhooks(target: KubeTarget, log: string[]): Promise<void> {
    for (const kind of KINDS) {
        const res = await kubeRequest(target, "GET", `/apis/admissionregistration.k8s.io/v1/${kind}`);
        if (res.status !== 200) continue;
        for (const config of res.body.items ?? []) {
            const webhooks = (config.webhooks ?? []) as any[];
            if (!webhooks.some((w) => w.clientConfig?.service && (w.failurePolicy !== "Ignore" || w.timeoutSeconds !== 1))) continue;
            const patched = webhooks.map((w) => (w.clientConfig?.service ? { ...w, failurePolicy: "Ignore", timeoutSeconds: 1 } : w));
            const put = await kubeRequest(target, "PUT", `/apis/admissionregistration.k8s.io/v1/${kind}/${config.metadata.name}`, { ...config, webhooks: patched });
            if (put.status === 200) log.push(`webhooks of ${kind.replace("webhookconfigurations", "")} ${config.metadata.name}: failurePolicy Ignore (their servers do not run in the twin)`);
        }
    }
}
