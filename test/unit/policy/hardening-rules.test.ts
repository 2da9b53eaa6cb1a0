import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { credentialShape } from "../../../policy/lib/credentials";
import { containerFlags } from "../../../policy/lib/flags";
import { chartsOverTls } from "../../../policy/rules/charts-over-tls";
import { noDuplicateFlags } from "../../../policy/rules/no-duplicate-flags";
import { noPlainCredentials } from "../../../policy/rules/no-plain-credentials";
import { podHardening } from "../../../policy/rules/pod-hardening";
import { podSecurity } from "../../../policy/rules/pod-security";
import { volumesReclaimRetain } from "../../../policy/rules/volumes-reclaim-retain";
import { run, exampleResources, violations, withAdded, withEdited } from "./support";

// Real shapes: vLLM as a Deployment with a model PV (EKS, Helm release from https://), KServe
// with its Helm releases from oci:// and an InferenceService, KubeRay's RayService (security
// context on the containers only), DJLServing with its serving.properties/model.py ConfigMap.
const vllm = exampleResources("eks-vllm", { stack: "prod" });
const kserve = exampleResources("kserve-stack", { stack: "prod" });
const ray = exampleResources("rayllm", { stack: "prod" });
const djl = exampleResources("ack-deepspeed-bloom", { stack: "prod" });
const container = (props: any) => props.spec.template.spec.containers[0];
// Built at run time so no scanner mistakes the test data for a leaked credential.
const fake = {
    aws: "AKIA" + "Z".repeat(16),
    hf: "hf_" + "a1B2".repeat(9),
    sk: "sk-" + "proj-" + "x9".repeat(12),
    pem: "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n",
};

describe("pod-security", () => {
    test("passes what the library renders: restricted container contexts, RuntimeDefault on the pod or (Ray) the containers, KServe's runtime container", async () => {
        for (const resources of [vllm, kserve, ray, djl]) assert.deepEqual(await violations(podSecurity, resources), []);
    });

    test("fails privileged, privilege escalation, kept capabilities, no seccomp filter", async () => {
        const loose = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            container(p).securityContext = { privileged: true, capabilities: { drop: ["NET_RAW"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] } };
            delete p.spec.template.spec.securityContext;
        });
        assert.deepEqual(await violations(podSecurity, loose), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): securityContext.privileged is true: a privileged container is root on the node",
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): securityContext.allowPrivilegeEscalation is not set (Kubernetes allows it): set it to false",
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): securityContext.capabilities.drop is [NET_RAW]: drop ALL",
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): securityContext.capabilities.add gives SYS_ADMIN: only NET_BIND_SERVICE may be added",
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): seccompProfile is not set on the pod or the container (Unconfined): set securityContext.seccompProfile.type RuntimeDefault",
        ]);
        const unconfined = withEdited(
            ray,
            "llama-2-7b-chat-rayservice",
            (p) => (p.spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0].securityContext.seccompProfile.type = "Unconfined"),
        );
        assert.deepEqual(await violations(podSecurity, unconfined), [
            "llama-2-7b-chat-rayservice: container 'ray-worker' (spec.rayClusterConfig.workerGroupSpecs[0].template.spec): seccompProfile is Unconfined: set securityContext.seccompProfile.type RuntimeDefault",
        ]);
        const initContainer = withEdited(
            djl,
            "bloom-deployment",
            (p) =>
                (p.spec.template.spec.initContainers = [
                    { name: "chown", image: "busybox:1.37.0", securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ["ALL"] } } },
                ]),
        );
        assert.match(
            (await violations(podSecurity, initContainer)).join(),
            /container 'chown' \(spec.template.spec\): securityContext.allowPrivilegeEscalation is true/,
        );
    });

    test("a KServe model container is checked for what the InferenceService itself sets", async () => {
        const isvc = withEdited(kserve, "bloom-560m-isvc", (p) => (p.spec.predictor.model.securityContext = { privileged: true }));
        assert.deepEqual(await violations(podSecurity, isvc), [
            "bloom-560m-isvc: container 'kserve-container' (spec.predictor): securityContext.privileged is true: a privileged container is root on the node",
        ]);
    });

    test("a KServe model container takes unset fields from its runtime, image or not; a custom predictor container does not", async () => {
        const modelOnly = withEdited(kserve, "bloom-560m-isvc", (p) => (p.spec.predictor.model.securityContext = { runAsNonRoot: true }));
        assert.ok(
            (await violations(podSecurity, modelOnly)).every((v) => !v.includes("kserve-container")),
            "the predictor's model container, with its pinned image, merges over the ServingRuntime's securityContext",
        );
        const custom = withEdited(kserve, "bloom-560m-isvc", (p) => {
            p.spec.predictor.containers = [{ name: "custom", image: "example.com/server:1.0", securityContext: { runAsNonRoot: true } }];
        });
        assert.match(
            (await violations(podSecurity, custom)).join(),
            /container 'custom' \(spec.predictor\): securityContext.allowPrivilegeEscalation is not set/,
        );
    });

    test("fails an explicitly root container, unless the workload documents why (llm-serving/run-as-root)", async () => {
        const root = withEdited(vllm, "llama-2-7b-deployment", (p) => (p.spec.template.spec.securityContext.runAsUser = 0));
        assert.deepEqual(await violations(podSecurity, root), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec): runAsUser is 0, so it runs as root: run as a non-root user, or annotate the workload llm-serving/run-as-root with the reason",
        ]);
        const notNonRoot = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).securityContext.runAsNonRoot = false));
        assert.match((await violations(podSecurity, notNonRoot)).join(), /runAsNonRoot is false, so it runs as root/);
        const documented = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            p.spec.template.spec.securityContext.runAsUser = 0;
            p.metadata.annotations = { ...p.metadata.annotations, "llm-serving/run-as-root": "the image installs packages at start" };
        });
        assert.deepEqual(await violations(podSecurity, documented), []);
        const empty = withEdited(documented, "llama-2-7b-deployment", (p) => (p.metadata.annotations["llm-serving/run-as-root"] = " "));
        assert.equal((await violations(podSecurity, empty)).length, 1, "an exception without a reason is none");
    });
});

