// Workloads that cannot run on the ACK twin (two A10 GPUs per GPU node, tainted), one per `case`.
// Each must fail `pulumi up` with a clear reason within the await budget, or be refused by the
// library before anything is registered (`gpus-per-pod-known`, where the pool's size is known).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ModelBucketVolume, ModelDownloadJob, OpenLlmService, VllmInferenceService } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const which = config.require("case");
const timeout = config.get("timeout") ?? "45s";
pulumi.runtime.registerResourceTransform((a) => ({ props: a.props, opts: { ...a.opts, customTimeouts: { create: timeout, update: timeout } } }));

const namespace = "neg";
const ns = new k8s.core.v1.Namespace("neg", { metadata: { name: namespace } });
const common = { namespace, resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "8Gi" } } };

switch (which) {
    case "gpus-per-pod":
        // Four GPUs in one pod; the pool's nodes have two. The library is not told the pool's size.
        new OpenLlmService("big", { ...common, model: { tag: "llama3.2:1b" }, gpus: { count: 4 } }, { dependsOn: [ns] });
        break;
    case "gpus-per-pod-known":
        // The same, with the pool's scheduling handle (as GpuCluster gives it): refused before deploy.
        new OpenLlmService(
            "big",
            {
                ...common,
                model: { tag: "llama3.2:1b" },
                gpus: { count: 4 },
                gpuPool: { nodeSelector: { "llm-serving/pool": "gn7i" }, gpusPerNode: 2, gpuMemoryGiB: 24 },
            },
            { dependsOn: [ns] },
        );
        break;
    case "node-selector":
        // A selector for a pool the cluster does not have; the library is not told the pools.
        new OpenLlmService("lost", { ...common, model: { tag: "llama3.2:1b" }, nodeSelector: { "llm-serving/pool": "h100" } }, { dependsOn: [ns] });
        break;
    case "node-selector-known":
        // The same selector beside the pool's handle, whose own selector it replaces: refused before deploy.
        new OpenLlmService(
            "lost",
            {
                ...common,
                model: { tag: "llama3.2:1b" },
                gpuPool: { nodeSelector: { "llm-serving/pool": "gn7i" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] },
                nodeSelector: { "llm-serving/pool": "h100" },
            },
            { dependsOn: [ns] },
        );
        break;
    case "toleration": {
        // A download pinned to the GPU pool (for its bigger disk) by a node selector, without the
        // pool's toleration: the GPU nodes' taint keeps it off them.
        const models = new ModelBucketVolume(
            "models",
            {
                cloud: "alicloud",
                region: "cn-hangzhou",
                namespace,
                bucket: { name: "llm-serving-neg-models", create: false },
                accessMode: "ReadWriteMany",
                oss: { roleName: "llm-serving-neg" },
            },
            { dependsOn: [ns] },
        );
        new ModelDownloadJob(
            "pinned",
            { namespace, volume: models.ref, huggingFaceId: "Qwen/Qwen2.5-0.5B-Instruct", path: "qwen", nodeSelector: { "llm-serving/pool": "gn7i" } },
            { dependsOn: [ns] },
        );
        break;
    }
    case "access-mode": {
        // A claim written by hand that asks ReadWriteOnce of a ReadOnlyMany volume, given to vLLM as its model volume.
        const pv = new k8s.core.v1.PersistentVolume("rox", {
            metadata: { name: "neg-rox" },
            spec: {
                capacity: { storage: "100Gi" },
                accessModes: ["ReadOnlyMany"],
                persistentVolumeReclaimPolicy: "Retain",
                storageClassName: "",
                csi: {
                    driver: "ossplugin.csi.alibabacloud.com",
                    volumeHandle: "neg-rox",
                    volumeAttributes: { bucket: "b", url: "oss-cn-hangzhou-internal.aliyuncs.com" },
                },
            },
        });
        const claim = new k8s.core.v1.PersistentVolumeClaim(
            "rwo",
            {
                metadata: { name: "models", namespace },
                spec: { accessModes: ["ReadWriteOnce"], storageClassName: "", volumeName: "neg-rox", resources: { requests: { storage: "100Gi" } } },
            },
            { dependsOn: [ns, pv] },
        );
        new VllmInferenceService(
            "mismatch",
            {
                ...common,
                mode: "deployment",
                model: {
                    source: { volume: { claimName: claim.metadata.name, namespace, mountPath: "/mnt/models", subPath: "", readOnly: true }, path: "qwen" },
                    parameters: 494032768,
                },
            },
            { dependsOn: [ns, claim] },
        );
        break;
    }
    default:
        throw new Error(`unknown case ${which}`);
}
