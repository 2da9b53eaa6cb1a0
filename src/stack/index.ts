/**
 * The root project's program (Pulumi.yaml `main: src/stack/`): the LLM serving platform of one
 * environment, sized by its stack's configuration (Pulumi.dev.yaml, Pulumi.staging.yaml,
 * Pulumi.prod.yaml). Nothing in the library imports this module; `pulumi up` and the offline plan
 * (`npm run demo`) run it.
 *
 *   config.ts    the config schema (the components' own schemas), read with loadConfig
 *   cluster.ts   a new GpuCluster on ACK or EKS, or an existing cluster
 *   platform.ts  namespace, ModelBucketVolume, KServeStack, KubeRayOperator
 *   models.ts    one serving component per entry of `models`
 *
 * Every component's arguments are checked first, with the component's own validation, so a bad
 * value fails before anything is registered, naming its config key.
 */
import { ConfigCheck } from "./check";
import { clusterLayer, planCluster } from "./cluster";
import { readStackConfig } from "./config";
import { modelLayer, planModels } from "./models";
import { planPlatform, platformLayer } from "./platform";

async function platformProgram(): Promise<Record<string, unknown>> {
    const config = readStackConfig();

    const check = new ConfigCheck();
    const clusterPlan = planCluster(config, check);
    const platformPlan = planPlatform(config, clusterPlan, check);
    // Models are built on the cluster's pools and the volume: checked once those are valid.
    check.throwIfAny();
    const modelPlans = planModels(config, clusterPlan, platformPlan.volumeRef!, check);
    check.throwIfAny();

    const cluster = clusterLayer(config, clusterPlan);
    const platform = platformLayer(config, platformPlan, cluster);
    const models = modelLayer(modelPlans, cluster, platform);
    return { ...cluster.outputs, ...platform.outputs, namespace: config.namespace, models };
}

export = platformProgram;
