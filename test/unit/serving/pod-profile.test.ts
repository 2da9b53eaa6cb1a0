/**
 * The restricted pod profile (issue 17 §7) on every pod every serving component and model job
 * renders: each rendered object is walked for pod specs (test/support/pod-profile.ts), so no pod
 * is picked by hand. Then the `podSecurity` relaxations take effect, and bad ones name the field.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectArgError } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { modelVolume as volume } from "../../support/volumes";
import { conversionArgs } from "../../support/component-args";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { assertRestrictedPod, renderedPods } from "../../support/pod-profile";
import type { RenderedObject } from "../../../src/core/kube";
import type { ModelVolumeRef } from "../../../src/core/model-volume";
import { images } from "../../../src/core/versions";
import { IMAGE_USERS } from "../../../src/core/image-users";
import { RUN_AS_ROOT_ANNOTATION } from "../../../src/serving/common/pod-security";

const { mocks, vllm, djl, openllm, triton, dist, ray, jobs } = loadUnderMocks(["vllm", "djl", "openllm", "triton", "dist", "ray", "jobs"]);

const writable: ModelVolumeRef = { ...volume, readOnly: false };
const pool = { nodeSelector: { pool: "gpu" }, tolerations: [], gpuResourceName: "nvidia.com/gpu", gpusPerNode: 8, gpuMemoryGiB: 80 };
const vllmModel = { source: { volume, path: "bloom-560m" }, servedModelName: "bloom-560m" };
const rayBase = {
    namespace: "llm",
    workerGroups: [{ name: "a10", replicas: { min: 1, max: 4 }, gpuPool: { ...pool, gpusPerNode: 1, gpuMemoryGiB: 24 } }],
    models: [{ id: "llama", source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" }, engine: { maxModelLen: 4096 } }],
};

/** Every component and mode, with the name its objects are rendered under. */
function cases(): { label: string; name: string; rendered: () => readonly RenderedObject[]; headKeepsToken?: boolean }[] {
    return [
        {
            label: "vLLM on KServe (huggingface runtime)",
            name: "kv",
            rendered: () => vllm.renderVllm(vllm.resolveVllmArgs("kv", { namespace: "llm", model: vllmModel })),
        },
        {
            label: "vLLM on KServe (vLLM runtime, Knative)",
            name: "kn",
            rendered: () =>
                vllm.renderVllm(vllm.resolveVllmArgs("kn", { namespace: "llm", model: vllmModel, kserve: { runtime: "vllm", deploymentMode: "Knative" } })),
        },
        {
            label: "vLLM Deployment",
            name: "vd",
            rendered: () => vllm.renderVllm(vllm.resolveVllmArgs("vd", { namespace: "llm", mode: "deployment", model: vllmModel })),
        },
        {
            label: "DJL Serving",
            name: "dj",
            rendered: () =>
                djl.renderDjl(
                    djl.resolveDjlArgs("dj", { namespace: "llm", model: { source: { volume, path: "bloom-7b1" }, name: "bloom", tensorParallelDegree: 2 } }),
                ),
        },
        {
            label: "OpenLLM",
            name: "ol",
            rendered: () => openllm.renderOpenLlm(openllm.resolveOpenLlmArgs("ol", { namespace: "llm", model: { tag: "llama3.2:1b" } })),
        },
        {
            label: "Triton vLLM backend (with its init container)",
            name: "tv",
            rendered: () =>
                triton.renderTriton(
                    triton.resolveTritonArgs("tv", {
                        namespace: "llm",
                        backend: "vllm",
                        model: { name: "qwen", source: { volume, path: "Qwen2.5-7B-Instruct" } },
                    }),
                ),
        },
        {
            label: "Triton TensorRT-LLM (MPI ranks)",
            name: "tt",
            rendered: () =>
                triton.renderTriton(
                    triton.resolveTritonArgs("tt", {
                        namespace: "llm",
                        backend: "tensorrtllm",
                        model: { source: { volume, path: "llama/engine" }, maxBatchSize: 32 },
                        parallelism: { tensor: 2 },
                    }),
                ),
        },
        {
            label: "DistributedServing leader and workers",
            name: "ds",
            rendered: () =>
                dist.renderDistributed(
                    dist.resolveDistributedArgs("ds", {
                        namespace: "llm",
                        nodes: 2,
                        gpuPool: pool,
                        model: { source: { volume, path: "llama" }, servedModelName: "llama" },
                    }),
                ),
        },
        {
            label: "RayLLMApp head (autoscaler) and workers",
            name: "ra",
            rendered: () => ray.renderRayLlm(ray.resolveRayLlmArgs("ra", rayBase)),
            headKeepsToken: true,
        },
        {
            label: "RayLLMApp without autoscaling",
            name: "rf",
            rendered: () =>
                ray.renderRayLlm(ray.resolveRayLlmArgs("rf", { ...rayBase, workerGroups: [{ ...rayBase.workerGroups[0], replicas: { min: 1, max: 1 } }] })),
        },
        {
            label: "ModelDownloadJob",
            name: "dl",
            rendered: () => jobs.renderDownload(jobs.resolveDownloadArgs("dl", { namespace: "llm", volume: writable, huggingFaceId: "bigscience/bloom-560m" })),
        },
        {
            label: "ModelConversionJob",
            name: "cv",
            rendered: () => jobs.renderConversion(jobs.resolveConversionArgs("cv", conversionArgs(writable))),
        },
    ];
}