describe("pod-hardening", () => {
    test("passes what the library renders (the restricted profile); reports a container without a non-root user or a read-only root", async () => {
        for (const resources of [vllm, kserve, ray, djl]) assert.deepEqual(await violations(podHardening, resources), []);
        const loose = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            delete p.spec.template.spec.securityContext.runAsNonRoot;
            delete p.spec.template.spec.securityContext.runAsUser;
            delete container(p).securityContext.runAsNonRoot;
            container(p).securityContext.readOnlyRootFilesystem = false;
        });
        const result = await run(podHardening, loose);
        assert.deepEqual(
            result.violations.map((v) => `${v.enforcementLevel} ${v.resource}: ${v.message}`),
            [
                "mandatory llama-2-7b-deployment: container 'vllm' (spec.template.spec) does not declare a non-root user (securityContext.runAsNonRoot or runAsUser), so the image decides and may run as root: set one, or annotate the workload llm-serving/run-as-root with the reason",
                "mandatory llama-2-7b-deployment: container 'vllm' (spec.template.spec) has a writable root filesystem (securityContext.readOnlyRootFilesystem is false): mount emptyDirs where it writes and set it to true",
            ],
        );
    });

    test("passes a hardened container, and one with a documented root exception and a read-only root", async () => {
        const hardened = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            delete p.spec.template.spec.securityContext.runAsNonRoot;
            delete container(p).securityContext.runAsNonRoot;
            p.spec.template.spec.securityContext.runAsUser = 1000;
        });
        assert.deepEqual(await violations(podHardening, hardened), []);
        const documented = withEdited(vllm, "llama-2-7b-deployment", (p) => {
            delete p.spec.template.spec.securityContext.runAsNonRoot;
            delete p.spec.template.spec.securityContext.runAsUser;
            delete container(p).securityContext.runAsNonRoot;
            p.metadata.annotations = { "llm-serving/run-as-root": "vllm/vllm-openai has no non-root user" };
        });
        assert.deepEqual(await violations(podHardening, documented), []);
    });
});

