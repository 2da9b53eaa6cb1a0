/**
 * The models listed in `models`: one serving component each, named after the entry, on the entry's
 * GPU pool, in the platform's namespace, with a `path` source read from the model bucket.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ModelVolumeRef } from "../core/model-volume";
import {
    DjlServingService,
    OpenLlmService,
    RayLLMApp,
    TritonInferenceService,
    VllmInferenceService,
    type DjlServingServiceArgs,
    type OpenLlmServiceArgs,
    type RayLLMAppArgs,
    type TritonInferenceServiceArgs,
    type VllmInferenceServiceArgs,
} from "../kubernetes";
import { resolveDjlArgs, resolveOpenLlmArgs, resolveRayLlmArgs, resolveTritonArgs, resolveVllmArgs } from "../render";
import { ingressClassPeers } from "../serving/common/network-policy";
import type { ConfigCheck, Rename } from "./check";
import type { ClusterLayer, ClusterPlan } from "./cluster";
import type { ModelConfig, StackConfig } from "./config";
import type { PlatformLayer } from "./platform";

/** One model's component and its checked arguments. */
export type ModelPlan = { readonly name: string; readonly usesVolume: boolean } & (
    | { readonly server: "vllm"; readonly args: VllmInferenceServiceArgs }
    | { readonly server: "ray"; readonly args: RayLLMAppArgs }
    | { readonly server: "djl"; readonly args: DjlServingServiceArgs }
    | { readonly server: "triton"; readonly args: TritonInferenceServiceArgs }
    | { readonly server: "openllm"; readonly args: OpenLlmServiceArgs }
);

/** The component's own arguments of an entry (without its name, server and pool). */
function componentArgs<M extends ModelConfig>({ name: _name, server: _server, pool: _pool, ...args }: M) {
    return args;
}

/** Where a component's argument comes from in the config of `models[i]`. */
function renamer(i: number): Rename {
    const at = `models[${i}]`;
    return (path) => {
        if (path === "namespace") return "namespace";
        if (/^(workerGroups\[\d+\]\.)?gpuPool\b/.test(path)) return `${at}.pool`;
        if (path.startsWith("operator")) return "kuberay";
        // The program mounts the model bucket for a `path` source.
        return `${at}.${path.replace(/\bsource\.volume(\..*)?$/, "source.path")}`;
    };
}

/**
 * A KServe Standard model behind the platform's Ingress class: its NetworkPolicy admits that
 * class's controller (the component's default is KServe's own `istio`). Unchanged when the
 * model sets `platformFrom` itself, turns the policy off, or the class has no known namespace.
 */
function kserveIngressPolicy(config: StackConfig, a: Omit<VllmInferenceServiceArgs, "namespace">): VllmInferenceServiceArgs["networkPolicy"] {
    const className = config.kserve.ingress?.className;
    const standard = (a.mode ?? "kserve") === "kserve" && (a.kserve?.deploymentMode ?? "Standard") === "Standard";
    if (!standard || className === undefined || a.networkPolicy?.enabled === false || a.networkPolicy?.platformFrom !== undefined) return a.networkPolicy;
    const peers = ingressClassPeers(className);
    return peers ? { ...a.networkPolicy, platformFrom: peers } : a.networkPolicy;
}

