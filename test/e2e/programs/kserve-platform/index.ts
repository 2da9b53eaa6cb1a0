// KServe (cert-manager, CRDs, controller, serving runtimes) in Standard mode from a directory of
// charts, as `examples/kserve-stack` installs it, without a model: the platform that
// examples/kserve-vllm expects on its cluster.
import * as pulumi from "@pulumi/pulumi";
import { KServeStack } from "pulumi-llm-serving/kubernetes";

const config = new pulumi.Config();
const platform = new KServeStack("platform", {
    deploymentMode: "Standard",
    ingress: { domain: "example.com" },
    registries: { charts: config.require("chartRepository") },
});

export const kserveNamespace = platform.namespace;
