/**
 * The one list of what each entry point of the package exports. `npm run gen:entry-points`
 * (scripts/gen-entry-points.ts) writes src/kubernetes.ts, src/render.ts, src/aws.ts,
 * src/alicloud.ts and src/index.ts from it; test/unit/core/entry-points-generated.test.ts fails
 * when a committed file differs from what the table generates, when a module exports a value
 * the table does not place in some entry point, and when `import { X } from
 * "pulumi-llm-serving/<entry>"` fails in an ES module program for any name listed here.
 *
 * To add an export: add its name to `values` (or `classes`, for a class: its instance type is
 * exported too) or `types` of its module's row here, then run `npm run gen:entry-points`.
 * Public (`/kubernetes`, `/aws`, `/alicloud`): components, their Args and Options types, schemas,
 * constants and catalog lookups. Everything else a module exports (render*, resolve*, helpers,
 * Resolved types) goes to `/render`.
 */

/** One module behind an entry point and the names the entry point takes from it. */
export interface ModuleRow {
    /** Path below src/, without extension, as the entry point imports it ("serving/vllm"). */
    readonly module: string;
    /** Component classes: the value and its instance type. */
    readonly classes?: readonly string[];
    /** Other runtime values (functions, schemas, constants). */
    readonly values?: readonly string[];
    /** Type-only exports (interfaces, type aliases). */
    readonly types?: readonly string[];
    /** Re-export every type of the module (`export type *`) instead of listing them. */
    readonly allTypes?: boolean;
    /**
     * Loaded with the entry point (plain `export { } from`) instead of on first access of a
     * name (a lazy getter): the core, which every component needs anyway, and the cloud index,
     * which loads no cloud SDK until a cluster is constructed.
     */
    readonly eager?: boolean;
}

export interface EntryPointRow {
    /** The file under src/ that is generated, without extension ("kubernetes"). */
    readonly file: string;
    /** The package subpath that resolves to it (package.json `exports`). */
    readonly subpath: string;
    /** The doc comment at the top of the generated file. */
    readonly doc: string;
    readonly modules: readonly ModuleRow[];
    /** Other entry points re-exported whole (`export * from`). */
    readonly reexport?: readonly string[];
}

/** Everything under src/core that is not in /kubernetes is here, in /render (and in /core). */
const CORE_PUBLIC: ModuleRow = {
    module: "core",
    eager: true,
    allTypes: true,
    values: [
        // GPU scheduling and the GPU catalog
        "versions",
        "ALIYUN_GPU_MEM",
        "GPU_MEMORY_RESOURCES",
        "GPU_TAINT",
        "GPU_TOLERATION",
        "NVIDIA_GPU",
        "gpuScheduling",
        "GPU_INSTANCE_TYPES",
        "gpuFamilyTypes",
        "instanceFamily",
        "lookupGpuInstanceType",
        // sizing
        "KNOWN_MODEL_PARAMETERS",
        "bytesPerParameter",
        "weightGigabytes",
        "checkModelFits",
        // labels
        "MANAGED_BY",
        // schemas
        "ANNOTATIONS_MAX_BYTES",
        "DNS1123_LABEL",
        "LIBRARY_LABEL_KEYS",
        "annotationsSchema",
        "chartSourceOverride",
        "dns1123Label",
        "dns1123Subdomain",
        "envVarName",
        "finiteNumber",
        "fraction",
        "imageRegistry",
        "inputImage",
        "inputLabel",
        "inputString",
        "inputSubdomain",
        "integer",
        "labelMap",
        "labelsSchema",
        "nodeSelectorSchema",
        "nonEmptyString",
        "nonNegativeInt",
        "nonNegativeInt32",
        "nonNegativeNumber",
        "pinnedImage",
        "positiveInt",
        "positiveInt32",
        "positiveNumber",
        "quantity",
        "resourceList",
        "resources",
        "secretKeyRef",
        "toleration",
        "podIdentitySchema",
    ],
};

