import { GPU_MEMORY_RESOURCES, NVIDIA_GPU } from "../../../core/gpu";
import { joinPath } from "../../../core/model-volume";
import { dns1123Label } from "../../../core/schemas";
import { beginResolve } from "../../../core/validation";
import { lazySchema } from "../../../core/zod";
import { checkPoolSelector } from "../../../core/gpu";
import type { Deferrable } from "../../../core/deferrable";
import { images } from "../../../core/versions";
import { checkWritableVolume } from "../common";
import { conversionArgsSchema, type ConversionArgsParsed, type ModelConversionJobArgs } from "./args";

export const CONVERSION_COMPONENT = "ModelConversionJob";

/** A conversion job's arguments after validation, ready to render. */
export interface ConversionResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (an Output when it or the volume's is). */
    readonly args: ConversionArgsParsed;
    readonly gpuResourceName: string;
    /** What the serving side loads, relative to the volume's subPath: FT `<out>/<tp>-gpu`, TRT-LLM `<out>/engine`. */
    readonly modelPath: string;
    /** Absolute paths inside the container. */
    readonly dirs: { readonly source: string; readonly output: string; readonly model: string };
}

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));

/** The image the conversion runs: `image`, else the pinned TensorRT-LLM or FasterTransformer image of `backend`. */
export function conversionImage(a: ConversionArgsParsed): Deferrable<string> {
    return a.image ?? (a.backend === "tensorrtllm" ? images.tensorRtLlmBuild : images.fasterTransformerConvert);
}

export function resolveConversionArgs(name: string, raw: ModelConversionJobArgs): ConversionResolved {
    const { parsed, problems } = beginResolve(CONVERSION_COMPONENT, name, NAME(), conversionArgsSchema(), raw);
    const namespace = checkWritableVolume(CONVERSION_COMPONENT, parsed, conversionImage(parsed), problems);
    checkPoolSelector(parsed.gpuPool, parsed.nodeSelector, "nodeSelector", problems);
    const args: ConversionArgsParsed = namespace === parsed.namespace ? parsed : { ...parsed, namespace };

    const trt = args.backend === "tensorrtllm";
    if (trt && !args.tensorRtLlm) problems.add("tensorRtLlm", "backend 'tensorrtllm' needs tensorRtLlm.model (the converter to run)");
    if (!trt && args.tensorRtLlm) problems.add("tensorRtLlm", "only used with backend 'tensorrtllm'");
    if (!trt && args.pipelineParallel > 1) problems.add("pipelineParallel", "FasterTransformer's converter splits for tensor parallelism only");
    if (!trt && args.dtype === "bf16") problems.add("dtype", "FasterTransformer's BLOOM converter writes fp16 or fp32 only");
    if (trt && args.gpus.count < 1) problems.add("gpus.count", "trtllm-build compiles the engines on a GPU: give at least 1");
    const source = joinPath(args.source.path);
    const output = joinPath(args.output.path);
    if (source === output || output.startsWith(`${source}/`) || source.startsWith(`${output}/`)) {
        problems.add("output.path", `must not be inside the source checkpoint '${source}' or contain it`);
    }
    const poolResource = args.gpuPool?.gpuResourceName;
    const gpuResourceName = args.gpus.resourceName ?? (poolResource && !GPU_MEMORY_RESOURCES.has(poolResource) ? poolResource : NVIDIA_GPU);
    if (GPU_MEMORY_RESOURCES.has(gpuResourceName)) {
        problems.add("gpus.resourceName", `${gpuResourceName} is a share of GPU memory: conversion needs whole GPUs`);
    }
    problems.throwIfAny(CONVERSION_COMPONENT);

    const modelPath = trt ? joinPath(output, "engine") : joinPath(output, `${args.tensorParallel}-gpu`);
    const abs = (p: string) => "/" + joinPath(args.volume.mountPath, args.volume.subPath, p);
    return { name, args, gpuResourceName, modelPath, dirs: { source: abs(source), output: abs(output), model: abs(modelPath) } };
}