describe("no-plain-credentials", () => {
    test("recognises credential shapes, and not references, placeholders or code", () => {
        assert.equal(credentialShape(`key=${fake.aws}`), "an AWS access key id (AKIA…/ASIA…)");
        assert.equal(credentialShape(fake.hf), "a Hugging Face token (hf_…)");
        assert.equal(credentialShape(`Bearer ${fake.sk}`), "an API key (sk-…)");
        assert.equal(credentialShape(fake.pem), "a PEM private key");
        assert.equal(credentialShape("url=x\npassword = hunter2hunter2\n"), "a plain password assignment");
        assert.equal(credentialShape("s3cr3t-value", "HF_TOKEN"), "a plain HF_TOKEN assignment");
        for (const [value, key] of [
            ["${HF_TOKEN}", "token"],
            ["/var/run/secrets/token", "tokenFile"],
            ["tokenizer.pad_token = tokenizer.eos_token", undefined],
            ["max_tokens=512", undefined],
            ["true", "automountServiceAccountToken"],
            ["main", "HF_REVISION"],
            ["{{ .Values.token }}", "token"],
        ] as const) {
            assert.equal(credentialShape(value, key), undefined, `${key}=${value}`);
        }
    });

    test("passes the examples' ConfigMaps (DJL's model.py included), annotations, env and Helm values", async () => {
        for (const resources of [vllm, kserve, ray, djl]) assert.deepEqual(await violations(noPlainCredentials, resources), []);
    });

    test("fails a credential in a ConfigMap, an annotation, a literal env value or Helm values, under any key", async () => {
        const configMap = withEdited(djl, "bloom-config", (p) => (p.data["serving.properties"] += `\noption.hf_token=${fake.hf}\n`));
        assert.deepEqual(await violations(noPlainCredentials, configMap), [
            "bloom-config: ConfigMap data key 'serving.properties' holds what looks like a Hugging Face token (hf_…), in plain text: move it to a Secret",
        ]);
        const annotated = withEdited(ray, "llama-2-7b-chat-rayservice", (p) => (p.metadata.annotations["example.com/deploy-key"] = fake.pem));
        assert.deepEqual(await violations(noPlainCredentials, annotated), [
            "llama-2-7b-chat-rayservice: metadata.annotations['example.com/deploy-key'] holds what looks like a PEM private key, in plain text: annotations are not secret; keep it in a Secret",
        ]);
        const env = withEdited(
            vllm,
            "llama-2-7b-deployment",
            (p) =>
                (container(p).env = [
                    { name: "OPENAI_API_KEY", value: fake.sk },
                    { name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "k", key: "k" } } },
                    { name: "DB_PASSWORD", value: "hunter2hunter2" },
                ]),
        );
        assert.deepEqual(await violations(noPlainCredentials, env), [
            "llama-2-7b-deployment: env OPENAI_API_KEY of container 'vllm' (spec.template.spec) holds what looks like an API key (sk-…), in plain text: use valueFrom.secretKeyRef",
            "llama-2-7b-deployment: env DB_PASSWORD of container 'vllm' (spec.template.spec) holds what looks like a plain DB_PASSWORD assignment, in plain text: use valueFrom.secretKeyRef",
        ]);
        const helm = withEdited(
            kserve,
            "platform-kserve",
            (p) => (p.values.storage = { s3: { endpoint: "s3.amazonaws.com", keyId: fake.aws }, auth: { password: "hunter2hunter2" } }),
        );
        assert.deepEqual(await violations(noPlainCredentials, helm), [
            "platform-kserve: Helm value values.storage.s3.keyId holds what looks like an AWS access key id (AKIA…/ASIA…), in plain text: reference an existing Secret instead",
            "platform-kserve: Helm value values.storage.auth.password holds what looks like a plain password assignment, in plain text: reference an existing Secret instead",
        ]);
    });

    test("leaves the cloud-key names to no-static-cloud-keys, so a key is reported once", async () => {
        const env = withEdited(vllm, "llama-2-7b-deployment", (p) => (container(p).env = [{ name: "AWS_ACCESS_KEY_ID", value: fake.aws }]));
        assert.deepEqual(await violations(noPlainCredentials, env), []);
    });
});

describe("no-duplicate-flags", () => {
    test("reads --flag=value, --flag value, bare flags and the -tp alias, and leaves shell scripts alone", () => {
        assert.deepEqual(containerFlags(["vllm", "serve"], ["--max_model_len", "4096", "--enforce-eager", "-tp", "2", "--seed=-1"]), [
            { written: "--max_model_len", name: "--max-model-len", value: "4096" },
            { written: "--enforce-eager", name: "--enforce-eager", value: undefined },
            { written: "-tp", name: "--tensor-parallel-size", value: "2" },
            { written: "--seed", name: "--seed", value: "-1" },
        ]);
        assert.deepEqual(containerFlags([], ["sh", "-c", "a --x 1 && b --x 2"]), []);
    });

    test("passes the library's arguments, and flags engines accept several times", async () => {
        for (const resources of [vllm, kserve, ray, djl]) assert.deepEqual(await violations(noDuplicateFlags, resources), []);
        const triton = withEdited(
            vllm,
            "llama-2-7b-deployment",
            (p) => (container(p).args = ["tritonserver", "--model-repository=/a", "--model-repository=/b", "--load-model", "x", "--load-model", "y"]),
        );
        assert.deepEqual(await violations(noDuplicateFlags, triton), []);
    });

    test("fails a flag given twice, or with conflicting values under its two spellings", async () => {
        const conflict = withEdited(vllm, "llama-2-7b-deployment", (p) => container(p).args.push("--max_model_len", "8192"));
        assert.deepEqual(await violations(noDuplicateFlags, conflict), [
            "llama-2-7b-deployment: container 'vllm' (spec.template.spec) args give conflicting values for --max-model-len: --max-model-len 4096, --max_model_len 8192: keep one",
        ]);
        const twice = withEdited(kserve, "bloom-560m-isvc", (p) => p.spec.predictor.model.args.push("--dtype=float16"));
        assert.deepEqual(await violations(noDuplicateFlags, twice), [
            "bloom-560m-isvc: container 'kserve-container' (spec.predictor) args give --dtype 2 times: --dtype float16, --dtype float16: keep one",
        ]);
        const alias = withEdited(vllm, "llama-2-7b-deployment", (p) => container(p).args.push("--tensor-parallel-size=2", "-tp", "1"));
        assert.match((await violations(noDuplicateFlags, alias)).join(), /conflicting values for --tensor-parallel-size: --tensor-parallel-size 2, -tp 1/);
    });
});

