/**
 * The Kubernetes layer: everything that runs on an existing cluster. Importing this entry point
 * never loads @pulumi/aws or @pulumi/alicloud.
 *
 * The core (schemas, validation, GPU scheduling, registration) loads with the entry point; each
 * component's module loads when one of its exports is first read, as in Pulumi's own SDKs
 * (`utilities.lazyLoad`): `new VllmInferenceService(...)` loads the vLLM component, its argument
 * schemas and the shared serving code, not every other component. The types are the modules' own:
 * `export type *` for interfaces and argument types, and for each value a declared constant of the
 * module's type (plus the instance type for classes), so imports keep full typing.
 */
import { lazyExports } from "./core/lazy";
import type * as modelBucketVolume from "./storage/model-bucket-volume";
import type * as modelBucketVolumeArgs from "./storage/model-bucket-volume/args";
import type * as vllm from "./serving/vllm";
import type * as kserve from "./platform/kserve";
import type * as kuberay from "./platform/kuberay";
import type * as ray from "./serving/ray";
import type * as djl from "./serving/djl";
import type * as openllm from "./serving/openllm";
import type * as jobs from "./serving/jobs";
import type * as triton from "./serving/triton";
import type * as distributed from "./serving/distributed";
import type * as traffic from "./serving/traffic";

export * from "./core";

export type * from "./storage/model-bucket-volume";
export type ModelBucketVolume = modelBucketVolume.ModelBucketVolume;
export declare const ModelBucketVolume: typeof modelBucketVolume.ModelBucketVolume;
export declare const renderModelBucketVolume: typeof modelBucketVolume.renderModelBucketVolume;
export declare const renderPersistentVolume: typeof modelBucketVolume.renderPersistentVolume;
export declare const renderPersistentVolumeClaim: typeof modelBucketVolume.renderPersistentVolumeClaim;
export declare const s3MountOptions: typeof modelBucketVolume.s3MountOptions;
export declare const volumeRef: typeof modelBucketVolume.volumeRef;
export declare const renderOssBucket: typeof modelBucketVolume.renderOssBucket;
export declare const renderS3Bucket: typeof modelBucketVolume.renderS3Bucket;
export declare const renderRrsaRole: typeof modelBucketVolume.renderRrsaRole;
export declare const ossAccessPolicyDocument: typeof modelBucketVolume.ossAccessPolicyDocument;
export declare const s3AccessPolicyDocument: typeof modelBucketVolume.s3AccessPolicyDocument;
export declare const rrsaTrustPolicy: typeof modelBucketVolume.rrsaTrustPolicy;
export declare const resolveModelBucketVolumeArgs: typeof modelBucketVolume.resolveModelBucketVolumeArgs;
export declare const ossBucketNameProblem: typeof modelBucketVolume.ossBucketNameProblem;
export declare const s3BucketNameProblem: typeof modelBucketVolume.s3BucketNameProblem;

/** The argument schema, for stack configuration checked the same way (`loadConfig` from `/config`). */
export declare const modelBucketVolumeSchema: typeof modelBucketVolumeArgs.modelBucketVolumeSchema;

export type * from "./serving/vllm";
export type VllmInferenceService = vllm.VllmInferenceService;
export declare const VllmInferenceService: typeof vllm.VllmInferenceService;
export declare const renderVllm: typeof vllm.renderVllm;
export declare const renderInferenceService: typeof vllm.renderInferenceService;
export declare const renderDeployment: typeof vllm.renderDeployment;
export declare const vllmEngineArgs: typeof vllm.vllmEngineArgs;
export declare const vllmUrls: typeof vllm.vllmUrls;
export declare const resolveVllmArgs: typeof vllm.resolveVllmArgs;

export type * from "./platform/kserve";
export type KServeStack = kserve.KServeStack;
export declare const KServeStack: typeof kserve.KServeStack;
export declare const renderKServeStack: typeof kserve.renderKServeStack;
export declare const readinessRoles: typeof kserve.readinessRoles;
export declare const isRelease: typeof kserve.isRelease;
export declare const resolveKServeStackArgs: typeof kserve.resolveKServeStackArgs;

export type * from "./platform/kuberay";
export type KubeRayOperator = kuberay.KubeRayOperator;
export declare const KubeRayOperator: typeof kuberay.KubeRayOperator;
export declare const renderKubeRayOperator: typeof kuberay.renderKubeRayOperator;
export declare const kubeRayOperatorValues: typeof kuberay.kubeRayOperatorValues;
export declare const resolveKubeRayOperatorArgs: typeof kuberay.resolveKubeRayOperatorArgs;

