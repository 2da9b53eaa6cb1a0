// What both sides of the evaluation benchmark share: the GPU pool and the per-service names.
"use strict";

/** The GPU pool every service schedules on (what GpuCluster hands out as `gpuPools[0].scheduling`). */
const gpuPool = {
    nodeSelector: { "aliyun.accelerator/nvidia_name": "NVIDIA-A10" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    gpuResourceName: "nvidia.com/gpu",
    gpuMemoryGiB: 24,
    gpusPerNode: 1,
    gpuModel: "NVIDIA A10",
};

const serviceName = (i) => `model-${i}`;
const modelPath = (i) => `llama-3.1-8b-instruct-${i}`;

module.exports = { gpuPool, serviceName, modelPath };