/** Builds every model's arguments and checks them with the component's own validation. */
export function planModels(config: StackConfig, cluster: ClusterPlan, volume: ModelVolumeRef, check: ConfigCheck): ModelPlan[] {
    const namespace = config.namespace;
    const [firstPool] = cluster.pools.keys();
    return config.models.map((m, i) => {
        const name = m.name;
        const gpuPool = cluster.pools.get(m.pool ?? firstPool);
        let usesVolume = false;
        // `path` is inside the model bucket: the component mounts the platform's volume.
        const source = <S extends { path?: string }>({ path, ...other }: S) => {
            if (path === undefined) return other;
            usesVolume = true;
            return { volume, path };
        };
        const component = ((): Omit<ModelPlan, "name" | "usesVolume"> => {
            switch (m.server) {
                case "vllm": {
                    const a = componentArgs(m);
                    const networkPolicy = kserveIngressPolicy(config, a);
                    return {
                        server: m.server,
                        args: { ...a, namespace, gpuPool, model: { ...a.model, source: source(a.model.source) }, ...(networkPolicy ? { networkPolicy } : {}) },
                    };
                }
                case "ray": {
                    const a = componentArgs(m);
                    const models = (a.models ?? []).map((llm) => ({ ...llm, source: source(llm.source) }));
                    const workerGroups = a.workerGroups.map((group) => ({ ...group, gpuPool }));
                    // The platform's operator (or the cluster's own) runs it: the app installs none.
                    // Its namespace is where the NetworkPolicy lets the operator reach the dashboard from.
                    return {
                        server: m.server,
                        args: { ...a, namespace, workerGroups, models, operator: { install: false, namespace: config.kuberay.namespace } },
                    };
                }
                case "djl": {
                    const a = componentArgs(m);
                    return { server: m.server, args: { ...a, namespace, gpuPool, model: { ...a.model, source: source(a.model.source) } } };
                }
                case "triton": {
                    const a = componentArgs(m);
                    return { server: m.server, args: { ...a, namespace, gpuPool, model: { ...a.model, source: source(a.model.source) } } };
                }
                case "openllm":
                    return { server: m.server, args: { ...componentArgs(m), namespace, gpuPool } };
            }
        })();
        const plan = { name, usesVolume, ...component } as ModelPlan;
        check.resolve(`models[${i}]`, () => resolveModel(plan), renamer(i));
        return plan;
    });
}

function resolveModel(plan: ModelPlan): unknown {
    switch (plan.server) {
        case "vllm":
            return resolveVllmArgs(plan.name, plan.args);
        case "ray":
            return resolveRayLlmArgs(plan.name, plan.args);
        case "djl":
            return resolveDjlArgs(plan.name, plan.args);
        case "triton":
            return resolveTritonArgs(plan.name, plan.args);
        case "openllm":
            return resolveOpenLlmArgs(plan.name, plan.args);
    }
}

/** Where a model is reached: in the cluster, and from outside when it is exposed. */
export interface ModelEndpoint {
    readonly server: ModelPlan["server"];
    readonly url: pulumi.Output<string | undefined>;
    readonly externalUrl?: pulumi.Output<string | undefined>;
}

export function modelLayer(plans: readonly ModelPlan[], cluster: ClusterLayer, platform: PlatformLayer): Record<string, ModelEndpoint> {
    const endpoints: Record<string, ModelEndpoint> = {};
    for (const plan of plans) {
        const { name, server } = plan;
        const opts = {
            ...(cluster.provider ? { provider: cluster.provider } : {}),
            dependsOn: [platform.namespace, ...(plan.usesVolume ? [platform.models] : [])],
        };
        switch (plan.server) {
            case "vllm": {
                // On KServe it waits for the stack this program installs (none when the cluster runs KServe already).
                const kserve = (plan.args.mode ?? "kserve") === "kserve" ? platform.kserve : undefined;
                const svc = new VllmInferenceService(name, plan.args, { ...opts, platform: kserve });
                endpoints[name] = { server, url: svc.openAiBaseUrl, externalUrl: svc.externalUrl };
                break;
            }
            case "ray": {
                const app = new RayLLMApp(name, plan.args, { ...opts, platform: platform.kuberay });
                endpoints[name] = { server, url: app.openAiBaseUrl };
                break;
            }
            case "djl": {
                const svc = new DjlServingService(name, plan.args, opts);
                endpoints[name] = { server, url: svc.predictUrl, externalUrl: svc.externalUrl };
                break;
            }
            case "triton": {
                const svc = new TritonInferenceService(name, plan.args, opts);
                endpoints[name] = { server, url: svc.modelUrl, externalUrl: svc.externalUrl };
                break;
            }
            case "openllm": {
                const svc = new OpenLlmService(name, plan.args, opts);
                endpoints[name] = { server, url: svc.openAiBaseUrl, externalUrl: svc.externalUrl };
                break;
            }
        }
    }
    return endpoints;
}
