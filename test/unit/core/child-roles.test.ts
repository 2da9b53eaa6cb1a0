/**
 * Typed child roles. Each component's `resources` is keyed by the roles its render declares
 * (`Roles<always, sometimes>` next to the render), so a misspelt role is a compile error.
 *
 * The `@ts-expect-error` lines are the test: `npm run typecheck` (tsc -p tsconfig.test.json)
 * compiles this file and fails if any of them stops being an error. The runtime tests check that
 * the keys are the rendered roles, so the types describe what is there.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { installMocks, type MockRecorder } from "../../support/mocks";
import type { KubeObject, RenderedObject, RoleOf } from "../../../src/core/kube";
import type { ModelVolumeRef } from "../../../src/core/model-volume";
import type { GpuCluster } from "../../../src/cloud/gpu-cluster";
import type { KServeStack } from "../../../src/platform/kserve";
import type { ModelBucketVolume } from "../../../src/storage/model-bucket-volume";
import type { VllmRoles } from "../../../src/serving/vllm/render";

const mocks: MockRecorder = installMocks({ preview: true });
let vllm: typeof import("../../../src/serving/vllm");
let jobs: typeof import("../../../src/serving/jobs");
let core: typeof import("../../../src/core/register");

before(async () => {
    vllm = await import("../../../src/serving/vllm");
    jobs = await import("../../../src/serving/jobs");
    core = await import("../../../src/core/register");
});

const volume: ModelVolumeRef = { claimName: "models", namespace: "llm", mountPath: "/mnt/models", subPath: "", readOnly: false };
const model = { source: { volume, path: "bloom-560m" }, servedModelName: "bloom-560m" };

describe("child roles", () => {
    test("resources holds exactly the rendered roles, each child named <name>-<role>", async () => {
        const svc = new vllm.VllmInferenceService("typed", { namespace: "llm", mode: "deployment", model });
        const job = new jobs.ModelDownloadJob("typed-dl", { namespace: "llm", volume, huggingFaceId: "bigscience/bloom-560m" });
        await mocks.settle();
        assert.deepEqual(Object.keys(svc.resources), ["serviceaccount", "deployment", "service", "networkpolicy"]);
        assert.equal(mocks.registered.find((r) => r.name === "typed-deployment")?.type, "kubernetes:apps/v1:Deployment");
        assert.deepEqual(Object.keys(job.resources), ["serviceaccount", "job"]);

        // Always rendered: a resource, no undefined to handle.
        const jobResource: pulumi.CustomResource = job.resources.job;
        assert.ok(jobResource);
        // Rendered in mode deployment only: optional.
        // @ts-expect-error `deployment` exists only in mode deployment, so it may be undefined
        const deployment: pulumi.CustomResource = svc.resources.deployment;
        assert.ok(deployment);
        // @ts-expect-error misspelt role
        assert.equal(job.resources.jobb, undefined);
        // @ts-expect-error a role of another component (vLLM has no `job`)
        assert.equal(svc.resources.job, undefined);
    });

    test("registerKubeObjects takes only the declared roles, in objects and in perRole", async () => {
        const { ComponentResource } = await import("@pulumi/pulumi");
        const parent = new ComponentResource("test:index:Parent", "typed-parent");
        const object: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } };
        const good: RenderedObject<RoleOf<VllmRoles>> = { role: "service", object };
        // @ts-expect-error a render cannot return a role its Roles type does not declare
        const bad: RenderedObject<RoleOf<VllmRoles>> = { role: "servise", object };
        assert.equal(bad.role, "servise");
        const children = core.registerKubeObjects<VllmRoles>(parent, "typed-parent", [good], {
            // @ts-expect-error perRole keys are roles too
            perRole: { servise: { protect: true } },
        });
        await mocks.settle();
        assert.deepEqual(Object.keys(children), ["service"]);
        assert.equal(mocks.byName("typed-parent-service").protect, false);
    });
});

/** Compiled, never called: the components constructed elsewhere (cloud SDKs, Helm). */
export function typeOnly(cluster: GpuCluster, stack: KServeStack, bucket: ModelBucketVolume): unknown[] {
    const always: pulumi.Resource[] = [cluster.resources.k8s, cluster.resources.system, stack.resources.kserve, bucket.resources.pvc];
    const perPool = [cluster.resources["gpu-a100"], cluster.resources["admin-0-policy"], cluster.resources["public-rta-1"]];
    return [
        ...always,
        ...perPool,
        // @ts-expect-error misspelt role
        cluster.resources.k8ss,
        // @ts-expect-error per-zone roles are numbered
        cluster.resources["public-a"],
        // @ts-expect-error `keda` is installed only when asked for
        ((r: pulumi.Resource) => r)(stack.resources.keda),
        // @ts-expect-error misspelt role
        stack.resources.runtime,
        // @ts-expect-error misspelt role
        bucket.resources.pv_claim,
    ];
}
