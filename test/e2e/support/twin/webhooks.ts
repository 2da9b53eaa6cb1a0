// Admission webhooks in the twin. A chart's webhook configuration points at a Service whose pods
// only exist as API objects here, so every call to it would fail (failurePolicy Fail) or hang
// until its timeout. Two cases:
// - the webhook's server is an operator the test runs on loopback (a {@link WebhookRedirect}, e.g.
//   KServe's manager for `kserve/kserve-webhook-server-service`): the configuration is pointed at
//   it by URL, with the chart's own failurePolicy once the server is ready (Ignore until then, so
//   the chart's other objects install while the operator starts; the policy is kept meanwhile in
//   an annotation);
// - otherwise: `failurePolicy: Ignore` with a 1 s timeout as soon as it appears, and recorded: the
//   objects those webhooks would have checked or mutated are admitted without them.
// Webhooks that already point at a URL the test did not redirect are left alone.
import { kubeRequest, type KubeTarget } from "../kube";

const KINDS = ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"] as const;
const POLICIES = "llm-serving.test/failure-policies";

export interface WebhookRedirect {
    /** The Service the chart's configuration names. */
    readonly service: { readonly namespace: string; readonly name: string };
    readonly port: number;
    /** Whether the server answers yet. */
    ready(): boolean;
}

export async function relaxServiceWebhooks(target: KubeTarget & { caPem: string }, log: string[], redirects: readonly WebhookRedirect[] = []): Promise<void> {
    for (const kind of KINDS) {
        const res = await kubeRequest(target, "GET", `/apis/admissionregistration.k8s.io/v1/${kind}`);
        if (res.status !== 200) continue;
        for (const config of res.body.items ?? []) {
            const policies: Record<string, string> = JSON.parse(config.metadata.annotations?.[POLICIES] ?? "{}");
            const notes: string[] = [];
            const webhooks = ((config.webhooks ?? []) as any[]).map((w) => {
                const svc = w.clientConfig?.service;
                const redirect = redirects.find((r) =>
                    svc
                        ? r.service.namespace === svc.namespace && r.service.name === svc.name
                        : w.clientConfig?.url?.startsWith(`https://127.0.0.1:${r.port}/`),
                );
                if (redirect) {
                    if (svc) policies[w.name] = w.failurePolicy ?? "Fail";
                    const failurePolicy = redirect.ready() ? (policies[w.name] ?? w.failurePolicy) : "Ignore";
                    const clientConfig = svc
                        ? { url: `https://127.0.0.1:${redirect.port}${svc.path ?? "/"}`, caBundle: Buffer.from(target.caPem).toString("base64") }
                        : w.clientConfig;
                    if (!svc && failurePolicy === w.failurePolicy) return w;
                    notes.push(`${w.name} -> ${clientConfig.url} (failurePolicy ${failurePolicy})`);
                    return { ...w, clientConfig, failurePolicy };
                }
                if (!svc || (w.failurePolicy === "Ignore" && w.timeoutSeconds === 1)) return w;
                notes.push(`${w.name}: failurePolicy Ignore (its server does not run in the twin)`);
                return { ...w, failurePolicy: "Ignore", timeoutSeconds: 1 };
            });
            if (notes.length === 0) continue;
            const annotations = { ...(config.metadata.annotations ?? {}), [POLICIES]: JSON.stringify(policies) };
            const put = await kubeRequest(target, "PUT", `/apis/admissionregistration.k8s.io/v1/${kind}/${config.metadata.name}`, {
                ...config,
                metadata: { ...config.metadata, annotations },
                webhooks,
            });
            if (put.status === 200) log.push(`${kind.replace("webhookconfigurations", "")} ${config.metadata.name}: ${notes.join("; ")}`);
        }
    }
}
