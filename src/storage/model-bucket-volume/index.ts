export type { ModelBucketVolumeArgs, ModelBucketArgs, OssVolumeArgs, OssAccessKeyArgs, OssVolumeWriterArgs, S3VolumeArgs } from "./args";
export { ModelBucketVolume } from "./component";
export { renderModelBucketVolume, renderPersistentVolume, renderPersistentVolumeClaim, s3MountOptions, volumeRef } from "./render-kube";
export { renderOssBucket, renderS3Bucket, renderRrsaRole, ossAccessPolicyDocument, s3AccessPolicyDocument, rrsaTrustPolicy } from "./render-cloud";
export { resolveModelBucketVolumeArgs, ossBucketNameProblem, s3BucketNameProblem, type ModelBucketVolumeResolved } from "./validate";
