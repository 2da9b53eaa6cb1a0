import type { KubeObject, RenderedObject, RoleOf, Roles } from "../../../core/kube";
import { literalArg } from "../../common/engine-flags";
import { placement, shmMount, shmVolume } from "../../common/pod";
import { renderJob, renderJobServiceAccount, shellQuote, writableModelMount } from "../common";
import { FT_CONVERTERS, TRTLLM_CONVERTERS } from "./args";
import { conversionImage, type ConversionResolved } from "./validate";
import { mergeResources } from "../../../core/resources";

const COMPONENT = "model-conversion";

/** Written last into the model directory, naming exactly what was converted. */
export const CONVERSION_MARKER = ".llm-serving-conversion";

const TRT_DTYPE = { fp16: "float16", bf16: "bfloat16", fp32: "float32" } as const;

/** FasterTransformer's converter (the source document's command, with the script's long flag names). */
export function fasterTransformerCommand(r: ConversionResolved): string[] {
    const a = r.args;
    return [
        "python",
        FT_CONVERTERS[a.fasterTransformer.model],
        `--input-dir=${r.dirs.source}`,
        `--output-dir=${r.dirs.output}`,
        `--tensor-para-size=${a.tensorParallel}`,
        `--data-type=${a.dtype}`,
        `--processes=${a.fasterTransformer.processes}`,
        "--verbose",
        ...a.extraArgs.map((arg) => literalArg(arg)),
    ];
}

/** TensorRT-LLM: HF checkpoint -> TensorRT-LLM checkpoint -> engines (one per rank). User flags reach the process literally ({@link literalArg}): the script is a container command, where Kubernetes expands `$(VAR)`. */
export function tensorRtLlmCommands(r: ConversionResolved): string[][] {
    const a = r.args;
    const t = a.tensorRtLlm!;
    const checkpoint = `${r.dirs.output}/checkpoint`;
    return [
        [
            "python3",
            TRTLLM_CONVERTERS[t.model],
            `--model_dir=${r.dirs.source}`,
            `--output_dir=${checkpoint}`,
            `--dtype=${TRT_DTYPE[a.dtype]}`,
            `--tp_size=${a.tensorParallel}`,
            `--pp_size=${a.pipelineParallel}`,
            ...a.extraArgs.map((arg) => literalArg(arg)),
        ],
        [
            "trtllm-build",
            `--checkpoint_dir=${checkpoint}`,
            `--output_dir=${r.dirs.model}`,
            "--gemm_plugin=auto",
            ...(t.maxBatchSize !== undefined ? [`--max_batch_size=${t.maxBatchSize}`] : []),
            ...(t.maxInputLen !== undefined ? [`--max_input_len=${t.maxInputLen}`] : []),
            ...(t.maxSeqLen !== undefined ? [`--max_seq_len=${t.maxSeqLen}`] : []),
            ...t.buildArgs.map((arg) => literalArg(arg)),
        ],
    ];
}

/** What the marker records: a rerun with the same inputs finds it and skips. */
export function conversionFingerprint(r: ConversionResolved): string {
    const a = r.args;
    return [
        a.backend,
        a.tensorRtLlm?.model ?? a.fasterTransformer.model,
        `${a.source.path} -> ${r.modelPath}`,
        `tp=${a.tensorParallel}`,
        `pp=${a.pipelineParallel}`,
        a.dtype,
    ].join(" ");
}

export function conversionScript(r: ConversionResolved): string {
    const commands = r.args.backend === "tensorrtllm" ? tensorRtLlmCommands(r) : [fasterTransformerCommand(r)];
    return [
        "set -eu",
        `marker=${shellQuote(`${r.dirs.model}/${CONVERSION_MARKER}`)}`,
        'if [ -f "$marker" ] && [ "$(cat "$marker")" = "$CONVERSION" ]; then',
        '  echo "already converted: $CONVERSION"',
        "  exit 0",
        "fi",
        ...commands.map((c) => c.map(shellQuote).join(" ")),
        'printf \'%s\' "$CONVERSION" > "$marker"',
        "",
    ].join("\n");
}

function resources(r: ConversionResolved) {
    const a = r.args;
    const gpu = a.gpus.count > 0 ? { [r.gpuResourceName]: String(a.gpus.count) } : {};
    const merged = mergeResources({ requests: { cpu: "8", memory: "32Gi" }, limits: { memory: "64Gi" } }, a.resources);
    return {
        requests: { ...merged.requests, ...gpu },
        limits: { ...merged.limits, ...gpu },
    };
}

export function renderConversionJob(r: ConversionResolved): KubeObject {
    const a = r.args;
    return renderJob({
        name: r.name,
        component: COMPONENT,
        args: a,
        placement: placement(a, a.gpus.count > 0),
        container: {
            name: "convert",
            image: conversionImage(a),
            command: ["sh", "-c", conversionScript(r)],
            env: [{ name: "CONVERSION", value: conversionFingerprint(r) }],
            resources: resources(r),
            // The converter's worker processes hand tensors over through /dev/shm.
            volumeMounts: [writableModelMount(a.volume), shmMount()],
        },
        extraVolumes: [shmVolume(a.shmSize)],
    });
}

/** Roles of ModelConversionJob's children. */
export type ConversionRoles = Roles<"serviceaccount" | "job">;

export function renderConversion(r: ConversionResolved): RenderedObject<RoleOf<ConversionRoles>>[] {
    return [
        { role: "serviceaccount", object: renderJobServiceAccount(r.name, COMPONENT, r.args) },
        { role: "job", object: renderConversionJob(r), dependsOn: ["serviceaccount"] },
    ];
}
