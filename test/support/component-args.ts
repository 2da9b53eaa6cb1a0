/**
 * Minimal valid arguments of the components, for the tests that vary one field at a time from them
 * (label rules, the bad-input registry, mount paths, the pod profile). Each call returns fresh objects.
 */
import type { ModelVolumeRef } from "../../src/core/model-volume";
import type { ModelConversionJobArgs } from "../../src/serving/jobs";

/** A GPU pool of 8-GPU H100 nodes, selected by the pool label, without tolerations. */
export const h100Pool = () => ({
    nodeSelector: { "llm-serving/pool": "h100" },
    tolerations: [],
    gpuResourceName: "nvidia.com/gpu",
    gpusPerNode: 8,
    gpuMemoryGiB: 80,
});

/** A RayLLMApp of one Llama-2-7B chat model on one worker group, with the operator installed elsewhere. */
export const rayLlmAppArgs = () => ({
    namespace: "llm",
    workerGroups: [{ name: "gpu", replicas: { min: 1, max: 2 } }],
    models: [
        {
            id: "llama-2-7b-chat",
            source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" },
            engine: { maxModelLen: 4096 },
            autoscaling: { minReplicas: 1, maxReplicas: 2 },
        },
    ],
    operator: { install: false },
});

/** A TrafficSplit of two backends, 80/20, routed through Istio. */
export const trafficSplitArgs = () => ({
    namespace: "llm",
    backends: [
        { name: "v1", service: "chat-v1", port: 8000, weight: 80 },
        { name: "v2", service: "chat-v2", port: 8000, weight: 20 },
    ],
    route: { kind: "istio" as const, host: "chat.example.com" },
});

/** A ModelConversionJob building a TensorRT-LLM engine of a Llama checkpoint at `source` into `output` on `volume` (which must be writable). */
export const conversionArgs = (volume: ModelVolumeRef, source = "llama", output = "llama-trt"): ModelConversionJobArgs => ({
    namespace: "llm",
    volume,
    backend: "tensorrtllm",
    source: { path: source },
    output: { path: output },
    tensorRtLlm: { model: "llama" },
});
