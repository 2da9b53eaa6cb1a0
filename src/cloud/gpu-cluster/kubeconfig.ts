/**
 * Kubeconfigs whose content never changes for the life of a cluster: the API server, its CA and
 * an exec credential plugin that fetches short-lived credentials each time one is needed. Nothing
 * in them expires, so the Kubernetes provider built from one is never updated (let alone
 * replaced) because a credential was refreshed.
 */
import { parse } from "yaml";

const EXEC_API = "client.authentication.k8s.io/v1beta1";

interface ExecCommand {
    readonly command: string;
    readonly args: readonly string[];
    readonly env?: readonly { readonly name: string; readonly value: string }[];
}

/** A single-cluster kubeconfig (JSON, which is YAML) authenticating through an exec plugin. */
export function execKubeconfig(name: string, server: string, caData: string, exec: ExecCommand): string {
    return JSON.stringify(
        {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: EXEC_API,
                            command: exec.command,
                            args: [...exec.args],
                            ...(exec.env && exec.env.length > 0 ? { env: exec.env.map((e) => ({ ...e })) } : {}),
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
        },
        null,
        2,
    );
}

/** EKS: `aws eks get-token` (what `aws eks update-kubeconfig` writes), optionally as a role or profile. */
export function eksKubeconfig(o: { clusterName: string; endpoint: string; caData: string; region: string; roleArn?: string; profile?: string }): string {
    const args = ["eks", "get-token", "--cluster-name", o.clusterName, "--region", o.region, "--output", "json"];
    if (o.roleArn) args.push("--role-arn", o.roleArn);
    return execKubeconfig(o.clusterName, o.endpoint, o.caData, {
        command: "aws",
        args,
        ...(o.profile ? { env: [{ name: "AWS_PROFILE", value: o.profile }] } : {}),
    });
}

/**
 * ACK: `ack-ram-tool credential-plugin get-credential` (AliyunContainerService/ack-ram-tool), which
 * obtains a temporary client certificate and renews it before it expires.
 */
export function ackExecKubeconfig(o: { clusterId: string; server: string; caData: string; region: string }): string {
    return execKubeconfig(o.clusterId, o.server, o.caData, {
        command: "ack-ram-tool",
        args: [
            "credential-plugin",
            "get-credential",
            "--cluster-id",
            o.clusterId,
            "--api-version",
            "v1beta1",
            "--expiration",
            "3h",
            "--log-level",
            "error",
            "--region-id",
            o.region,
        ],
    });
}

/** Server and CA of the current context's cluster in a kubeconfig (as `getClusterCredential` returns it). */
export function kubeconfigCluster(kubeconfig: string): { server: string; caData: string } {
    const doc = parse(kubeconfig) as {
        "current-context"?: string;
        contexts?: { name: string; context: { cluster: string } }[];
        clusters?: { name: string; cluster: { server?: string; "certificate-authority-data"?: string } }[];
    };
    const context = doc.contexts?.find((c) => c.name === doc["current-context"]) ?? doc.contexts?.[0];
    const cluster = doc.clusters?.find((c) => c.name === context?.context.cluster) ?? doc.clusters?.[0];
    const server = cluster?.cluster.server;
    const caData = cluster?.cluster["certificate-authority-data"];
    if (!server || !caData) throw new Error("the cluster credential's kubeconfig has no server or certificate-authority-data");
    return { server, caData };
}
