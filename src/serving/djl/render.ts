import { isKnown, text, type Deferrable } from "../../core/deferrable";
import { contentName, standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { images } from "../../core/versions";
import { externalUrl } from "../common/exposure";
import { ENGINE_METRICS } from "../common/metrics";
import { httpNetworkTarget, renderNetworkPolicy, type NetworkPolicyRole } from "../common/network-policy";
import { renderHttpService, renderServingDeployment, renderWorkloadFeatures, type HttpWorkload, type WorkloadFeatureRole } from "../common/workload";
import {
    containerResources,
    defaultShmSize,
    modelClaimMount,
    modelClaimVolume,
    readinessProbe,
    secretEnv,
    shmMount,
    shmVolume,
    startupProbe,
} from "../common/pod";
import { renamedSetting } from "../common/renamed-settings";
import { HANDLER_FILE, servingPropertiesText, servingPropertyEntries } from "./serving-properties";
import { renderServiceAccount } from "../common/pod-security";
import type { DjlResolved } from "./validate";

export const DJL_PORT = 8080;
/** DJLServing loads every model directory under its model store. */
export const MODEL_STORE = "/opt/ml/model";
const CONFIG_VOLUME = "djl-config";
/**
 * DJLServing's log4j2 configuration writes `serving.log` and `access.log` under
 * `$MODEL_SERVER_HOME/logs` (`/opt/djl` in its images; djl-serving `serving/src/main/conf/log4j2.xml`):
 * writable under a read-only root filesystem. Its other caches are under /tmp in the LMI image
 * (`DJL_CACHE_DIR`, `HF_HOME`), which the shared writable mounts cover.
 */
export const DJL_LOG_DIR = "/opt/djl/logs";
const LOG_VOLUME = "djl-logs";
/** Time DJLServing itself (JVM, Python workers, MPI) takes before the model starts loading. */
export const SERVER_START_SECONDS = 120;

function labels(r: DjlResolved): Record<string, string> {
    return standardLabels(r.name, "djl-serving", r.args.labels);
}

export function configMapName(r: DjlResolved): string {
    return contentName(`${r.name}-djl-config`, djlConfigData(r));
}

/** The image for the engine: the DeepSpeed container for `deepspeed`, LMI for the rest (trtllm brings its own). */
export function djlImage(r: DjlResolved): Deferrable<string> {
    if (r.args.image) return r.args.image;
    return r.args.engine === "deepspeed" ? images.djlServingDeepSpeed : images.djlServingLmi;
}

/** `serving.properties` (and `model.py`) as ConfigMap data. */
export function djlConfigData(r: DjlResolved): Record<string, string> {
    const entries = servingPropertyEntries(r.args, r.modelId, r.handlerSource !== undefined);
    return {
        "serving.properties": servingPropertiesText(entries),
        ...(r.handlerSource !== undefined ? { [HANDLER_FILE]: r.handlerSource } : {}),
    };
}

export function renderConfigMap(r: DjlResolved): KubeObject {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: configMapName(r), namespace: r.args.namespace, labels: labels(r) },
        data: djlConfigData(r),
    };
}

