import type { Container } from "./pods";

/** The parallel layout a serving container asks its engine for, and where it was read. */
export interface Parallelism {
    readonly tensor: number;
    readonly pipeline: number;
    readonly source: string;
}

/** Engine flags (vLLM and KServe's Hugging Face server with the vLLM backend). */
const FLAGS = {
    tensor: ["--tensor-parallel-size", "--tensor_parallel_size", "-tp"],
    pipeline: ["--pipeline-parallel-size", "--pipeline_parallel_size", "-pp"],
};
/** DJLServing reads `OPTION_<KEY>` variables as `option.<key>` of serving.properties. */
const ENV = { tensor: "OPTION_TENSOR_PARALLEL_DEGREE", pipeline: "OPTION_PIPELINE_PARALLEL_DEGREE" };
/** Settings in mounted config files: DJL serving.properties, Triton vLLM model.json, Triton FasterTransformer config.pbtxt. */
const FILE_SETTINGS = {
    tensor: [
        /^\s*option\.tensor_parallel_degree\s*=\s*(\d+)\s*$/m,
        /"tensor_parallel_size"\s*:\s*(\d+)/,
        /key:\s*"tensor_para_size"\s*value:\s*\{\s*string_value:\s*"(\d+)"/,
    ],
    pipeline: [
        /^\s*option\.pipeline_parallel_degree\s*=\s*(\d+)\s*$/m,
        /"pipeline_parallel_size"\s*:\s*(\d+)/,
        /key:\s*"pipeline_para_size"\s*value:\s*\{\s*string_value:\s*"(\d+)"/,
    ],
};

function flagValue(tokens: string[], names: string[]): number | undefined {
    for (let i = 0; i < tokens.length; i++) {
        for (const name of names) {
            if (tokens[i] === name && i + 1 < tokens.length) return Number(tokens[i + 1]);
            if (tokens[i].startsWith(`${name}=`)) return Number(tokens[i].slice(name.length + 1));
        }
    }
    return undefined;
}

function fileValue(files: string[], patterns: RegExp[]): number | undefined {
    for (const text of files) {
        for (const pattern of patterns) {
            const m = pattern.exec(text);
            if (m) return Number(m[1]);
        }
    }
    return undefined;
}

/**
 * Tensor and pipeline degrees from the container's arguments, its environment, or the config
 * files it mounts (`files`: the text of each mounted ConfigMap entry); undefined when none is given.
 */
export function parallelism(c: Container, files: string[]): Parallelism | undefined {
    // Shell commands (`sh -c "vllm serve ... -tp 2"`) are split into words too.
    const tokens = [...(c.command ?? []), ...(c.args ?? [])].flatMap((t) => t.split(/\s+/)).filter((t) => t !== "");
    const env = (name: string) => {
        const v = (c.env ?? []).find((e) => e.name === name)?.value;
        return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
    };
    const read = [
        { source: "arguments", tensor: flagValue(tokens, FLAGS.tensor), pipeline: flagValue(tokens, FLAGS.pipeline) },
        { source: "environment", tensor: env(ENV.tensor), pipeline: env(ENV.pipeline) },
        { source: "mounted config", tensor: fileValue(files, FILE_SETTINGS.tensor), pipeline: fileValue(files, FILE_SETTINGS.pipeline) },
    ].find((r) => r.tensor !== undefined || r.pipeline !== undefined);
    if (!read) return undefined;
    return { tensor: read.tensor ?? 1, pipeline: read.pipeline ?? 1, source: read.source };
}
