import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { valueOf, childrenOf } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { bloomModels as volume } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { engineEnv } from "../../support/pod-profile";
import type { DjlServingServiceArgs } from "../../../src/serving/djl/args";
import { images } from "../../../src/core/versions";

const { mocks, djl } = loadUnderMocks(["djl"]);

// Preview warnings, captured (the SDK sends them to the engine, which the mock runtime has not).
const warnings: { message: string; resource?: pulumi.Resource }[] = [];
before(async () => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string, resource?: pulumi.Resource) => {
        warnings.push({ message, resource });
    };
});

/** The first source document: Bloom-7B1, fp16, DeepSpeed tensor parallelism 2 on two GPUs. */
const deepspeedBloom: DjlServingServiceArgs = {
    namespace: "llm",
    engine: "deepspeed",
    handler: { builtIn: "deepspeed-bloom" },
    model: {
        source: { volume, path: "bloom-7b1" },
        name: "bloom",
        parameters: 7_069_016_064,
        dtype: "fp16",
        tensorParallelDegree: 2,
        parallelLoading: true,
        loadingTimeoutSeconds: 600,
    },
    gpuPool: {
        nodeSelector: { "aliyun.accelerator/nvidia_name": "NVIDIA-A10" },
        tolerations: [],
        gpuResourceName: "nvidia.com/gpu",
        gpuMemoryGiB: 24,
        gpusPerNode: 2,
    },
};

function byRole(args: DjlServingServiceArgs, name = "bloom") {
    const rendered = djl.renderDjl(djl.resolveDjlArgs(name, args));
    return { rendered, objects: Object.fromEntries(rendered.map((o) => [o.role, o.object as any])) };
}

describe("DjlServingService renders", () => {
    test("the DeepSpeed Bloom-7B1 source: ConfigMap, Deployment on two GPUs, Service; all validate", () => {
        const { rendered, objects } = byRole(deepspeedBloom);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "config", "deployment", "service", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const pod = objects.deployment.spec.template.spec;
        const c = pod.containers[0];
        assert.equal(c.image, "deepjavalibrary/djl-serving:0.27.0-deepspeed");
        assert.equal(c.resources.limits["nvidia.com/gpu"], "2");
        assert.equal(c.resources.requests["nvidia.com/gpu"], "2");
        assert.deepEqual(pod.nodeSelector, { "aliyun.accelerator/nvidia_name": "NVIDIA-A10" });
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) assert.deepEqual(probe.httpGet, { path: "/ping", port: 8080 });
        assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 600 + 120, "the startup budget covers model_loading_timeout");
        const configMount = c.volumeMounts.find((m: any) => m.name === "djl-config");
        assert.equal(configMount.mountPath, "/opt/ml/model/bloom");
        assert.equal(pod.volumes.find((v: any) => v.name === "djl-config").configMap.name, objects.config.metadata.name);
        assert.deepEqual(
            c.volumeMounts.find((m: any) => m.name === "model"),
            { name: "model", mountPath: "/mnt/models", readOnly: true },
        );
        assert.equal(pod.volumes.find((v: any) => v.name === "devshm").emptyDir.sizeLimit, "4Gi");
        const shipped = fs.readFileSync(path.resolve(__dirname, "../../../src/serving/djl/handlers/deepspeed_bloom.py"), "utf8");
        assert.equal(objects.config.data["model.py"], shipped);
        assert.equal(objects.service.spec.ports[0].port, 8080);
    });

    test("the startup budget follows a long model_loading_timeout past startupTimeoutSeconds", () => {
        const { objects } = byRole({ ...deepspeedBloom, model: { ...deepspeedBloom.model, loadingTimeoutSeconds: 3600 } });
        const probe = objects.deployment.spec.template.spec.containers[0].startupProbe;
        assert.ok(probe.periodSeconds * probe.failureThreshold >= 3600 + 120);
    });

    test("a changed serving.properties is another ConfigMap, and the pods roll onto it", () => {
        const a = byRole(deepspeedBloom).objects;
        const b = byRole({ ...deepspeedBloom, model: { ...deepspeedBloom.model, parallelLoading: false } }).objects;
        assert.match(a.config.metadata.name, /^bloom-djl-config-[0-9a-f]{8}$/);
        assert.notEqual(a.config.metadata.name, b.config.metadata.name);
        const configVolume = (o: any) => o.deployment.spec.template.spec.volumes.find((v: any) => v.name === "djl-config").configMap.name;
        assert.equal(configVolume(a), a.config.metadata.name);
        assert.equal(configVolume(b), b.config.metadata.name);
        assert.equal(byRole(deepspeedBloom).objects.config.metadata.name, a.config.metadata.name, "the same config, the same name");
    });

    test("the default engine is vLLM rolling batch in the current LMI image", () => {
        const { objects } = byRole({
            namespace: "llm",
            model: { source: { huggingFaceId: "bigscience/bloom-560m" } },
            hfTokenSecret: { name: "hf", key: "token" },
        });
        const c = objects.deployment.spec.template.spec.containers[0];
        assert.equal(c.image, images.djlServingLmi);
        assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
        assert.deepEqual(engineEnv(c), [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } }]);
        assert.equal(objects.config.data["model.py"], undefined);
        assert.ok(!c.volumeMounts.some((m: any) => m.name === "model"));
    });

    test("exposure, metrics and autoscaling the same way as every serving component", () => {
        const { rendered, objects } = byRole({
            ...deepspeedBloom,
            replicas: { min: 1, max: 2 },
            exposure: { kind: "ingress", host: "bloom.example.com" },
            metrics: {},
            autoscaling: { keda: { prometheusUrl: "http://prometheus.monitoring.svc:9090", query: 'sum(djl_queue{model="bloom"})' } },
        });
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "config", "deployment", "service", "ingress", "servicemonitor", "scaledobject", "networkpolicy"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const c = objects.deployment.spec.template.spec.containers[0];
        assert.deepEqual(engineEnv(c), [{ name: "SERVING_PROMETHEUS", value: "true" }]);
        assert.equal(objects.servicemonitor.spec.endpoints[0].path, "/server/metrics");
        assert.equal(objects.deployment.spec.replicas, undefined);
        assert.equal(objects.scaledobject.spec.scaleTargetRef.name, "bloom");
    });

    test("GPU sharing: an ACK GPU-memory share or a MIG instance instead of whole GPUs", () => {
        const share = byRole({ namespace: "llm", model: { source: { volume } }, gpus: { memoryGiB: 12 } }).objects.deployment.spec.template.spec.containers[0];
        assert.deepEqual(share.resources.limits["aliyun.com/gpu-mem"], "12");
        assert.equal(share.resources.limits["nvidia.com/gpu"], undefined);
        const mig = byRole({
            namespace: "llm",
            model: { source: { huggingFaceId: "bigscience/bloom-560m" } },
            gpus: { resourceName: "nvidia.com/mig-1g.10gb" },
        }).objects.deployment.spec.template.spec.containers[0];
        assert.equal(mig.resources.limits["nvidia.com/mig-1g.10gb"], "1");
    });

    test("URLs: the inference endpoint is POST /predictions/<model name>", () => {
        const urls = djl.djlUrls(djl.resolveDjlArgs("bloom", { ...deepspeedBloom, exposure: { kind: "ingress", host: "bloom.example.com" } }));
        assert.equal(urls.predictUrl, "http://bloom.llm.svc.cluster.local:8080/predictions/bloom");
        assert.equal(urls.externalUrl, "http://bloom.example.com");
    });
});

