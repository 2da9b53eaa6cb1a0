import type { PolicyResource } from "@pulumi/policy";
import type { Container, PodSpec } from "./pods";
import { mountedConfigMaps, podSpecs } from "./pods";
import { T } from "./types";

/** One container of a workload in the stack, with the text of the ConfigMaps it mounts. */
export interface StackContainer {
    readonly resource: PolicyResource;
    readonly pod: PodSpec;
    readonly container: Container;
    readonly files: string[];
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? "default"}/${name}`;

/** Every container of every workload the stack declares. */
export function stackContainers(resources: PolicyResource[]): StackContainer[] {
    const configMaps = new Map<string, string[]>();
    for (const r of resources.filter((r) => r.type === T.configMap)) {
        const name = r.props.metadata?.name;
        if (typeof name === "string") configMaps.set(key(r.props.metadata?.namespace, name), Object.values<string>(r.props.data ?? {}));
    }
    const out: StackContainer[] = [];
    for (const resource of resources) {
        for (const pod of podSpecs(resource.type, resource.props)) {
            for (const container of pod.containers) {
                const files = mountedConfigMaps(pod, container).flatMap((n) => configMaps.get(key(resource.props.metadata?.namespace, n)) ?? []);
                out.push({ resource, pod, container, files });
            }
        }
    }
    return out;
}

export function describeContainer(s: Pick<StackContainer, "pod" | "container">): string {
    return `container '${s.container.name ?? "?"}' (${s.pod.at})`;
}
