import { text, type Deferrable } from "../../core/deferrable";
import { standardLabels, type KubeObject, type RenderedObject, type RoleOf, type Roles } from "../../core/kube";
import { images, platformVersions } from "../../core/versions";
import { externalUrl } from "../common/exposure";
import { ENGINE_METRICS } from "../common/metrics";
import { httpNetworkTarget, renderNetworkPolicy, type NetworkPolicyRole } from "../common/network-policy";
import { renderHttpService, renderServingDeployment, renderWorkloadFeatures, type HttpWorkload, type WorkloadFeatureRole } from "../common/workload";
import { containerResources, defaultShmSize, readinessProbe, secretEnv, shmMount, shmVolume, startupProbe } from "../common/pod";
import { renderServiceAccount } from "../common/pod-security";
import type { OpenLlmResolved } from "./validate";

export const OPENLLM_PORT = 3000;
const CACHE_VOLUME = "openllm-cache";
const CACHE_DIR = "/var/cache/openllm";

function labels(r: OpenLlmResolved): Record<string, string> {
    return standardLabels(r.name, "openllm", r.args.labels);
}

/**
 * The container's start: optionally install the pinned openllm, fetch the model catalogue
 * (`openllm serve` refuses to run before a first `openllm repo update`), then serve. Values come
 * from the environment, so nothing user-given is parsed by the shell.
 */
export function openLlmStartScript(install: "startup" | "image"): string {
    return [
        "set -e",
        // The image's site-packages belong to root and the root filesystem is read-only: install
        // for the user, under the writable HOME, and put its scripts first on PATH.
        ...(install === "startup"
            ? ['pip install --user --no-cache-dir --root-user-action=ignore "openllm==${LLM_SERVING_OPENLLM_VERSION}"', 'export PATH="$HOME/.local/bin:$PATH"']
            : []),
        "openllm repo update",
        `exec openllm serve "\${LLM_SERVING_MODEL}" --port ${OPENLLM_PORT}`,
    ].join("\n");
}

export function renderDeployment(r: OpenLlmResolved): KubeObject {
    const a = r.args;
    const env = [
        { name: "LLM_SERVING_MODEL", value: a.model.tag },
        ...(a.install === "startup" ? [{ name: "LLM_SERVING_OPENLLM_VERSION", value: platformVersions.openllm }] : []),
        { name: "OPENLLM_HOME", value: CACHE_DIR },
        { name: "HF_HOME", value: `${CACHE_DIR}/huggingface` },
        // OpenLLM and BentoML send usage analytics unless told not to.
        { name: "BENTOML_DO_NOT_TRACK", value: "true" },
        ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : []),
    ];
    return renderServingDeployment(r, "openllm", {
        containers: [
            {
                name: "openllm",
                image: a.image ?? images.openLlmRuntime,
                command: ["/bin/sh", "-c", openLlmStartScript(a.install)],
                ports: [{ name: "http", containerPort: OPENLLM_PORT, protocol: "TCP" }],
                env,
                resources: containerResources(a, r.gpu),
                // BentoML answers /readyz once the model is loaded, /livez while the server runs.
                startupProbe: startupProbe("/readyz", OPENLLM_PORT, a.startupTimeoutSeconds),
                readinessProbe: readinessProbe("/readyz", OPENLLM_PORT),
                livenessProbe: { httpGet: { path: "/livez", port: OPENLLM_PORT }, periodSeconds: 30, failureThreshold: 3, timeoutSeconds: 5 },
                volumeMounts: [shmMount(), { name: CACHE_VOLUME, mountPath: CACHE_DIR }],
            },
        ],
        volumes: [shmVolume(a.shmSize ?? defaultShmSize(r.gpu)), { name: CACHE_VOLUME, emptyDir: { sizeLimit: a.cacheSize } }],
    });
}

export function renderService(r: OpenLlmResolved): KubeObject {
    return renderHttpService(workload(r));
}

function workload(r: OpenLlmResolved): HttpWorkload {
    return { name: r.name, namespace: r.args.namespace, labels: labels(r), component: "openllm", port: OPENLLM_PORT, metricsPath: ENGINE_METRICS.openllm.path };
}

/** Roles of OpenLlmService's children. */
export type OpenLlmRoles = Roles<"serviceaccount" | "deployment" | "service", WorkloadFeatureRole | NetworkPolicyRole>;

/** Everything the component registers, by role. Roles never change between versions. */
export function renderOpenLlm(r: OpenLlmResolved): RenderedObject<RoleOf<OpenLlmRoles>>[] {
    const a = r.args;
    const out: RenderedObject<RoleOf<OpenLlmRoles>>[] = [
        { role: "serviceaccount", object: renderServiceAccount(r.name, a.namespace, labels(r)) },
        { role: "deployment", object: renderDeployment(r), dependsOn: ["serviceaccount"] },
        { role: "service", object: renderService(r) },
    ];
    out.push(...renderWorkloadFeatures(workload(r), { exposure: a.exposure, metrics: a.metrics, autoscaling: r.autoscaling }));
    const metricsPort = a.metrics ? ENGINE_METRICS.openllm.port : undefined;
    out.push(...renderNetworkPolicy(httpNetworkTarget(workload(r), { exposure: a.exposure, metricsPort }), a.networkPolicy));
    return out;
}

/** In-cluster URL, OpenAI base URL and, with exposure, the external URL; Outputs when the namespace is one. */
export function openLlmUrls(r: OpenLlmResolved): { url: Deferrable<string>; openAiBaseUrl: Deferrable<string>; externalUrl?: Deferrable<string> } {
    const url = text`http://${r.name}.${r.args.namespace}.svc.cluster.local:${OPENLLM_PORT}`;
    return { url, openAiBaseUrl: text`${url}/v1`, ...(r.args.exposure ? { externalUrl: externalUrl(r.args.exposure) } : {}) };
}

/** Shown at every preview: the upstream project is barely maintained. */
export function openLlmWarning(r: OpenLlmResolved): string {
    const install =
        r.args.install === "startup"
            ? `installs openllm ${platformVersions.openllm} from PyPI, then the model's Bento dependencies, and clones bentoml/openllm-models at start`
            : "installs the model's Bento dependencies and clones bentoml/openllm-models at start";
    return (
        `OpenLLM is minimally maintained upstream (last release v${platformVersions.openllm}, April 2025; later commits are dependency bumps). ` +
        `Each pod ${install}, so it needs internet egress and starts slowly. VllmInferenceService is the suggested replacement.`
    );
}