export type * from "./serving/ray";
export type RayLLMApp = ray.RayLLMApp;
export declare const RayLLMApp: typeof ray.RayLLMApp;
export declare const toLlmConfig: typeof ray.toLlmConfig;
export declare const renderServeConfig: typeof ray.renderServeConfig;
export declare const modelLocalPath: typeof ray.modelLocalPath;
export declare const llmConfigSchema: typeof ray.llmConfigSchema;
export declare const RAY_ACCELERATOR_TYPES: typeof ray.RAY_ACCELERATOR_TYPES;
export declare const mapRayllmModel: typeof ray.mapRayllmModel;
export declare const rayllmModelSchema: typeof ray.rayllmModelSchema;
export declare const renderRayLlm: typeof ray.renderRayLlm;
export declare const renderRayService: typeof ray.renderRayService;
export declare const rayLlmUrls: typeof ray.rayLlmUrls;
export declare const resolveRayLlmArgs: typeof ray.resolveRayLlmArgs;
export declare const rayDetectedAcceleratorType: typeof ray.rayDetectedAcceleratorType;

export type * from "./serving/djl";
export type DjlServingService = djl.DjlServingService;
export declare const DjlServingService: typeof djl.DjlServingService;
export declare const renderDjl: typeof djl.renderDjl;
export declare const djlUrls: typeof djl.djlUrls;
export declare const djlConfigData: typeof djl.djlConfigData;
export declare const djlImage: typeof djl.djlImage;
export declare const djlWarnings: typeof djl.djlWarnings;
export declare const servingPropertyEntries: typeof djl.servingPropertyEntries;
export declare const servingPropertiesText: typeof djl.servingPropertiesText;
export declare const resolveDjlArgs: typeof djl.resolveDjlArgs;

export type * from "./serving/openllm";
export type OpenLlmService = openllm.OpenLlmService;
export declare const OpenLlmService: typeof openllm.OpenLlmService;
export declare const renderOpenLlm: typeof openllm.renderOpenLlm;
export declare const openLlmUrls: typeof openllm.openLlmUrls;
export declare const openLlmStartScript: typeof openllm.openLlmStartScript;
export declare const openLlmWarning: typeof openllm.openLlmWarning;
export declare const resolveOpenLlmArgs: typeof openllm.resolveOpenLlmArgs;

export type * from "./serving/jobs";
export type ModelDownloadJob = jobs.ModelDownloadJob;
export declare const ModelDownloadJob: typeof jobs.ModelDownloadJob;
export declare const renderDownload: typeof jobs.renderDownload;
export declare const DOWNLOAD_SCRIPT: typeof jobs.DOWNLOAD_SCRIPT;
export declare const resolveDownloadArgs: typeof jobs.resolveDownloadArgs;
export type ModelConversionJob = jobs.ModelConversionJob;
export declare const ModelConversionJob: typeof jobs.ModelConversionJob;
export declare const renderConversion: typeof jobs.renderConversion;
export declare const conversionScript: typeof jobs.conversionScript;
export declare const resolveConversionArgs: typeof jobs.resolveConversionArgs;

export type * from "./serving/triton";
export type TritonInferenceService = triton.TritonInferenceService;
export declare const TritonInferenceService: typeof triton.TritonInferenceService;
export declare const renderTriton: typeof triton.renderTriton;
export declare const modelRepositoryFiles: typeof triton.modelRepositoryFiles;
export declare const tritonCommand: typeof triton.tritonCommand;
export declare const tritonUrls: typeof triton.tritonUrls;
export declare const resolveTritonArgs: typeof triton.resolveTritonArgs;

export type * from "./serving/distributed";
export type DistributedServing = distributed.DistributedServing;
export declare const DistributedServing: typeof distributed.DistributedServing;
export declare const renderDistributed: typeof distributed.renderDistributed;
export declare const vllmPodArgs: typeof distributed.vllmPodArgs;
export declare const distributedUrls: typeof distributed.distributedUrls;
export declare const resolveDistributedArgs: typeof distributed.resolveDistributedArgs;

export type * from "./serving/traffic";
export type TrafficSplit = traffic.TrafficSplit;
export declare const TrafficSplit: typeof traffic.TrafficSplit;
export declare const renderTrafficSplit: typeof traffic.renderTrafficSplit;
export declare const resolveTrafficArgs: typeof traffic.resolveTrafficArgs;