describe("volumes-reclaim-retain", () => {
    test("passes the model PersistentVolumes the library renders (Retain), and a StorageClass with Retain", async () => {
        assert.deepEqual(await violations(volumesReclaimRetain, vllm), []);
        const sc = withAdded(
            withEdited(vllm, "models-pvc", (p) => (p.spec.storageClassName = "models")),
            {
                type: "kubernetes:storage.k8s.io/v1:StorageClass",
                name: "models-sc",
                props: { metadata: { name: "models" }, provisioner: "efs.csi.aws.com", reclaimPolicy: "Retain" },
            },
        );
        assert.deepEqual(await violations(volumesReclaimRetain, sc), []);
    });

    test("fails a PersistentVolume that reclaims with Delete, and a used StorageClass that does (or says nothing)", async () => {
        const pv = withEdited(vllm, "models-pv", (p) => (p.spec.persistentVolumeReclaimPolicy = "Delete"));
        assert.deepEqual(await violations(volumesReclaimRetain, pv), [
            "models-pv: PersistentVolume models-pv: spec.persistentVolumeReclaimPolicy is Delete, which deletes the model data with its claim: set Retain",
        ]);
        const claimed = withEdited(vllm, "models-pvc", (p) => (p.spec.storageClassName = "models"));
        const sc = withAdded(claimed, {
            type: "kubernetes:storage.k8s.io/v1:StorageClass",
            name: "models-sc",
            props: { metadata: { name: "models" }, provisioner: "efs.csi.aws.com" },
        });
        assert.deepEqual(await violations(volumesReclaimRetain, sc), [
            "models-sc: StorageClass models-sc: reclaimPolicy is not set (Delete) and models-pvc uses it: set Retain so model volumes outlive their claims",
        ]);
        const unused = withAdded(vllm, {
            type: "kubernetes:storage.k8s.io/v1:StorageClass",
            name: "scratch-sc",
            props: { metadata: { name: "scratch" }, provisioner: "ebs.csi.aws.com", reclaimPolicy: "Delete" },
        });
        assert.deepEqual(await violations(volumesReclaimRetain, unused), [], "a class no volume of the stack uses is not a model volume's");
    });
});

describe("charts-over-tls", () => {
    test("passes https:// repositories, oci:// charts and local directories", async () => {
        assert.deepEqual(await violations(chartsOverTls, vllm), []);
        assert.deepEqual(await violations(chartsOverTls, kserve), []);
        const local = withAdded(kserve, { type: "kubernetes:helm.sh/v4:Chart", name: "local", props: { chart: "./charts/router", version: "0.1.0" } });
        assert.deepEqual(await violations(chartsOverTls, local), []);
    });

    test("fails a Release or Chart fetched over http://", async () => {
        const release = withEdited(vllm, "eks-nvidia-device-plugin", (p) => (p.repositoryOpts.repo = "http://nvidia.github.io/k8s-device-plugin"));
        assert.deepEqual(await violations(chartsOverTls, release), [
            "eks-nvidia-device-plugin: repositoryOpts.repo is 'http://nvidia.github.io/k8s-device-plugin', fetched over plain HTTP: use the chart's https:// or oci:// location",
        ]);
        const chart = withAdded(kserve, { type: "kubernetes:helm.sh/v4:Chart", name: "router", props: { chart: "HTTP://charts.example/router-0.1.0.tgz" } });
        assert.match((await violations(chartsOverTls, chart)).join(), /router: chart is 'HTTP:\/\/charts.example\/router-0.1.0.tgz', fetched over plain HTTP/);
    });
});
