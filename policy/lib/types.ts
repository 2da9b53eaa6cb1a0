/** Type tokens the rules look at (as `pulumi preview` sends them to a policy pack). */
export const T = {
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Acl: "aws:s3/bucketAcl:BucketAcl",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ossBucket: "alicloud:oss/bucket:Bucket",
    ossAcl: "alicloud:oss/bucketAcl:BucketAcl",
    ossPublicAccessBlock: "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ossEncryption: "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption",
    awsAccessKey: "aws:iam/accessKey:AccessKey",
    ramAccessKey: "alicloud:ram/accessKey:AccessKey",
    awsProvider: "pulumi:providers:aws",
    alicloudProvider: "pulumi:providers:alicloud",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ec2Instance: "aws:ec2/instance:Instance",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    eksCluster: "aws:eks/cluster:Cluster",
    ackManagedCluster: "alicloud:cs/managedKubernetes:ManagedKubernetes",
    ackDedicatedCluster: "alicloud:cs/kubernetes:Kubernetes",
    ackNodePool: "alicloud:cs/nodePool:NodePool",
    configMap: "kubernetes:core/v1:ConfigMap",
    persistentVolume: "kubernetes:core/v1:PersistentVolume",
    persistentVolumeClaim: "kubernetes:core/v1:PersistentVolumeClaim",
} as const;

export const S3_BUCKETS: readonly string[] = [T.s3Bucket, T.s3BucketV2];
export const HELM_RELEASE = /^kubernetes:helm\.sh\/v\d+:(Release|Chart)$/;
