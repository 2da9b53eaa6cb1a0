import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { expectArgError, urnName } from "../../support/mocks";
import { loadUnderMocks } from "../../support/under-mocks";
import { bloomModelsWritable as volume, oss, s3 } from "../../support/volumes";
import { assertValidKubeObjects } from "../../support/kube-schema";
import type { ModelConversionJobArgs, ModelDownloadJobArgs } from "../../../src/serving/jobs";
import { images, platformVersions } from "../../../src/core/versions";
import { jobTimeouts } from "../../../src/serving/jobs/common";

const { mocks, jobs } = loadUnderMocks(["jobs"]);

const download: ModelDownloadJobArgs = { namespace: "llm", volume, huggingFaceId: "bigscience/bloom-7b1" };
/** The third source document's conversion: Bloom-7B1 to FasterTransformer, tensor parallelism 2, fp16. */
const ftConversion: ModelConversionJobArgs = {
    namespace: "llm",
    volume,
    backend: "fastertransformer",
    source: { path: "bloom-7b1" },
    output: { path: "bloom-7b1-ft-fp16" },
    tensorParallel: 2,
    dtype: "fp16",
    fasterTransformer: { processes: 64 },
};
const trtConversion: ModelConversionJobArgs = {
    namespace: "llm",
    volume,
    backend: "tensorrtllm",
    source: { path: "Llama-3.1-8B-Instruct" },
    output: { path: "llama-trtllm" },
    tensorParallel: 2,
    tensorRtLlm: { model: "llama", maxBatchSize: 64, maxSeqLen: 8192 },
};

const container = (job: any) => job.spec.template.spec.containers[0];
/** The Job of a job component's render (its ServiceAccount comes first). */
const jobOf = (rendered: readonly { role: string; object: unknown }[]): any => rendered.find((o) => o.role === "job")!.object;

