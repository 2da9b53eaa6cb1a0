import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { valueOf, expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { OpenLlmServiceArgs } from "../../../src/serving/openllm/args";

const { mocks, openllm } = loadUnderMocks(["openllm"]);
const warnings: { message: string; resource?: pulumi.Resource }[] = [];

before(async () => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string, resource?: pulumi.Resource) => {
        warnings.push({ message, resource });
    };
});

const base: OpenLlmServiceArgs = { namespace: "llm", model: { tag: "llama3.2:1b" }, hfTokenSecret: { name: "hf", key: "token" } };

function render(args: OpenLlmServiceArgs, name = "chat") {
    const rendered = openllm.renderOpenLlm(openllm.resolveOpenLlmArgs(name, args));
    return { rendered, objects: Object.fromEntries(rendered.map((o) => [o.role, o.object as any])) };
}

/** Runs the container's start script with stand-in `pip` and `openllm` that log their arguments. */
function runStartScript(install: "startup" | "image", failPip = false) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openllm-start-"));
    const log = path.join(dir, "calls.log");
    for (const tool of ["pip", "openllm"]) {
        const fail = tool === "pip" && failPip ? "exit 1" : "exit 0";
        fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n${fail}\n`, { mode: 0o755 });
    }
    const { objects } = render({ ...base, install, ...(install === "image" ? { image: "registry.example.com/openllm:0.6.30" } : {}) });
    const c = objects.deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    const res = spawnSync(c.command[0], c.command.slice(1), { env: { ...env, PATH: `${dir}:/usr/bin:/bin` }, encoding: "utf8" });
    return { status: res.status, calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [] };
}

describe("OpenLlmService renders", () => {
    test("a Deployment running `openllm serve` on port 3000 from the pinned Python image, and a Service; both validate", () => {
        const { rendered, objects } = render(base);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "deployment", "service", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const c = objects.deployment.spec.template.spec.containers[0];
        assert.equal(c.image, "python:3.12.11-slim-bookworm");
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 3000, protocol: "TCP" }]);
        assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
        assert.equal(c.startupProbe.httpGet.path, "/readyz");
        assert.equal(c.livenessProbe.httpGet.path, "/livez");
        const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
        assert.equal(env.BENTOML_DO_NOT_TRACK, "true");
        assert.equal(env.OPENLLM_HOME, "/var/cache/openllm");
        assert.deepEqual(env.HF_TOKEN, { secretKeyRef: { name: "hf", key: "token" } });
        const cache = objects.deployment.spec.template.spec.volumes.find((v: any) => v.name === "openllm-cache");
        assert.deepEqual(cache.emptyDir, { sizeLimit: "100Gi" });
        assert.equal(openllm.openLlmUrls(openllm.resolveOpenLlmArgs("chat", base)).openAiBaseUrl, "http://chat.llm.svc.cluster.local:3000/v1");
    });

    test("the start script installs the pinned openllm, updates the model catalogue, then serves the model", () => {
        const run = runStartScript("startup");
        assert.equal(run.status, 0);
        assert.deepEqual(run.calls, [
            "pip install --user --no-cache-dir --root-user-action=ignore openllm==0.6.30",
            "openllm repo update",
            "openllm serve llama3.2:1b --port 3000",
        ]);
    });

    test("with install 'image' nothing is installed; a failed install stops the start", () => {
        assert.deepEqual(runStartScript("image").calls, ["openllm repo update", "openllm serve llama3.2:1b --port 3000"]);
        const failed = runStartScript("startup", true);
        assert.notEqual(failed.status, 0);
        assert.deepEqual(failed.calls, ["pip install --user --no-cache-dir --root-user-action=ignore openllm==0.6.30"]);
    });

    test("GPU sharing: on ACK shared-GPU nodes the pod asks for GiB of one GPU (aliyun.com/gpu-mem)", () => {
        const { rendered, objects } = render({
            ...base,
            gpus: { memoryGiB: 8 },
            gpuPool: { nodeSelector: { "llm-serving/pool": "shared" }, tolerations: [], gpuResourceName: "aliyun.com/gpu-mem", gpuMemoryGiB: 24 },
        });
        assertValidKubeObjects(rendered.map((o) => o.object));
        const c = objects.deployment.spec.template.spec.containers[0];
        assert.equal(c.resources.requests["aliyun.com/gpu-mem"], "8");
        assert.equal(c.resources.limits["nvidia.com/gpu"], undefined);
        assert.equal(objects.deployment.spec.template.spec.volumes[0].emptyDir.sizeLimit, "2Gi");
        expectArgError(
            () =>
                openllm.resolveOpenLlmArgs("a", {
                    ...base,
                    gpus: { memoryGiB: 32 },
                    gpuPool: { nodeSelector: {}, tolerations: [], gpuResourceName: "aliyun.com/gpu-mem", gpuMemoryGiB: 24 },
                }),
            "gpus.memoryGiB",
        );
    });

    test("exposure, metrics and autoscaling the same way as every serving component", () => {
        const { rendered, objects } = render({
            ...base,
            replicas: { min: 1, max: 2 },
            exposure: { kind: "gatewayApi", host: "chat.example.com", gatewayApi: { gateway: { name: "public", namespace: "gateways", scheme: "https" } } },
            metrics: { monitor: "podMonitor" },
            autoscaling: { keda: { prometheusUrl: "http://prometheus.monitoring.svc:9090", query: "sum(bentoml_service_request_in_progress)" } },
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "deployment", "service", "httproute", "podmonitor", "scaledobject", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        assert.equal(objects.podmonitor.spec.podMetricsEndpoints[0].path, "/metrics");
        assert.equal(objects.httproute.spec.rules[0].backendRefs[0].port, 3000);
    });
});

describe("OpenLlmService component", () => {
    test("registers <name>-deployment and <name>-service under the component and warns that OpenLLM is barely maintained", async () => {
        warnings.length = 0;
        const svc = new openllm.OpenLlmService("ol", base);
        await mocks.settle();
        assert.equal(mocks.byName("ol").type, "llm-serving:serving:OpenLlmService");
        assert.equal(mocks.byName("ol-deployment").type, "kubernetes:apps/v1:Deployment");
        assert.equal(mocks.byName("ol-service").type, "kubernetes:core/v1:Service");
        assert.ok(mocks.byName("ol-deployment").parent.endsWith("::ol"));
        assert.equal(warnings.length, 1);
        assert.equal(warnings[0].resource, svc);
        assert.match(warnings[0].message, /minimally maintained/);
        assert.match(warnings[0].message, /VllmInferenceService/);
        assert.equal(await valueOf(svc.openAiBaseUrl), "http://ol.llm.svc.cluster.local:3000/v1");
    });
});

describe("bad OpenLlmService arguments name the field", () => {
    const cases: [string, OpenLlmServiceArgs, string][] = [
        ["model with a space", { ...base, model: { tag: "llama 3" } }, "model.tag"],
        ["shell characters in the model", { ...base, model: { tag: "llama3;rm" } }, "model.tag"],
        ["misspelt argument", { ...base, models: {} } as OpenLlmServiceArgs, "models"],
        ["install from an image that is not given", { ...base, install: "image" }, "image"],
        ["unknown install", { ...base, install: "pip" as "image" }, "install"],
        ["bad cache size", { ...base, cacheSize: "lots" }, "cacheSize"],
        ["API key (OpenLLM does not check one)", { ...base, apiKeySecret: { name: "k", key: "v" } }, "apiKeySecret"],
        ["scale to zero", { ...base, replicas: { min: 0 } }, "replicas.min"],
        [
            "autoscaling without a query",
            { ...base, replicas: { min: 1, max: 3 }, metrics: {}, autoscaling: { keda: { prometheusUrl: "http://p:9090" } } },
            "autoscaling.keda.query",
        ],
        ["exposure block of another kind", { ...base, exposure: { kind: "ingress", host: "a.example.com", istio: {} } }, "exposure.istio"],
        ["GPU memory share with whole GPUs", { ...base, gpus: { count: 1, memoryGiB: 8 } }, "gpus.memoryGiB"],
    ];
    for (const [title, args, field] of cases) {
        test(title, () => {
            const before = mocks.registered.length;
            expectArgError(() => new openllm.OpenLlmService("bad", args), field);
            assert.equal(mocks.registered.length, before, "nothing registered");
        });
    }
});

describe("the source document's OpenLLM 0.4 model ids: refused with what OpenLLM 0.6.30 calls them", () => {
    const reason = (tag: string) => {
        const err = expectArgError(() => openllm.resolveOpenLlmArgs("ol", { ...base, model: { tag } }), "model.tag");
        return err.errors.find((e) => e.propertyPath === "model.tag")!.reason;
    };

    test("a Hugging Face id (openllm start <model_id> / --model-id) names the 0.6 form and the vLLM alternative", () => {
        const r = reason("facebook/opt-1.3b");
        assert.match(r, /Hugging Face id, as OpenLLM 0\.4's `openllm start <model_id>`/);
        assert.match(r, /OpenLLM 0\.6\.30 \(`openllm serve <name>:<version>`\)/);
        assert.match(r, /VllmInferenceService/);
    });

    test("a 0.4 model name says what 0.6 calls the family, or that it has none", () => {
        assert.match(reason("llama"), /renamed it to llama2, llama3, llama3\.1 or llama3\.2/);
        assert.match(reason("opt"), /dropped it; its default model repository has no such model/);
        // 0.6 kept the name mistral: without a version several Bentos match and `openllm serve` exits.
        assert.match(reason("mistral"), /mistral with a version/);
    });

    test("0.6 models are accepted and rendered as `openllm serve <tag>`", () => {
        const r = openllm.resolveOpenLlmArgs("ol", { ...base, model: { tag: "mistral:7b-instruct" } });
        const dep = openllm.renderOpenLlm(r).find((o) => o.role === "deployment")!.object as any;
        const env = dep.spec.template.spec.containers[0].env;
        assert.equal(env.find((e: any) => e.name === "LLM_SERVING_MODEL").value, "mistral:7b-instruct");
        assert.match(dep.spec.template.spec.containers[0].command[2], /exec openllm serve "\$\{LLM_SERVING_MODEL\}" --port 3000/);
    });
});
