/**
 * Runs the root project's program (Pulumi.yaml, `main: src/stack/`) under the mock runtime with a
 * stack's configuration, as `pulumi preview` would: Pulumi.yaml's defaults, then
 * Pulumi.<stack>.yaml, then overrides. One stack per test file: the Pulumi runtime is global.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadProject } from "../../../src/plan/project";
import { REPO_ROOT } from "../../support/kube-schema";
import { installMocks, type MockRecorder, type Registered } from "../../support/mocks";

/** Cloud look-ups the clusters make, answered as a preview would see them. */
const CALLS: Record<string, (inputs: Record<string, any>) => Record<string, any>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: "123456789012",
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/ci",
        userId: "AIDA",
    }),
    "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
    "aws:eks/getClusterAuth:getClusterAuth": (inputs) => ({ id: inputs.name, name: inputs.name, token: "k8s-aws-v1.token" }),
    "alicloud:index/getAccount:getAccount": () => ({ id: "1234567890123456" }),
    "alicloud:cs/getClusterCredential:getClusterCredential": (inputs) => ({ id: inputs.clusterId, clusterId: inputs.clusterId, kubeConfig: "apiVersion: v1" }),
};

export const PROJECT = "llm-platform";

/** Mocks for the project (its config namespace) and stack. */
export function mockStack(stack: string): MockRecorder {
    return installMocks({ project: PROJECT, stack, calls: CALLS });
}

/**
 * Sets the stack's configuration; `overrides` as `pulumi config set` (objects and arrays as JSON),
 * `secrets` as `pulumi config set --secret`.
 */
export function setStackConfig(stack: string, overrides: Record<string, string> = {}, secrets: Record<string, string> = {}): void {
    const project = loadProject(REPO_ROOT, stack, { ...overrides, ...secrets });
    pulumi.runtime.setAllConfig(project.config, [...project.secretKeys, ...Object.keys(secrets).map((k) => `${PROJECT}:${k}`)]);
}

/** Runs the program; its outputs. */
export async function runProgram(): Promise<Record<string, any>> {
    const program: () => Promise<Record<string, any>> = require("../../../src/stack");
    return program();
}

/** The program's error with these overrides (it must fail). */
export async function programError(stack: string, overrides: Record<string, string>): Promise<pulumi.InputPropertiesError> {
    setStackConfig(stack, overrides);
    try {
        await runProgram();
    } catch (err) {
        if (pulumi.InputPropertiesError.isInstance(err)) return err;
        throw err;
    }
    throw new Error(`the program accepted ${JSON.stringify(overrides)}`);
}

/** `Kind/name` of every Kubernetes object registered (not Helm releases, not providers). */
/** What every stack's platform registers before its models, in order: the namespace, and the model volume's PV and claim. */
export const PLATFORM_OBJECTS: readonly string[] = ["Namespace/namespace", "PersistentVolume/models-pv", "PersistentVolumeClaim/models-pvc"];

export function kubeObjects(mocks: MockRecorder): string[] {
    return mocks.registered.filter(isKubeObject).map((r) => `${r.inputs.kind}/${r.name}`);
}

function isKubeObject(r: Registered): boolean {
    return r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/") && r.inputs.kind !== undefined;
}

export function helmReleases(mocks: MockRecorder): string[] {
    return mocks.byType("kubernetes:helm.sh/v3:Release").map((r) => r.name);
}

/** The inputs of the one Kubernetes object of `kind` named `name`. */
export function kubeObject(mocks: MockRecorder, kind: string, name: string): Record<string, any> {
    const found = mocks.registered.filter((r) => isKubeObject(r) && r.inputs.kind === kind && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
    return found[0].inputs;
}

/**
 * Existing-cluster mode (as the e2e test runs it): a GPU node group described by hand, an adopted
 * OSS bucket through an existing RRSA role, KServe and KubeRay already on the cluster, and every
 * serving component.
 */
export const EXISTING = {
    cluster: JSON.stringify({
        existing: { gpuPools: [{ name: "a10", gpuMemoryGiB: 24, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] }] },
    }),
    modelVolume: JSON.stringify({
        cloud: "alicloud",
        region: "cn-hangzhou",
        bucket: { name: "llm-platform-dev-models", create: false },
        oss: { roleName: "llm-oss-reader" },
    }),
    kserve: JSON.stringify({ install: false }),
    kuberay: JSON.stringify({ install: false }),
    models: JSON.stringify([
        { name: "bloom", server: "vllm", model: { source: { path: "bloom-560m" }, parameters: 559214592 } },
        { name: "chat", server: "vllm", mode: "deployment", model: { source: { huggingFaceId: "Qwen/Qwen2.5-0.5B-Instruct" } } },
        { name: "llama", server: "ray", workerGroups: [{ name: "gpu" }], models: [{ id: "llama", source: { path: "llama-2-7b" }, parameters: 6738415616 }] },
        { name: "djl", server: "djl", model: { source: { path: "qwen-7b" }, parameters: 7615616512 } },
        { name: "triton", server: "triton", backend: "vllm", model: { source: { path: "qwen-1.8b" } } },
        { name: "openllm", server: "openllm", model: { tag: "llama3.2:1b" } },
    ]),
};
