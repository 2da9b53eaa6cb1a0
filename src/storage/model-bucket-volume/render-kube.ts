import { whenKnown, type Deferrable } from "../../core/deferrable";
import { standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { pvcStorageUri, type ModelVolumeRef } from "../../core/model-volume";
import { ossOtherOpts, ossWriter, s3ExtraMountOptions } from "./mount-options";
import type { ModelBucketVolumeResolved } from "./validate";

export const OSS_CSI_DRIVER = "ossplugin.csi.alibabacloud.com";
export const S3_CSI_DRIVER = "s3.csi.aws.com";

/** Role name of the RAM role created for RRSA (when none is given); an Output when the namespace is one. A new volume source keeps it. */
export function rrsaRoleName(r: ModelBucketVolumeResolved): Deferrable<string> {
    return whenKnown([r.baseName], (baseName: string) => `llm-oss-${baseName}`.slice(0, 64));
}

/** The AccessKey Secret keeps its name across volume sources: it is mutable, and a rotated key reaches pods when they next mount. */
export function ossCredentialsSecretName(r: ModelBucketVolumeResolved): string {
    return `${r.name}-oss-credentials`;
}

function ossEndpoint(r: ModelBucketVolumeResolved): string {
    const region = r.args.region;
    return r.args.oss.internalEndpoint ? `http://oss-${region}-internal.aliyuncs.com` : `https://oss-${region}.aliyuncs.com`;
}

function ossCsi(r: ModelBucketVolumeResolved) {
    const a = r.args;
    const attributes: Record<string, Deferrable<string>> = {
        bucket: a.bucket.name,
        url: ossEndpoint(r),
        path: "/" + a.prefix,
        otherOpts: ossOtherOpts(a),
        fuseType: a.oss.fuseType,
    };
    if (a.oss.auth === "rrsa") {
        attributes.authType = "rrsa";
        attributes.roleName = a.oss.roleName ?? rrsaRoleName(r);
    }
    return {
        driver: OSS_CSI_DRIVER,
        volumeHandle: r.pvName,
        volumeAttributes: attributes,
        ...(a.oss.auth === "accessKey" ? { nodePublishSecretRef: { name: ossCredentialsSecretName(r), namespace: a.namespace } } : {}),
    };
}

/**
 * Mountpoint options; read-only volumes get `--read-only` from the driver itself, writable ones
 * `allow-overwrite` (`mount-options`).
 */
export function s3MountOptions(r: ModelBucketVolumeResolved): string[] {
    const a = r.args;
    const options = ["allow-other", `region ${a.region}`];
    if (a.prefix !== "") options.push(`prefix ${a.prefix}/`);
    return [...options, ...s3ExtraMountOptions(a)];
}

function s3Csi(r: ModelBucketVolumeResolved) {
    return {
        driver: S3_CSI_DRIVER,
        volumeHandle: r.pvName,
        volumeAttributes: { bucketName: r.args.bucket.name, authenticationSource: r.args.s3.authenticationSource },
    };
}

export function renderPersistentVolume(r: ModelBucketVolumeResolved): KubeObject {
    const a = r.args;
    return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: r.pvName, labels: standardLabels(r.name, "model-volume") },
        spec: {
            capacity: { storage: a.capacity },
            accessModes: [a.accessMode],
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: "",
            // Pre-bound, so no other claim can take the volume.
            claimRef: { namespace: a.namespace, name: r.claimName },
            ...(a.cloud === "aws" ? { mountOptions: s3MountOptions(r) } : {}),
            csi: a.cloud === "alicloud" ? ossCsi(r) : s3Csi(r),
        },
    };
}

export function renderPersistentVolumeClaim(r: ModelBucketVolumeResolved): KubeObject {
    const a = r.args;
    return {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: r.claimName, namespace: a.namespace, labels: standardLabels(r.name, "model-volume") },
        spec: {
            accessModes: [a.accessMode],
            storageClassName: "",
            volumeName: r.pvName,
            resources: { requests: { storage: a.capacity } },
        },
    };
}

/** The AccessKey Secret (opt-in mode only); the values stay Pulumi secrets in the component. */
export function renderOssCredentialsSecret(r: ModelBucketVolumeResolved, id: unknown, secret: unknown): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: ossCredentialsSecretName(r), namespace: r.args.namespace, labels: standardLabels(r.name, "model-volume") },
        type: "Opaque",
        stringData: { akId: id, akSecret: secret },
    };
}

/** Roles of the volume's Kubernetes objects: the AccessKey Secret only in OSS `accessKey` mode. */
export type VolumeKubeRoles = Roles<"pv" | "pvc", "oss-credentials">;

export function renderModelBucketVolume(r: ModelBucketVolumeResolved): RenderedObject<RoleOf<VolumeKubeRoles>>[] {
    const out: RenderedObject<RoleOf<VolumeKubeRoles>>[] = [];
    if (r.args.cloud === "alicloud" && r.args.oss.auth === "accessKey") {
        out.push({ role: "oss-credentials", object: renderOssCredentialsSecret(r, r.args.oss.accessKey?.id, r.args.oss.accessKey?.secret) });
    }
    out.push({ role: "pv", object: renderPersistentVolume(r) });
    out.push({ role: "pvc", object: renderPersistentVolumeClaim(r), dependsOn: ["pv"] });
    return out;
}

/** The reference serving components take; its namespace is an Output when the volume's is one. */
export function volumeRef(r: ModelBucketVolumeResolved): ModelVolumeRef {
    return {
        claimName: r.claimName,
        namespace: r.args.namespace,
        mountPath: r.args.mountPath,
        subPath: "",
        readOnly: r.args.accessMode === "ReadOnlyMany",
        ...writerOf(r),
    };
}

/** The writer a ReadWriteMany OSS volume is mounted for, which the jobs check they run as. */
function writerOf(r: ModelBucketVolumeResolved): Pick<ModelVolumeRef, "writer"> {
    const writer = ossWriter(r.args);
    return writer ? { writer: { uid: writer.uid, gid: writer.gid } } : {};
}

export function storageUri(r: ModelBucketVolumeResolved): Deferrable<string> {
    return pvcStorageUri(r.claimName, "");
}
