import * as k8s from "@pulumi/kubernetes";
import { loadConfig, z } from "pulumi-llm-serving/config";
import { ModelBucketVolume, modelBucketVolumeSchema, ModelConversionJob, ModelDownloadJob, TritonInferenceService } from "pulumi-llm-serving/kubernetes";

const volumeArgs = modelBucketVolumeSchema().shape;
const config = loadConfig(
    z.strictObject({
        namespace: volumeArgs.namespace,
        createNamespace: z.boolean().default(true),
        region: volumeArgs.region,
        modelBucket: volumeArgs.bucket.shape.name,
        ossRoleName: z.string().min(1),
        download: z.boolean().default(true),
        huggingFaceId: z.string().min(1).default("bigscience/bloom-7b1"),
        revision: z.string().min(1).default("main"),
        modelPath: z.string().min(1).default("bloom-7b1"),
        convertedPath: z.string().min(1).default("bloom-7b1-ft-fp16"),
        gpuResourceName: z.string().min(1).default("nvidia.com/gpu"),
    }),
);
const { namespace } = config;
const ns = config.createNamespace ? new k8s.core.v1.Namespace("llm", { metadata: { name: namespace } }, { retainOnDelete: true }) : undefined;
const inNamespace = { dependsOn: ns ? [ns] : [] };

// ReadWriteMany: the jobs write the checkpoint and the converted weights, as the source's PV did.
const models = new ModelBucketVolume(
    "bloom-models",
    {
        cloud: "alicloud",
        region: config.region,
        namespace,
        bucket: { name: config.modelBucket, create: false },
        accessMode: "ReadWriteMany",
        oss: { roleName: config.ossRoleName },
    },
    inNamespace,
);

const download = config.download
    ? new ModelDownloadJob(
          "bloom-download",
          {
              namespace,
              volume: models.ref,
              huggingFaceId: config.huggingFaceId,
              revision: config.revision,
              path: config.modelPath,
              // The safetensors and PyTorch weights are the same model; the converter reads either.
              exclude: ["*.msgpack", "*.h5"],
          },
          inNamespace,
      )
    : undefined;

// The source document's conversion: huggingface_bloom_convert.py -tp 2 -dt fp16 -p 64, one GPU.
const conversion = new ModelConversionJob(
    "bloom-convert",
    {
        namespace,
        volume: models.ref,
        backend: "fastertransformer",
        source: { path: config.modelPath },
        output: { path: config.convertedPath },
        tensorParallel: 2,
        dtype: "fp16",
        fasterTransformer: { model: "bloom", processes: 64 },
        gpus: { count: 1, resourceName: config.gpuResourceName },
    },
    { ...inNamespace, waitFor: download ? [download] : [] },
);

// Starts only after the conversion Job has completed (the provider waits for it).
const bloom = new TritonInferenceService(
    "bloom",
    {
        namespace,
        backend: "fastertransformer",
        model: { source: conversion.modelRef, fasterTransformer: { dataType: "fp16" } },
        parallelism: { tensor: 2 },
        gpus: { resourceName: config.gpuResourceName },
        resources: { requests: { cpu: "8", memory: "32Gi" }, limits: { memory: "64Gi" } },
    },
    { ...inNamespace, waitFor: [conversion] },
);

export const checkpointPath = conversion.modelPath;
/** `curl -X POST $modelUrl/generate -d '{"input_ids": [...], "input_lengths": [n], "request_output_len": [32]}'` */
export const modelUrl = bloom.modelUrl;
export const grpcEndpoint = bloom.grpcEndpoint;