const CORE_INTERNAL: ModuleRow = {
    module: "core",
    eager: true,
    values: [
        "SERVING_POD_PATHS",
        "mountPathProblem",
        "pathRelation",
        "modelMountPath",
        "checkPoolSelector",
        "gpuPodTolerations",
        "chartSource",
        "checkLocalCharts",
        "isLocalChartSource",
        "localChartProblems",
        "mirrorImage",
        "isPinnedOrMirrored",
        "throughMirror",
        "registerHelmRelease",
        "releaseArgs",
        "contentName",
        "contentHash",
        "gvk",
        "selectorLabels",
        "standardLabels",
        "joinPath",
        "pvcStorageUri",
        "isLabelValue",
        "isQualifiedName",
        "labelRecord",
        "labelValueProblem",
        "qualifiedNameProblem",
        "ProblemList",
        "beginResolve",
        "crossCheck",
        "exactlyOneOf",
        "failArgs",
        "firstProblem",
        "formatPath",
        "innermostSchema",
        "inputOf",
        "isDeferred",
        "issuesAt",
        "parseArgs",
        "wrapperChain",
    ],
};

const CLOUD_PUBLIC: ModuleRow = {
    module: "cloud",
    eager: true,
    classes: ["GpuCluster"],
    values: ["POOL_LABEL", "GPU_TAINT"],
    types: [
        "GpuClusterArgs",
        "GpuPoolArgs",
        "PoolSizeArgs",
        "GpuPoolInfo",
        "GpuFactsArgs",
        "ClusterNetworkArgs",
        "ExistingNetworkArgs",
        "ClusterEndpointArgs",
        "SecretsEncryptionArgs",
        "SystemPoolArgs",
        "AckClusterArgs",
        "EksClusterArgs",
        "EksAddonVersionsArgs",
    ],
};