describe("DjlServingService component", () => {
    test("registers <name>-config, -deployment and -service under the component and warns about DeepSpeed", async () => {
        warnings.length = 0;
        const svc = new djl.DjlServingService("ds", deepspeedBloom);
        await mocks.settle();
        assert.equal(mocks.byName("ds").type, "llm-serving:serving:DjlServingService");
        assert.equal(mocks.byName("ds-config").type, "kubernetes:core/v1:ConfigMap");
        assert.equal(mocks.byName("ds-deployment").type, "kubernetes:apps/v1:Deployment");
        assert.equal(mocks.byName("ds-service").type, "kubernetes:core/v1:Service");
        for (const n of ["ds-config", "ds-deployment", "ds-service"]) assert.ok(mocks.byName(n).parent.endsWith("::ds"), n);
        assert.ok(mocks.byName("ds-deployment").dependencies.some((u) => u.endsWith("::ds-config")));
        assert.equal(mocks.byName("ds-serviceaccount").type, "kubernetes:core/v1:ServiceAccount");
        assert.equal(mocks.byName("ds-networkpolicy").type, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.equal(childrenOf(svc).length, 5);
        assert.equal(warnings.length, 1);
        assert.equal(warnings[0].resource, svc);
        assert.match(warnings[0].message, /removed from DJLServing LMI in release 0\.28\.0/);
        assert.match(warnings[0].message, /0\.27\.0-deepspeed/);
        assert.equal(await valueOf(svc.predictUrl), "http://ds.llm.svc.cluster.local:8080/predictions/bloom");
    });

    test("current engines do not warn", async () => {
        warnings.length = 0;
        new djl.DjlServingService("lmi", { namespace: "llm", model: { source: { volume } } });
        await mocks.settle();
        assert.equal(warnings.length, 0);
    });
});
