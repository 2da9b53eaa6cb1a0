import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { EvaluatedProgram, PlannedResource } from "./evaluate";

/** Kinds applied first, so `kubectl apply -f kubernetes.yaml` succeeds in one pass; custom resources go last. */
const KIND_ORDER = [
    "Namespace",
    "CustomResourceDefinition",
    "ServiceAccount",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Secret",
    "ConfigMap",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Service",
    "Job",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "Ingress",
];

const HELM_RELEASE = /^kubernetes:helm\.sh\/v\d+:Release$/;

/** The files an offline plan writes (plan.json and the YAML of each layer). */
export interface PlanFiles {
    /** Kubernetes objects in apply order, as `kubectl apply` takes them. */
    readonly kubernetes: {
        type: string;
        name: string;
        object: Record<string, any>;
        unknowns: string[];
        parent: string;
        retainOnDelete: boolean;
        aliases?: string[];
    }[];
    /** Helm releases the program installs (chart, version, values). */
    readonly helmReleases: PlannedResource[];
    /** Cloud resources and providers, with their inputs. */
    readonly cloud: PlannedResource[];
    /** Component resources, as a tree of names. */
    readonly components: { type: string; name: string; parent: string; aliases?: string[] }[];
    readonly outputs: Record<string, unknown>;
}

export function isKubernetesObject(r: PlannedResource): boolean {
    return r.custom && r.type.startsWith("kubernetes:") && !HELM_RELEASE.test(r.type) && typeof r.inputs.kind === "string";
}

function kindRank(kind: string, apiVersion: string): number {
    const i = KIND_ORDER.indexOf(kind);
    if (i >= 0) return i;
    return apiVersion.includes(".") && !apiVersion.includes("k8s.io") ? KIND_ORDER.length + 1 : KIND_ORDER.length;
}

/** Splits the registrations into the plan's sections, in a deterministic order. */
export function planFiles(program: EvaluatedProgram): PlanFiles {
    const indexed = program.resources.map((r, i) => ({ r, i }));
    const kubernetes = indexed
        .filter(({ r }) => isKubernetesObject(r))
        .sort((a, b) => {
            const ka = kindRank(a.r.inputs.kind as string, a.r.inputs.apiVersion as string);
            const kb = kindRank(b.r.inputs.kind as string, b.r.inputs.apiVersion as string);
            return ka - kb || a.r.name.localeCompare(b.r.name);
        })
        .map(({ r }) => ({
            type: r.type,
            name: r.name,
            object: r.inputs as Record<string, any>,
            unknowns: r.unknowns,
            parent: r.parent,
            retainOnDelete: r.retainOnDelete,
            ...(r.aliases ? { aliases: r.aliases } : {}),
        }));
    const byName = (a: PlannedResource, b: PlannedResource) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type);
    return {
        kubernetes,
        helmReleases: program.resources.filter((r) => r.custom && HELM_RELEASE.test(r.type)).sort(byName),
        cloud: program.resources.filter((r) => r.custom && !r.type.startsWith("kubernetes:")).sort(byName),
        components: program.resources
            .filter((r) => !r.custom)
            .map((r) => ({ type: r.type, name: r.name, parent: r.parent, ...(r.aliases ? { aliases: r.aliases } : {}) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        outputs: program.outputs,
    };
}

const YAML_OPTIONS = { sortMapEntries: true, lineWidth: 0 } as const;

function yamlDocs(docs: unknown[]): string {
    return docs.map((d) => stringify(d, YAML_OPTIONS)).join("---\n");
}

function summary(program: EvaluatedProgram, files: PlanFiles): string {
    const lines = [
        `# Plan: ${program.project} (stack ${program.stack})`,
        "",
        "Written offline by `llm-serving-plan` under the Pulumi mock runtime: no cloud account, no cluster.",
        "Values shown as `(known after deploy)` are computed by the cloud or the cluster and are not guessed; secrets show as `[secret]`.",
        "",
        `- Kubernetes objects: ${files.kubernetes.length} (kubernetes.yaml, in apply order)`,
        `- Helm releases: ${files.helmReleases.length} (helm-releases.yaml)`,
        `- Cloud resources: ${files.cloud.length} (cloud.yaml)`,
        `- Components: ${files.components.length}`,
        "",
        "## Components",
        ...files.components.map((c) => `- ${c.name} (${c.type})${c.parent ? ` in ${c.parent}` : ""}`),
    ];
    const unknown = [
        ...files.kubernetes.flatMap((k) => k.unknowns.map((u) => `- ${k.object.kind} ${k.name}: ${u}`)),
        ...files.helmReleases.flatMap((k) => k.unknowns.map((u) => `- Helm release ${k.name}: ${u}`)),
        ...files.cloud.flatMap((c) => c.unknowns.map((u) => `- ${c.type} ${c.name}: ${u}`)),
    ];
    if (unknown.length > 0) lines.push("", "## Known only after deploy", ...unknown);
    return lines.join("\n") + "\n";
}

/** Writes the plan: kubernetes.yaml, helm-releases.yaml, cloud.yaml, outputs.yaml, summary.md, plan.json. */
export function writePlan(program: EvaluatedProgram, outDir: string): PlanFiles {
    const files = planFiles(program);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const resourceDoc = (r: PlannedResource) => ({ type: r.type, name: r.name, parent: r.parent, retainOnDelete: r.retainOnDelete, inputs: r.inputs });
    fs.writeFileSync(path.join(outDir, "kubernetes.yaml"), yamlDocs(files.kubernetes.map((k) => k.object)));
    fs.writeFileSync(path.join(outDir, "helm-releases.yaml"), yamlDocs(files.helmReleases.map(resourceDoc)));
    fs.writeFileSync(path.join(outDir, "cloud.yaml"), yamlDocs(files.cloud.map(resourceDoc)));
    fs.writeFileSync(path.join(outDir, "outputs.yaml"), stringify(files.outputs, YAML_OPTIONS));
    fs.writeFileSync(path.join(outDir, "summary.md"), summary(program, files));
    fs.writeFileSync(path.join(outDir, "plan.json"), JSON.stringify({ project: program.project, stack: program.stack, ...files }, null, 2) + "\n");
    return files;
}
