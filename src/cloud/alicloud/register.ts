// Loaded only when a GpuCluster runs on Alibaba Cloud: the Kubernetes layer never imports @pulumi/alicloud.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ackExecKubeconfig, kubeconfigCluster } from "../gpu-cluster/kubeconfig";
import type { PoolRole, ResolvedPool } from "../gpu-cluster/pools";
import type { RegisterCluster, RegisteredCluster } from "../gpu-cluster/registered";
import { registerAckNetwork, type AckNetworkRole } from "./network";
import { clusterArgs, kmsKeyArgs, nodePoolArgs } from "./render";

/** Minutes of the credential fetched only for the API server address and CA (exec mode). */
const ADDRESS_ONLY_CREDENTIAL_MINUTES = 15;
const DEFAULT_CREDENTIAL_MINUTES = 1440;

/** Roles of an ACK cluster's cloud resources. */
export type AckRole = AckNetworkRole | "secrets-key" | "ack" | PoolRole;

export const registerCluster: RegisterCluster = (parent, r): RegisteredCluster => {
    const name = r.name;
    const opts = { parent };
    const network = registerAckNetwork(parent, r);
    const res: { [K in AckRole]?: pulumi.Resource } = { ...network.resources };

    let encryption = {};
    if (r.args.secretsEncryption.enabled) {
        let keyId: pulumi.Input<string>;
        if (r.args.secretsEncryption.kmsKeyId) keyId = r.args.secretsEncryption.kmsKeyId;
        else {
            const key = new alicloud.kms.Key(`${name}-secrets-key`, kmsKeyArgs(r), opts);
            res["secrets-key"] = key;
            keyId = key.id;
        }
        encryption = { disableEncryption: false, encryptionProviderKey: keyId };
    }
    const cluster = new alicloud.cs.ManagedKubernetes(
        `${name}-ack`,
        { ...clusterArgs(r), ...encryption, vswitchIds: network.vswitchIds },
        { parent, dependsOn: network.egress },
    );
    res.ack = cluster;

    const nodePool = (pool: ResolvedPool): alicloud.cs.NodePool => {
        const vswitchIds = pool.zoneIndexes ? pool.zoneIndexes.map((i) => network.vswitchIds[i]) : network.vswitchIds;
        const np = new alicloud.cs.NodePool(
            `${name}-${pool.role}`,
            { ...nodePoolArgs(r, pool), clusterId: cluster.id, vswitchIds },
            { parent, dependsOn: network.egress },
        );
        res[pool.role] = np;
        return np;
    };
    const systemPool = nodePool(r.systemPool);
    const pools = [systemPool, ...r.gpuPools.map(nodePool)];

    const certificate = r.ack.credential === "certificate";
    const credential = alicloud.cs.getClusterCredentialOutput(
        {
            clusterId: cluster.id,
            temporaryDurationMinutes: certificate ? (r.ack.credentialMinutes ?? DEFAULT_CREDENTIAL_MINUTES) : ADDRESS_ONLY_CREDENTIAL_MINUTES,
        },
        { parent },
    );
    const kubeconfig = certificate
        ? credential.kubeConfig
        : pulumi
              .all([cluster.id, credential.kubeConfig])
              .apply(([clusterId, kc]) => ackExecKubeconfig({ clusterId, ...kubeconfigCluster(kc), region: r.args.region }));
    return {
        clusterName: cluster.name,
        clusterIdentifier: cluster.id,
        kubeconfig,
        vpcId: network.vpcId,
        podIdentity: {
            cloud: "alicloud",
            oidcProviderArn: cluster.rrsaMetadata.ramOidcProviderArn,
            oidcIssuerUrl: cluster.rrsaMetadata.rrsaOidcIssuerUrl,
        },
        ready: pools,
        resources: { ...res, system: systemPool },
    };
};