export const ENTRY_POINTS: readonly EntryPointRow[] = [
    {
        file: "kubernetes",
        subpath: "./kubernetes",
        doc: `The Kubernetes layer: everything that runs on an existing cluster. Importing this entry point
never loads @pulumi/aws or @pulumi/alicloud.

Public names only: the components, their Args and Options types, argument schemas, constants and
the GPU catalog. The pure functions behind the components (render*, resolve*, helpers) are in
\`pulumi-llm-serving/render\`.

The core (schemas, GPU scheduling, catalog) loads with the entry point; each component's module
loads when one of its exports is first read, as in Pulumi's own SDKs (\`utilities.lazyLoad\`):
\`new VllmInferenceService(...)\` loads the vLLM component, its argument schemas and the shared
serving code, not every other component. The types are the modules' own: for each value a declared
constant of the module's type (plus the instance type for classes), so imports keep full typing.`,
        modules: [
            CORE_PUBLIC,
            {
                module: "storage/model-bucket-volume",
                classes: ["ModelBucketVolume"],
                types: ["ModelBucketVolumeArgs", "ModelBucketArgs", "OssVolumeArgs", "OssAccessKeyArgs", "OssVolumeWriterArgs", "S3VolumeArgs"],
            },
            { module: "storage/model-bucket-volume/args", values: ["modelBucketVolumeSchema"] },
            {
                module: "serving/vllm",
                classes: ["VllmInferenceService"],
                types: ["VllmInferenceServiceArgs", "VllmInferenceServiceOptions", "VllmModelArgs", "VllmModelSourceArgs", "LoraAdapterArgs", "VllmKServeArgs"],
            },
            {
                module: "platform/kserve",
                classes: ["KServeStack"],
                types: [
                    "KServeStackArgs",
                    "KServeIngressArgs",
                    "KServeStorageInitializerArgs",
                    "KServeS3Args",
                    "KServeCertManagerArgs",
                    "KServeKnativeArgs",
                    "KServeIstioArgs",
                    "KServeGatewayServiceArgs",
                ],
            },
            { module: "platform/kuberay", classes: ["KubeRayOperator"], types: ["KubeRayOperatorArgs"] },
            {
                module: "serving/ray",
                classes: ["RayLLMApp"],
                values: ["llmConfigSchema", "RAY_ACCELERATOR_TYPES", "rayllmModelSchema"],
                types: [
                    "RayLLMAppArgs",
                    "RayLlmModel",
                    "RayWorkerGroup",
                    "RayLLMAppOptions",
                    "LlmConfig",
                    "RayModelSourceArgs",
                    "RayEngineArgs",
                    "RayServeAutoscalingArgs",
                    "RayLoraArgs",
                    "RayHeadArgs",
                    "RayOperatorArgs",
                ],
            },
            {
                module: "serving/djl",
                classes: ["DjlServingService"],
                types: ["DjlServingServiceArgs", "DjlEngine", "DjlServingServiceOptions", "DjlModelArgs", "DjlHandlerArgs"],
            },
            { module: "serving/openllm", classes: ["OpenLlmService"], types: ["OpenLlmServiceArgs", "OpenLlmServiceOptions", "OpenLlmModelArgs"] },
            {
                module: "serving/jobs",
                classes: ["ModelDownloadJob", "ModelConversionJob"],
                types: [
                    "JobCommonArgs",
                    "ModelDownloadJobArgs",
                    "ModelJobOptions",
                    "ModelConversionJobArgs",
                    "ConversionPathArgs",
                    "ConversionGpuArgs",
                    "FasterTransformerConversionArgs",
                    "TensorRtLlmConversionArgs",
                ],
            },
            {
                module: "serving/triton",
                classes: ["TritonInferenceService"],
                types: [
                    "TritonInferenceServiceArgs",
                    "TritonBackend",
                    "TritonInferenceServiceOptions",
                    "TritonRepositoryArgs",
                    "TritonModelArgs",
                    "TritonVllmArgs",
                    "TritonTensorRtLlmArgs",
                    "TritonFasterTransformerArgs",
                ],
            },
            {
                module: "serving/distributed",
                classes: ["DistributedServing"],
                types: ["DistributedServingArgs", "DistributedServingOptions", "GroupParallelismArgs", "DistributedModelArgs", "DistributedCustomArgs"],
            },
            { module: "serving/traffic", classes: ["TrafficSplit"], types: ["TrafficSplitArgs", "TrafficBackend"] },
            {
                // Type-only (nothing loads): the arguments the serving components share.
                module: "serving/common/types",
                eager: true,
                types: [
                    "ServingCommonArgs",
                    "GpuRequestArgs",
                    "ReplicaRangeArgs",
                    "ContainerResourcesArgs",
                    "ParallelismArgs",
                    "VolumeOrHubSourceArgs",
                    "PodSecurityArgs",
                    "ExposureArgs",
                    "ExistingGatewayArgs",
                    "ExposureTlsArgs",
                    "ExposureIngressArgs",
                    "ExposureIstioArgs",
                    "ExposureGatewayApiArgs",
                    "MetricsArgs",
                    "AutoscalingArgs",
                    "KedaAutoscalingArgs",
                    "NetworkPolicyArgs",
                    "NetworkPeerArgs",
                    "RayNetworkPolicyArgs",
                ],
            },
        ],
    },
    {
        file: "render",
        subpath: "./render",
        doc: `The pure functions behind the components: argument resolution (resolve*), the rendered
Kubernetes objects and cloud-resource args (render*) and their helpers, with every type of the
component modules (the Resolved types among them). For tests, plan tools and policies that look
at what a component would register; not needed to use the components (\`/kubernetes\`, \`/aws\`,
\`/alicloud\`). Like \`/kubernetes\`, it loads a component's module on first access of one of its
names, and no cloud SDK.`,
        modules: [
            CORE_INTERNAL,
            {
                module: "storage/model-bucket-volume",
                allTypes: true,
                values: [
                    "renderModelBucketVolume",
                    "renderPersistentVolume",
                    "renderPersistentVolumeClaim",
                    "s3MountOptions",
                    "volumeRef",
                    "renderOssBucket",
                    "renderS3Bucket",
                    "renderRrsaRole",
                    "ossAccessPolicyDocument",
                    "s3AccessPolicyDocument",
                    "rrsaTrustPolicy",
                    "resolveModelBucketVolumeArgs",
                    "ossBucketNameProblem",
                    "s3BucketNameProblem",
                ],
            },
            { module: "storage/model-bucket-volume/args", values: ["bucketPrefixProblem"] },
            {
                module: "serving/vllm",
                allTypes: true,
                values: ["renderVllm", "renderInferenceService", "renderDeployment", "vllmEngineArgs", "vllmUrls", "resolveVllmArgs"],
            },
            { module: "platform/kserve", allTypes: true, values: ["renderKServeStack", "readinessRoles", "isRelease", "resolveKServeStackArgs"] },
            { module: "platform/kuberay", allTypes: true, values: ["renderKubeRayOperator", "kubeRayOperatorValues", "resolveKubeRayOperatorArgs"] },
            {
                module: "serving/ray",
                allTypes: true,
                values: [
                    "toLlmConfig",
                    "renderServeConfig",
                    "modelLocalPath",
                    "mapRayllmModel",
                    "renderRayLlm",
                    "renderRayService",
                    "rayLlmUrls",
                    "resolveRayLlmArgs",
                    "rayDetectedAcceleratorType",
                    "rayServiceReplaceOptions",
                    "RAY_CLUSTER_PATHS_NOT_APPLIED_IN_PLACE",
                    "UNHASHED_FIELDS_ANNOTATION",
                ],
            },
            {
                module: "serving/djl",
                allTypes: true,
                values: [
                    "renderDjl",
                    "djlUrls",
                    "djlConfigData",
                    "djlImage",
                    "djlWarnings",
                    "servingPropertyEntries",
                    "servingPropertiesText",
                    "resolveDjlArgs",
                ],
            },
            {
                module: "serving/openllm",
                allTypes: true,
                values: ["renderOpenLlm", "openLlmUrls", "openLlmStartScript", "openLlmWarning", "resolveOpenLlmArgs"],
            },
            {
                module: "serving/jobs",
                allTypes: true,
                values: ["renderDownload", "DOWNLOAD_SCRIPT", "resolveDownloadArgs", "renderConversion", "conversionScript", "resolveConversionArgs"],
            },
            { module: "serving/triton", allTypes: true, values: ["renderTriton", "modelRepositoryFiles", "tritonCommand", "tritonUrls", "resolveTritonArgs"] },
            { module: "serving/distributed", allTypes: true, values: ["renderDistributed", "vllmPodArgs", "distributedUrls", "resolveDistributedArgs"] },
            { module: "serving/traffic", allTypes: true, values: ["renderTrafficSplit", "resolveTrafficArgs"] },
            { module: "cloud", allTypes: true, values: ["resolveGpuClusterArgs", "eksKubeconfig", "ackExecKubeconfig", "kubeconfigCluster"] },
        ],
    },
    {
        file: "aws",
        subpath: "./aws",
        doc: "The cloud layer for AWS (EKS): GpuCluster and what it gives the rest of the library.",
        modules: [CLOUD_PUBLIC],
    },
    {
        file: "alicloud",
        subpath: "./alicloud",
        doc: "The cloud layer for Alibaba Cloud (ACK): GpuCluster and what it gives the rest of the library.",
        modules: [CLOUD_PUBLIC],
    },
    {
        file: "index",
        subpath: ".",
        doc: `Everything public: the Kubernetes layer plus the cloud components (a cloud SDK loads when a
cluster on that cloud is constructed). The render and resolve functions are in
\`pulumi-llm-serving/render\`.`,
        modules: [],
        reexport: ["kubernetes", "aws", "alicloud"],
    },
];