export function renderDeployment(r: DjlResolved): KubeObject {
    const a = r.args;
    const volume = a.model.source.volume;
    const env = [...(a.metrics ? [{ name: "SERVING_PROMETHEUS", value: "true" }] : []), ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : [])];
    const startupBudget = Math.max(a.startupTimeoutSeconds, a.model.loadingTimeoutSeconds + SERVER_START_SECONDS);
    // A changed serving.properties or handler is another ConfigMap (contentName): the pods roll.
    return renderServingDeployment(r, "djl-serving", {
        containers: [
            {
                name: "djl-serving",
                image: djlImage(r),
                ports: [{ name: "http", containerPort: DJL_PORT, protocol: "TCP" }],
                ...(env.length > 0 ? { env } : {}),
                resources: containerResources(a, r.gpu),
                startupProbe: startupProbe("/ping", DJL_PORT, startupBudget),
                readinessProbe: readinessProbe("/ping", DJL_PORT),
                livenessProbe: { httpGet: { path: "/ping", port: DJL_PORT }, periodSeconds: 30, failureThreshold: 3, timeoutSeconds: 5 },
                volumeMounts: [
                    shmMount(),
                    { name: CONFIG_VOLUME, mountPath: `${MODEL_STORE}/${r.modelName}`, readOnly: true },
                    { name: LOG_VOLUME, mountPath: DJL_LOG_DIR },
                    ...(volume ? [modelClaimMount(volume)] : []),
                ],
            },
        ],
        volumes: [
            shmVolume(a.shmSize ?? defaultShmSize(r.gpu)),
            { name: CONFIG_VOLUME, configMap: { name: configMapName(r) } },
            { name: LOG_VOLUME, emptyDir: { sizeLimit: "1Gi" } },
            ...(volume ? [modelClaimVolume(volume)] : []),
        ],
    });
}

export function renderService(r: DjlResolved): KubeObject {
    return renderHttpService(workload(r));
}

function workload(r: DjlResolved): HttpWorkload {
    return { name: r.name, namespace: r.args.namespace, labels: labels(r), component: "djl-serving", port: DJL_PORT, metricsPath: ENGINE_METRICS.djl.path };
}

/** Roles of DjlServingService's children. */
export type DjlRoles = Roles<"serviceaccount" | "config" | "deployment" | "service", WorkloadFeatureRole | NetworkPolicyRole>;

/** Everything the component registers, by role. Roles never change between versions. */
export function renderDjl(r: DjlResolved): RenderedObject<RoleOf<DjlRoles>>[] {
    const a = r.args;
    const out: RenderedObject<RoleOf<DjlRoles>>[] = [
        { role: "serviceaccount", object: renderServiceAccount(r.name, a.namespace, labels(r)) },
        { role: "config", object: renderConfigMap(r) },
        { role: "deployment", object: renderDeployment(r), dependsOn: ["serviceaccount", "config"] },
        { role: "service", object: renderService(r) },
    ];
    out.push(...renderWorkloadFeatures(workload(r), { exposure: a.exposure, metrics: a.metrics, autoscaling: r.autoscaling }));
    const metricsPort = a.metrics ? ENGINE_METRICS.djl.port : undefined;
    out.push(...renderNetworkPolicy(httpNetworkTarget(workload(r), { exposure: a.exposure, metricsPort }), a.networkPolicy));
    return out;
}

/** In-cluster URL, the inference endpoint and, with exposure, the external URL; Outputs when the namespace is one. */
export function djlUrls(r: DjlResolved): { url: Deferrable<string>; predictUrl: Deferrable<string>; externalUrl?: Deferrable<string> } {
    const url = text`http://${r.name}.${r.args.namespace}.svc.cluster.local:${DJL_PORT}`;
    return {
        url,
        predictUrl: text`${url}/predictions/${r.modelName}`,
        ...(r.args.exposure ? { externalUrl: externalUrl(r.args.exposure) } : {}),
    };
}

/** Preview warnings: DeepSpeed is gone from current LMI releases. */
export function djlWarnings(r: DjlResolved): string[] {
    if (r.args.engine !== "deepspeed") return [];
    const image = djlImage(r);
    const which = image === images.djlServingDeepSpeed ? `${image}, the last release with it (DeepSpeed 0.12.6)` : isKnown(image) ? image : "the image given";
    return [
        renamedSetting({
            field: "engine 'deepspeed'",
            engine: "DJLServing LMI",
            note: `DeepSpeed was removed from DJLServing LMI in release 0.28.0, so this service runs ${which}, which gets no updates. Prefer engine 'vllm' or 'lmi-dist' (current LMI, rolling batch).`,
        }),
    ];
}
