// Locates the engine binaries built by engine/build.sh.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

export interface EngineBins {
    binDir: string;
    pulumi: string;
    kubernetesProvider: string;
    kubeApiserver: string;
}

/**
 * Returns the bin dir from $LLM_SERVING_ENGINE_BIN, or else asks engine/build.sh
 * where it would put the binaries (without building). Throws with a clear message
 * when they are missing: run `engine/build.sh` first (a cold build takes a while).
 */
export function engineBins(): EngineBins {
    const binDir =
        process.env.LLM_SERVING_ENGINE_BIN ??
        execFileSync("bash", [path.join(repoRoot, "engine", "build.sh"), "--print-bin-dir"], { encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!;
    const bins: EngineBins = {
        binDir,
        pulumi: path.join(binDir, "pulumi"),
        kubernetesProvider: path.join(binDir, "pulumi-resource-kubernetes"),
        kubeApiserver: path.join(binDir, "llm-serving-kube-apiserver"),
    };
    for (const p of [bins.pulumi, bins.kubernetesProvider, bins.kubeApiserver]) {
        if (!fs.existsSync(p)) {
            throw new Error(`engine binary ${p} is missing: run engine/build.sh first (see engine/README.md)`);
        }
    }
    return bins;
}

export interface OperatorBins {
    binDir: string;
    kserveManager: string;
    kuberayOperator: string;
    /** KubeRay's cluster-spec hash of each RayClusterSpec on stdin (engine/operators/kuberay/clusterhash). */
    kuberayClusterHash: string;
    lwsManager: string;
    /** Upstream manifests the twin applies, by operator (engine/operators/build.sh `share`). */
    shareDir: string;
}

/**
 * The operators built by engine/operators/build.sh: from $LLM_SERVING_OPERATORS_BIN, or where
 * the script would put them ({@link requireOperatorFile} checks each before use).
 */
export function operatorBins(): OperatorBins {
    const binDir =
        process.env.LLM_SERVING_OPERATORS_BIN ??
        execFileSync("bash", [path.join(repoRoot, "engine", "operators", "build.sh"), "--print-bin-dir"], { encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!;
    const bins: OperatorBins = {
        binDir,
        kserveManager: path.join(binDir, "kserve-manager"),
        kuberayOperator: path.join(binDir, "kuberay-operator"),
        kuberayClusterHash: path.join(binDir, "kuberay-clusterhash"),
        lwsManager: path.join(binDir, "lws-manager"),
        shareDir: path.join(binDir, "..", "share"),
    };
    return bins;
}

/** Throws unless engine/operators/build.sh produced `file` (a binary or a shared manifest). */
export function requireOperatorFile(file: string): string {
    if (!fs.existsSync(file)) {
        throw new Error(`operator build output ${file} is missing: run engine/operators/build.sh first (see engine/README.md)`);
    }
    return file;
}
