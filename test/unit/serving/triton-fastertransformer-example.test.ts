/** examples/triton-fastertransformer through the offline plan: the third source document end to end. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { planExample } from "../../support/plan";
import { assertValidKubeObjects } from "../../support/kube-schema";
import { images } from "../../../src/core/versions";
import { modelConfigErrors, parsePbtxt, toPlain } from "./triton-pbtxt";

const plan = planExample("examples/triton-fastertransformer");
const obj = (name: string) => plan.kubernetes.find((k) => k.name === name)!.object as any;

test("namespace, a ReadWriteMany OSS volume, download and conversion Jobs, Triton; all validate; nothing from a cloud", () => {
    assert.deepEqual(
        plan.kubernetes.map((k) => `${k.object.kind}/${k.name}`),
        [
            "Namespace/llm",
            "ServiceAccount/bloom-convert-serviceaccount",
            "ServiceAccount/bloom-download-serviceaccount",
            "ServiceAccount/bloom-serviceaccount",
            "ConfigMap/bloom-model-repository",
            "PersistentVolume/bloom-models-pv",
            "PersistentVolumeClaim/bloom-models-pvc",
            "Service/bloom-service",
            "Job/bloom-convert-job",
            "Job/bloom-download-job",
            "Deployment/bloom-deployment",
            "NetworkPolicy/bloom-networkpolicy",
        ],
    );
    assertValidKubeObjects(plan.kubernetes.map((k) => k.object));
    assert.deepEqual(obj("bloom-models-pvc").spec.accessModes, ["ReadWriteMany"]);
    assert.equal(plan.cloud.length, 0, "the bucket is adopted");
    assert.deepEqual(
        parseAllDocuments(plan.text["kubernetes.yaml"]).map((d) => d.toJS()),
        plan.kubernetes.map((k) => k.object),
    );
});

test("the conversion is the source document's: huggingface_bloom_convert.py, tensor parallelism 2, fp16, 64 processes, one GPU", () => {
    const c = obj("bloom-convert-job").spec.template.spec.containers[0];
    assert.equal(c.image, images.fasterTransformerConvert);
    for (const flag of [
        "huggingface_bloom_convert.py",
        "--input-dir=/mnt/models/bloom-7b1",
        "--output-dir=/mnt/models/bloom-7b1-ft-fp16",
        "--tensor-para-size=2",
        "--data-type=fp16",
        "--processes=64",
    ]) {
        assert.ok(c.command[2].includes(flag), flag);
    }
    assert.equal(c.resources.limits["nvidia.com/gpu"], "1");
    assert.equal(obj("bloom-convert-job").spec.template.spec.volumes[0].persistentVolumeClaim.claimName, obj("bloom-models-pvc").metadata.name);
});

test("the jobs' non-root user can write: the ReadWriteMany volume is mounted for the uid and gid both jobs run as", () => {
    const otherOpts: string = obj("bloom-models-pv").spec.csi.volumeAttributes.otherOpts;
    for (const job of ["bloom-download-job", "bloom-convert-job"]) {
        const ctx = obj(job).spec.template.spec.securityContext;
        assert.ok(otherOpts.includes(`-o uid=${ctx.runAsUser}`), `${job}: ${otherOpts}`);
        assert.ok(otherOpts.includes(`-o gid=${ctx.runAsGroup}`), `${job}: ${otherOpts}`);
        assert.notEqual(ctx.runAsUser, 0);
    }
});

// The order download -> conversion -> Triton is Pulumi's (dependsOn through waitFor), not the
// plan's kind order: it is checked on the registered resources in jobs.test.ts and triton.test.ts.

test("Triton serves the converted checkpoint on two GPUs with the FasterTransformer backend", () => {
    const pod = obj("bloom-deployment").spec.template.spec;
    const c = pod.containers[0];
    assert.equal(c.image, images.tritonFasterTransformer);
    assert.equal(c.resources.limits["nvidia.com/gpu"], "2");
    assert.ok(c.command.includes("--allow-metrics=true"));
    const text = obj("bloom-model-repository").data["fastertransformer--config.pbtxt"];
    assert.deepEqual(modelConfigErrors(text), []);
    const params = Object.fromEntries(toPlain(parsePbtxt(text)).parameters.map((p: any) => [p.key, p.value.string_value]));
    assert.equal(params.tensor_para_size, "2");
    assert.equal(params.data_type, "fp16");
    assert.equal(params.model_checkpoint_path, "/mnt/models/bloom-7b1-ft-fp16/2-gpu");
    assert.equal(plan.outputs.modelUrl, "http://bloom.llm.svc.cluster.local:8000/v2/models/fastertransformer");
});

test("without the download the conversion reads weights already in the bucket", () => {
    const p = planExample("examples/triton-fastertransformer", { config: { "triton-fastertransformer:download": "false" } });
    assert.equal(p.kubernetes.filter((k) => k.name === "bloom-download-job").length, 0);
    assert.equal(p.kubernetes.filter((k) => k.object.kind === "Job").length, 1);
});