describe("the restricted pod profile", () => {
    test("every pod of every component: own ServiceAccount without token, numeric non-root user, read-only root, writable emptyDirs; all validate", () => {
        for (const c of cases()) {
            const rendered = c.rendered();
            assertValidKubeObjects(rendered.map((o) => o.object));
            const sa = rendered.find((o) => o.role === "serviceaccount");
            assert.ok(sa, `${c.label}: a ServiceAccount`);
            assert.equal((sa.object as any).kind, "ServiceAccount");
            assert.equal((sa.object as any).metadata.name, c.name);
            assert.equal((sa.object as any).automountServiceAccountToken, false, `${c.label}: no token on the ServiceAccount`);
            let pods = 0;
            for (const o of rendered) {
                const found = renderedPods(o.object);
                if (found.length > 0) assert.ok(o.dependsOn?.includes("serviceaccount"), `${c.label}: ${o.role} waits for its ServiceAccount`);
                for (const pod of found) {
                    const head = pod.at.includes("headGroupSpec");
                    assertRestrictedPod(pod, c.name, { keepToken: head && c.headKeepsToken === true });
                    pods++;
                }
            }
            assert.ok(pods > 0, `${c.label}: renders pods`);
            const autoscaler = (rendered.find((o) => o.role === "rayservice")?.object as any)?.spec.rayClusterConfig.autoscalerOptions;
            if (c.headKeepsToken) {
                assert.equal(autoscaler.securityContext.readOnlyRootFilesystem, true, "the autoscaler sidecar is restricted too");
                assert.deepEqual(
                    autoscaler.volumeMounts.map((m: any) => m.mountPath),
                    ["/tmp", "/home/llm-serving"],
                );
            } else assert.equal(autoscaler, undefined);
        }
    });

    test("users by image: the table's, 1000:100 for Ray, 1000:1000 for an image the library does not know", () => {
        const user = (rendered: readonly RenderedObject[]) =>
            renderedPods(rendered.find((o) => renderedPods(o.object).length > 0)!.object)[0].spec.securityContext;
        const r = ray.renderRayLlm(ray.resolveRayLlmArgs("r", rayBase));
        assert.deepEqual([user(r).runAsUser, user(r).runAsGroup, user(r).fsGroup], [IMAGE_USERS.rayLlm!.uid, IMAGE_USERS.rayLlm!.gid, IMAGE_USERS.rayLlm!.gid]);
        assert.deepEqual([IMAGE_USERS.rayLlm!.uid, IMAGE_USERS.rayLlm!.gid], [1000, 100]);
        const own = vllm.renderVllm(vllm.resolveVllmArgs("o", { namespace: "llm", mode: "deployment", model: vllmModel, image: "example.com/vllm:1" }));
        assert.deepEqual([user(own).runAsUser, user(own).runAsGroup], [1000, 1000]);
        for (const key of Object.keys(images) as (keyof typeof images)[]) {
            if (key === "kserveRbacProxy") continue; // not a pod the library renders
            assert.ok(IMAGE_USERS[key], `${key} has a row in IMAGE_USERS`);
        }
    });

    test("podSecurity takes effect: another user, group and fsGroup; a writable root filesystem", () => {
        const podSecurity = { runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000, readOnlyRootFilesystem: false };
        const all = [
            vllm.renderVllm(vllm.resolveVllmArgs("a", { namespace: "llm", model: vllmModel, podSecurity })),
            vllm.renderVllm(vllm.resolveVllmArgs("b", { namespace: "llm", mode: "deployment", model: vllmModel, podSecurity })),
            ray.renderRayLlm(ray.resolveRayLlmArgs("c", { ...rayBase, podSecurity })),
            jobs.renderDownload(jobs.resolveDownloadArgs("d", { namespace: "llm", volume: writable, huggingFaceId: "bigscience/bloom-560m", podSecurity })),
            triton.renderTriton(
                triton.resolveTritonArgs("e", { namespace: "llm", backend: "vllm", model: { name: "q", source: { volume, path: "q" } }, podSecurity }),
            ),
        ];
        for (const rendered of all) {
            assertValidKubeObjects(rendered.map((o) => o.object));
            for (const pod of rendered.flatMap((o) => renderedPods(o.object))) {
                const sc = pod.spec.securityContext;
                assert.deepEqual([sc.runAsNonRoot, sc.runAsUser, sc.runAsGroup, sc.fsGroup], [true, 2000, 3000, 4000], pod.at);
                for (const c of pod.containers) assert.equal(c.securityContext.readOnlyRootFilesystem, false, `${pod.at} ${c.name}`);
            }
        }
    });

    test("podSecurity.runAsRoot runs as root with the reason on the workload (the policy pack's exception)", () => {
        const reason = "the image installs packages into its site-packages at start";
        const all = [
            openllm.renderOpenLlm(openllm.resolveOpenLlmArgs("a", { namespace: "llm", model: { tag: "llama3.2:1b" }, podSecurity: { runAsRoot: reason } })),
            vllm.renderVllm(vllm.resolveVllmArgs("b", { namespace: "llm", model: vllmModel, podSecurity: { runAsRoot: reason } })),
            ray.renderRayLlm(ray.resolveRayLlmArgs("c", { ...rayBase, podSecurity: { runAsRoot: reason } })),
            dist.renderDistributed(
                dist.resolveDistributedArgs("d", {
                    namespace: "llm",
                    nodes: 2,
                    gpuPool: pool,
                    model: { source: { volume, path: "llama" }, servedModelName: "llama" },
                    podSecurity: { runAsRoot: reason },
                }),
            ),
            jobs.renderConversion(jobs.resolveConversionArgs("e", { ...conversionArgs(writable), podSecurity: { runAsRoot: reason } })),
        ];
        for (const rendered of all) {
            assertValidKubeObjects(rendered.map((o) => o.object));
            const workloads = rendered.filter((o) => renderedPods(o.object).length > 0);
            assert.ok(workloads.length > 0);
            for (const w of workloads) {
                assert.equal((w.object as any).metadata.annotations[RUN_AS_ROOT_ANNOTATION], reason, w.role);
                for (const pod of renderedPods(w.object)) {
                    const sc = pod.spec.securityContext;
                    assert.deepEqual([sc.runAsNonRoot, sc.runAsUser, sc.runAsGroup], [undefined, 0, 0], pod.at);
                    assert.equal(sc.fsGroup, undefined, `${pod.at}: no fsGroup for root (Mountpoint for S3 refuses --gid 0)`);
                    for (const c of pod.containers) {
                        assert.equal(c.securityContext.runAsNonRoot, undefined);
                        assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] }, "root still drops every capability");
                        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
                    }
                }
            }
        }
    });

    test("bad podSecurity names the field", () => {
        const base = { namespace: "llm", mode: "deployment" as const, model: vllmModel };
        expectArgError(() => vllm.resolveVllmArgs("x", { ...base, podSecurity: { runAsRoot: "needs root", runAsUser: 1000 } }), "podSecurity.runAsUser");
        expectArgError(() => vllm.resolveVllmArgs("x", { ...base, podSecurity: { runAsUser: 0 } }), "podSecurity.runAsUser");
        expectArgError(() => vllm.resolveVllmArgs("x", { ...base, podSecurity: { runAsRoot: "" } }), "podSecurity.runAsRoot");
        expectArgError(() => ray.resolveRayLlmArgs("x", { ...rayBase, podSecurity: { fsGroup: -1 } }), "podSecurity.fsGroup");
        expectArgError(
            () => jobs.resolveDownloadArgs("x", { namespace: "llm", volume: writable, huggingFaceId: "a/b", podSecurity: { privileged: true } as never }),
            "podSecurity.privileged",
        );
    });
});

describe("the restricted pod profile, registered", () => {
    test("the ServiceAccount is a child <name>-serviceaccount the workload depends on", async () => {
        new vllm.VllmInferenceService("reg", { namespace: "llm", mode: "deployment", model: vllmModel });
        await mocks.settle();
        const sa = mocks.byName("reg-serviceaccount");
        assert.equal(sa.type, "kubernetes:core/v1:ServiceAccount");
        assert.ok(mocks.byName("reg-deployment").dependencies.some((u) => u.endsWith("::reg-serviceaccount")));
    });
});
