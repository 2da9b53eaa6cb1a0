import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OpenLlmService } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "llm";
const host = config.get("host") || undefined;
const tlsSecretName = config.get("tlsSecretName") || undefined;
const clusterIssuer = config.get("clusterIssuer") || undefined;
// A host makes the service public through an Ingress: prod serves it over TLS only.
if (host && !tlsSecretName && pulumi.getStack() === "prod") {
    throw new Error("openllm:tlsSecretName is required with openllm:host on the prod stack: the Ingress serves TLS only (the Secret holding the certificate)");
}
const tls = tlsSecretName ? { tls: { secretName: tlsSecretName, ...(clusterIssuer ? { clusterIssuer } : {}) } } : {};
const prometheusLabels = Object.fromEntries(
    (config.get("prometheusLabels") ?? "")
        .split(",")
        .filter((kv) => kv.includes("="))
        .map((kv) => kv.split("=", 2).map((s) => s.trim())),
);

const provider = config.get("kubeconfig") ? new k8s.Provider("cluster", { kubeconfig: config.requireSecret("kubeconfig") }) : undefined;
const onCluster = provider ? { provider } : {};

const ns = new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, onCluster);

// The token stays a Pulumi secret: encrypted in state, redacted in previews.
const hfToken = config.get("hfToken")
    ? new k8s.core.v1.Secret(
          "hf-token",
          {
              metadata: { name: "hf-token", namespace },
              type: "Opaque",
              stringData: { token: config.requireSecret("hfToken") },
          },
          { ...onCluster, dependsOn: [ns] },
      )
    : undefined;

const chat = new OpenLlmService(
    "chat",
    {
        namespace,
        model: { tag: config.get("model") ?? "llama3.2:1b" },
        gpus: { resourceName: config.get("gpuResourceName") ?? "nvidia.com/gpu" },
        resources: { requests: { cpu: "4", memory: "16Gi" }, limits: { memory: "32Gi" } },
        ...(hfToken ? { hfTokenSecret: { name: "hf-token", key: "token" } } : {}),
        ...(host ? { exposure: { kind: "ingress" as const, host, ...tls } } : {}),
        ...(Object.keys(prometheusLabels).length > 0 ? { metrics: { labels: prometheusLabels } } : {}),
    },
    { ...onCluster, dependsOn: hfToken ? [ns, hfToken] : [ns] },
);

export const openAiBaseUrl = chat.openAiBaseUrl;
export const externalUrl = chat.externalUrl;