/** Runs a job's `sh -c` script with stub programs first on PATH; returns the exit code and what the stubs saw. */
function runScript(command: string[], env: Record<string, string>, stubs: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "job-script-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const log = path.join(dir, "calls.log");
    for (const [name, body] of Object.entries(stubs)) {
        fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`, { mode: 0o755 });
    }
    const [sh, flag, script, ...rest] = command;
    const res = spawnSync(sh, [flag, script, ...rest], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: "utf8" });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: res.status, stdout: res.stdout, stderr: res.stderr, calls };
}

describe("ModelDownloadJob", () => {
    test("a Job in the volume's namespace, writing the volume, validates; token from a Secret; pinned hub CLI", () => {
        const r = jobs.resolveDownloadArgs("bloom-download", {
            ...download,
            hfTokenSecret: { name: "hf-token", key: "token" },
            include: ["*.json", "*.safetensors"],
        });
        const rendered = jobs.renderDownload(r);
        assert.deepEqual(
            rendered.map((o) => o.role),
            ["serviceaccount", "job"],
        );
        assertValidKubeObjects(rendered.map((o) => o.object));
        const job = jobOf(rendered);
        assert.match(job.metadata.name, /^bloom-download-[0-9a-f]{8}$/);
        assert.equal(job.spec.template.spec.restartPolicy, "Never");
        const c = container(job);
        assert.equal(c.image, images.huggingFaceHubRuntime);
        const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
        assert.equal(env.HF_REPO, "bigscience/bloom-7b1");
        assert.equal(env.HF_REVISION, "main");
        assert.equal(env.TARGET_DIR, "/mnt/models/bloom-7b1");
        assert.equal(env.HF_HUB_VERSION, platformVersions.huggingFaceHub);
        assert.deepEqual(env.HF_TOKEN, { secretKeyRef: { name: "hf-token", key: "token" } });
        assert.deepEqual(c.command.slice(3), ["download", "--include", "*.json", "--include", "*.safetensors"]);
        assert.match(c.command[2], /\/bin\/hf download "\$HF_REPO" --revision "\$HF_REVISION"/);
        assert.ok(c.resources.limits.memory, "a memory limit");
        assert.equal(c.resources.requests["ephemeral-storage"], "50Gi");
        assert.equal(job.spec.template.spec.volumes[0].persistentVolumeClaim.readOnly, false);
    });

    test("the script skips when the marker names this repository and revision, and downloads otherwise", () => {
        const target = fs.mkdtempSync(path.join(os.tmpdir(), "model-"));
        const r = jobs.resolveDownloadArgs("d", download);
        const command = container(jobOf(jobs.renderDownload(r))).command;
        const env = { HF_REPO: "bigscience/bloom-7b1", HF_REVISION: "main", TARGET_DIR: target, HF_HUB_VERSION: "2.4.0" };
        // python fails on purpose: reaching it means the script went on to download.
        const stubs = { python: "exit 3" };

        const fresh = runScript(command, env, stubs);
        assert.equal(fresh.status, 3);
        assert.deepEqual(fresh.calls, ["python -m venv /scratch/venv"]);

        fs.writeFileSync(path.join(target, ".llm-serving-download"), "bigscience/bloom-7b1@main");
        const again = runScript(command, env, stubs);
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(again.calls, [], "nothing is downloaded twice");

        const otherRevision = runScript(command, { ...env, HF_REVISION: "0f4a3c1" }, stubs);
        assert.equal(otherRevision.status, 3, "another revision is downloaded");
    });

    test("registers <name>-job under the component; waitFor orders a conversion after the download", async () => {
        const d = new jobs.ModelDownloadJob("dl", download);
        new jobs.ModelConversionJob("conv", ftConversion, { waitFor: [d] });
        await mocks.settle();
        assert.equal(mocks.byName("dl").type, "llm-serving:jobs:ModelDownloadJob");
        assert.equal(mocks.byName("dl-job").type, "kubernetes:batch/v1:Job");
        assert.equal(urnName(mocks.byName("dl-job").parent), "dl");
        assert.equal(mocks.byName("conv").type, "llm-serving:jobs:ModelConversionJob");
        assert.deepEqual(mocks.byName("conv-job").dependencies.map(urnName), ["dl-job", "conv-serviceaccount"]);
        assert.deepEqual(mocks.byName("conv-serviceaccount").dependencies.map(urnName), ["dl-job"]);
    });

    test("bad input names the field", () => {
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, volume: { ...volume, readOnly: true } }), "volume");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, namespace: "other" }), "volume");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, huggingFaceId: "bloom" }), "huggingFaceId");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, path: "../etc" }), "path");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, revision: "main; rm -rf /" }), "revision");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, scratchSize: "lots" }), "scratchSize");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, image: "python" }), "image");
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, revison: "main" } as any), "revison");
    });
});

// A ReadWriteMany OSS volume is mounted for one writer (ossfs lets only root and its `-o uid=` user
// write); its ref carries that user, and a job running as another non-root uid would fail with EACCES.
describe("model jobs on a volume mounted for one writer (OSS oss.writer)", () => {
    const forWriter = (uid: number, gid = uid) => ({ ...volume, writer: { uid, gid } });
    test("the jobs' default user (1000) and root may write; the ModelBucketVolume ref carries the writer", async () => {
        const mbv = await import("../../../src/storage/model-bucket-volume");
        const ref = mbv.volumeRef(mbv.resolveModelBucketVolumeArgs("bloom-models", { ...oss, accessMode: "ReadWriteMany" }));
        assert.deepEqual(ref.writer, { uid: 1000, gid: 1000 });
        assert.equal(mbv.volumeRef(mbv.resolveModelBucketVolumeArgs("bloom-models", oss)).writer, undefined, "read-only: no writer");
        const s3Ref = mbv.volumeRef(mbv.resolveModelBucketVolumeArgs("bloom-models", { ...s3, namespace: "llm", accessMode: "ReadWriteMany" }));
        assert.equal(s3Ref.writer, undefined, "S3: the driver takes the pod's fsGroup");
        jobs.resolveDownloadArgs("d", { ...download, volume: { ...ref, claimName: "bloom-models" } });
        jobs.resolveConversionArgs("c", { ...ftConversion, volume: forWriter(1000) });
        jobs.resolveDownloadArgs("d", { ...download, volume: forWriter(2000), podSecurity: { runAsRoot: "legacy image" } });
        jobs.resolveDownloadArgs("d", { ...download, volume: forWriter(2000), podSecurity: { runAsUser: 2000 } });
    });
    test("another uid is refused, naming podSecurity.runAsUser when set, else volume", () => {
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, volume: forWriter(2000) }), "volume");
        expectArgError(
            () => jobs.resolveConversionArgs("c", { ...ftConversion, volume: forWriter(1000), podSecurity: { runAsUser: 3000 } }),
            "podSecurity.runAsUser",
        );
        expectArgError(() => jobs.resolveDownloadArgs("d", { ...download, volume: forWriter(0) }), "volume.writer.uid");
    });
});

describe("ModelConversionJob", () => {
    test("FasterTransformer: the source document's conversion (Bloom-7B1, tp 2, fp16, 64 processes) on one GPU", () => {
        const r = jobs.resolveConversionArgs("bloom-convert", ftConversion);
        const job = jobOf(jobs.renderConversion(r));
        assertValidKubeObjects([job]);
        const c = container(job);
        assert.equal(c.image, images.fasterTransformerConvert);
        assert.match(
            c.command[2],
            /'python' '\/FasterTransformer\/examples\/pytorch\/gpt\/utils\/huggingface_bloom_convert\.py' '--input-dir=\/mnt\/models\/bloom-7b1' '--output-dir=\/mnt\/models\/bloom-7b1-ft-fp16' '--tensor-para-size=2' '--data-type=fp16' '--processes=64' '--verbose'/,
        );
        assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
        assert.equal(r.modelPath, "bloom-7b1-ft-fp16/2-gpu");
        const shm = job.spec.template.spec.volumes.find((v: any) => v.emptyDir?.medium === "Memory");
        assert.equal(shm.emptyDir.sizeLimit, "16Gi");
        assert.deepEqual(jobTimeouts(r.args), { create: "180m", update: "180m" });
    });

    test("TensorRT-LLM: checkpoint conversion then trtllm-build with the release that serves the engines", () => {
        const r = jobs.resolveConversionArgs("llama-build", trtConversion);
        const job = jobOf(jobs.renderConversion(r));
        assertValidKubeObjects([job]);
        const c = container(job);
        assert.equal(c.image, images.tensorRtLlmBuild);
        const script: string = c.command[2];
        assert.match(
            script,
            /'python3' '\/app\/tensorrt_llm\/examples\/models\/core\/llama\/convert_checkpoint\.py' '--model_dir=\/mnt\/models\/Llama-3\.1-8B-Instruct' '--output_dir=\/mnt\/models\/llama-trtllm\/checkpoint' '--dtype=float16' '--tp_size=2' '--pp_size=1'/,
        );
        assert.match(
            script,
            /'trtllm-build' '--checkpoint_dir=\/mnt\/models\/llama-trtllm\/checkpoint' '--output_dir=\/mnt\/models\/llama-trtllm\/engine' '--gemm_plugin=auto' '--max_batch_size=64' '--max_seq_len=8192'/,
        );
        assert.equal(r.modelPath, "llama-trtllm/engine");
    });

    test("the script runs the converter once: a second run with the same inputs finds the marker and skips", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "vol-"));
        const r = jobs.resolveConversionArgs("c", { ...trtConversion, volume: { ...volume, mountPath: root } });
        const c = container(jobOf(jobs.renderConversion(r)));
        const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
        const stubs = { python3: "", "trtllm-build": `mkdir -p "${root}/llama-trtllm/engine"` };
        const first = runScript(c.command, env, stubs);
        assert.equal(first.status, 0, first.stderr);
        assert.deepEqual(
            first.calls.map((l) => l.split(" ")[0]),
            ["python3", "trtllm-build"],
        );
        assert.equal(fs.readFileSync(path.join(root, "llama-trtllm/engine/.llm-serving-conversion"), "utf8"), env.CONVERSION);
        const second = runScript(c.command, env, stubs);
        assert.equal(second.status, 0);
        assert.deepEqual(second.calls, [], "nothing is converted twice");
        const changed = runScript(c.command, { CONVERSION: env.CONVERSION.replace("tp=2", "tp=4") }, stubs);
        assert.equal(changed.calls.length, 2, "a different conversion runs again");
    });

    test("bad input names the field", () => {
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, volume: { ...volume, readOnly: true } }), "volume");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, dtype: "bf16" }), "dtype");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, pipelineParallel: 2 }), "pipelineParallel");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, tensorRtLlm: { model: "llama" } }), "tensorRtLlm");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...trtConversion, tensorRtLlm: undefined }), "tensorRtLlm");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...trtConversion, gpus: { count: 0 } }), "gpus.count");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, output: { path: "bloom-7b1/ft" } }), "output.path");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, output: { path: "a/../b" } }), "output.path");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, tensorParallel: 0 }), "tensorParallel");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, gpus: { resourceName: "aliyun.com/gpu-mem" } }), "gpus.resourceName");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, backend: "onnx" } as any), "backend");
        expectArgError(() => jobs.resolveConversionArgs("c", { ...ftConversion, extraArgs: ["rm"] }), "extraArgs[0]");
    });
});
