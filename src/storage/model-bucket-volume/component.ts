import * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../../core/model-volume";
import type { Roles } from "../../core/kube";
import { registerKubeObjects, type ChildrenByRole } from "../../core/register";
import type { ModelBucketVolumeArgs } from "./args";
import type { AlicloudVolumeRole } from "./register-alicloud";
import type { AwsVolumeRole } from "./register-aws";
import { renderModelBucketVolume, storageUri, volumeRef, type VolumeKubeRoles } from "./render-kube";
import { resolveModelBucketVolumeArgs, type ModelBucketVolumeResolved } from "./validate";

/** Roles of ModelBucketVolume's children: its Kubernetes objects, and the cloud resources it creates when asked to. */
export type ModelBucketVolumeRoles = Roles<VolumeKubeRoles["always"], VolumeKubeRoles["sometimes"] | CloudRole>;
type CloudRole = AwsVolumeRole | AlicloudVolumeRole;

/**
 * Model weights in object storage (OSS or S3), exposed as a static CSI PersistentVolume and a
 * claim bound to it. The bucket, volume and claim survive `pulumi destroy` unless opted out.
 */
export class ModelBucketVolume extends pulumi.ComponentResource {
    /** Reference serving components take (`model.source.volume`); its namespace is an Output when `namespace` was given as one. */
    public readonly ref: ModelVolumeRef;
    public readonly claimName: pulumi.Output<string>;
    public readonly namespace: pulumi.Output<string>;
    public readonly mountPath: pulumi.Output<string>;
    /** `pvc://<claim>` for KServe; add the model's path after it. */
    public readonly storageUri: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    /** Cloud resources (bucket, access grant) and Kubernetes objects, by role (escape hatch). */
    public readonly resources: ChildrenByRole<ModelBucketVolumeRoles, pulumi.Resource>;

    constructor(name: string, args: ModelBucketVolumeArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const r = resolveModelBucketVolumeArgs(name, args);
        super("llm-serving:storage:ModelBucketVolume", name, {}, opts);

        const cloudResources = registerCloud(this, r);
        const rendered = renderModelBucketVolume(r).map((item) =>
            item.role === "oss-credentials"
                ? { ...item, object: { ...item.object, stringData: pulumi.secret(item.object.stringData as Record<string, pulumi.Input<string>>) } }
                : item,
        );
        const kube = registerKubeObjects<VolumeKubeRoles>(this, name, rendered, {
            dependsOn: Object.values(cloudResources),
            perRole: {
                pv: { retainOnDelete: r.args.retainOnDelete },
                pvc: { retainOnDelete: r.args.retainOnDelete },
            },
        });
        this.resources = { ...cloudResources, ...kube };
        this.ref = volumeRef(r);
        this.claimName = pulumi.output(this.ref.claimName);
        this.namespace = pulumi.output(this.ref.namespace);
        this.mountPath = pulumi.output(this.ref.mountPath);
        this.storageUri = pulumi.output(storageUri(r));
        this.bucketName = pulumi.output(r.args.bucket.name);
        this.registerOutputs({
            claimName: this.claimName,
            namespace: this.namespace,
            mountPath: this.mountPath,
            storageUri: this.storageUri,
            bucketName: this.bucketName,
        });
    }
}

/** Bucket and access grant; the cloud SDK is loaded only when one is needed. */
function registerCloud(parent: pulumi.Resource, r: ModelBucketVolumeResolved): Partial<Record<CloudRole, pulumi.Resource>> {
    let out: Partial<Record<CloudRole, pulumi.Resource>> = {};
    const identity = r.args.podIdentity;
    if (r.args.cloud === "alicloud") {
        const needRole = r.args.oss.auth === "rrsa" && !r.args.oss.roleName && identity?.cloud === "alicloud";
        if (!r.args.bucket.create && !needRole) return out;
        const ali: typeof import("./register-alicloud") = require("./register-alicloud");
        if (r.args.bucket.create) out = { ...out, ...ali.registerOssBucket(parent, r) };
        if (needRole && identity?.cloud === "alicloud") out = { ...out, ...ali.registerRrsaRole(parent, r, identity) };
        return out;
    }
    const grant = identity?.cloud === "aws" && r.args.s3.authenticationSource === "driver";
    if (!r.args.bucket.create && !grant) return out;
    const awsReg: typeof import("./register-aws") = require("./register-aws");
    if (r.args.bucket.create) out = { ...out, ...awsReg.registerS3Bucket(parent, r) };
    if (grant && identity?.cloud === "aws") out = { ...out, ...awsReg.registerS3Access(parent, r, identity) };
    return out;
}