// Getters on this module's exports (module.exports: under tsx, the object importers see).
lazyExports(module.exports, (): typeof modelBucketVolume => require("./storage/model-bucket-volume"), ["ModelBucketVolume", "renderModelBucketVolume", "renderPersistentVolume", "renderPersistentVolumeClaim", "s3MountOptions", "volumeRef", "renderOssBucket", "renderS3Bucket", "renderRrsaRole", "ossAccessPolicyDocument", "s3AccessPolicyDocument", "rrsaTrustPolicy", "resolveModelBucketVolumeArgs", "ossBucketNameProblem", "s3BucketNameProblem"]);
lazyExports(module.exports, (): typeof modelBucketVolumeArgs => require("./storage/model-bucket-volume/args"), ["modelBucketVolumeSchema"]);
lazyExports(module.exports, (): typeof vllm => require("./serving/vllm"), ["VllmInferenceService", "renderVllm", "renderInferenceService", "renderDeployment", "vllmEngineArgs", "vllmUrls", "resolveVllmArgs"]);
lazyExports(module.exports, (): typeof kserve => require("./platform/kserve"), ["KServeStack", "renderKServeStack", "readinessRoles", "isRelease", "resolveKServeStackArgs"]);
lazyExports(module.exports, (): typeof kuberay => require("./platform/kuberay"), ["KubeRayOperator", "renderKubeRayOperator", "kubeRayOperatorValues", "resolveKubeRayOperatorArgs"]);
lazyExports(module.exports, (): typeof ray => require("./serving/ray"), ["RayLLMApp", "toLlmConfig", "renderServeConfig", "modelLocalPath", "llmConfigSchema", "RAY_ACCELERATOR_TYPES", "mapRayllmModel", "rayllmModelSchema", "renderRayLlm", "renderRayService", "rayLlmUrls", "resolveRayLlmArgs", "rayDetectedAcceleratorType"]);
lazyExports(module.exports, (): typeof djl => require("./serving/djl"), ["DjlServingService", "renderDjl", "djlUrls", "djlConfigData", "djlImage", "djlWarnings", "servingPropertyEntries", "servingPropertiesText", "resolveDjlArgs"]);
lazyExports(module.exports, (): typeof openllm => require("./serving/openllm"), ["OpenLlmService", "renderOpenLlm", "openLlmUrls", "openLlmStartScript", "openLlmWarning", "resolveOpenLlmArgs"]);
lazyExports(module.exports, (): typeof jobs => require("./serving/jobs"), ["ModelDownloadJob", "renderDownload", "DOWNLOAD_SCRIPT", "resolveDownloadArgs", "ModelConversionJob", "renderConversion", "conversionScript", "resolveConversionArgs"]);
lazyExports(module.exports, (): typeof triton => require("./serving/triton"), ["TritonInferenceService", "renderTriton", "modelRepositoryFiles", "tritonCommand", "tritonUrls", "resolveTritonArgs"]);
lazyExports(module.exports, (): typeof distributed => require("./serving/distributed"), ["DistributedServing", "renderDistributed", "vllmPodArgs", "distributedUrls", "resolveDistributedArgs"]);
lazyExports(module.exports, (): typeof traffic => require("./serving/traffic"), ["TrafficSplit", "renderTrafficSplit", "resolveTrafficArgs"]);

// The same names as assignments Node's ESM loader can see (cjs-module-lexer), so `import { X } from` works
// in ES module programs too; never evaluated.
0 &&
    (exports.ModelBucketVolume =
        exports.renderModelBucketVolume =
        exports.renderPersistentVolume =
        exports.renderPersistentVolumeClaim =
        exports.s3MountOptions =
        exports.volumeRef =
        exports.renderOssBucket =
        exports.renderS3Bucket =
        exports.renderRrsaRole =
        exports.ossAccessPolicyDocument =
        exports.s3AccessPolicyDocument =
        exports.rrsaTrustPolicy =
        exports.resolveModelBucketVolumeArgs =
        exports.ossBucketNameProblem =
        exports.s3BucketNameProblem =
        exports.modelBucketVolumeSchema =
        exports.VllmInferenceService =
        exports.renderVllm =
        exports.renderInferenceService =
        exports.renderDeployment =
        exports.vllmEngineArgs =
        exports.vllmUrls =
        exports.resolveVllmArgs =
        exports.KServeStack =
        exports.renderKServeStack =
        exports.readinessRoles =
        exports.isRelease =
        exports.resolveKServeStackArgs =
        exports.KubeRayOperator =
        exports.renderKubeRayOperator =
        exports.kubeRayOperatorValues =
        exports.resolveKubeRayOperatorArgs =
        exports.RayLLMApp =
        exports.toLlmConfig =
        exports.renderServeConfig =
        exports.modelLocalPath =
        exports.llmConfigSchema =
        exports.RAY_ACCELERATOR_TYPES =
        exports.mapRayllmModel =
        exports.rayllmModelSchema =
        exports.renderRayLlm =
        exports.renderRayService =
        exports.rayLlmUrls =
        exports.resolveRayLlmArgs =
        exports.rayDetectedAcceleratorType =
        exports.DjlServingService =
        exports.renderDjl =
        exports.djlUrls =
        exports.djlConfigData =
        exports.djlImage =
        exports.djlWarnings =
        exports.servingPropertyEntries =
        exports.servingPropertiesText =
        exports.resolveDjlArgs =
        exports.OpenLlmService =
        exports.renderOpenLlm =
        exports.openLlmUrls =
        exports.openLlmStartScript =
        exports.openLlmWarning =
        exports.resolveOpenLlmArgs =
        exports.ModelDownloadJob =
        exports.renderDownload =
        exports.DOWNLOAD_SCRIPT =
        exports.resolveDownloadArgs =
        exports.ModelConversionJob =
        exports.renderConversion =
        exports.conversionScript =
        exports.resolveConversionArgs =
        exports.TritonInferenceService =
        exports.renderTriton =
        exports.modelRepositoryFiles =
        exports.tritonCommand =
        exports.tritonUrls =
        exports.resolveTritonArgs =
        exports.DistributedServing =
        exports.renderDistributed =
        exports.vllmPodArgs =
        exports.distributedUrls =
        exports.resolveDistributedArgs =
        exports.TrafficSplit =
        exports.renderTrafficSplit =
        exports.resolveTrafficArgs =
        undefined);
