/**
 * Model memory sizing: will the weights (plus room for the KV cache) fit on the GPUs given?
 * Decimal gigabytes for weights (as model cards state them), GiB for GPU memory (as vendors do).
 */

export type Dtype = "float32" | "float16" | "bfloat16" | "fp8" | "int8" | "int4" | "auto";

const BYTES_PER_PARAM: Record<Exclude<Dtype, "auto">, number> = {
    float32: 4,
    float16: 2,
    bfloat16: 2,
    fp8: 1,
    int8: 1,
    int4: 0.5,
};

/** Parameter counts of the models the project's sources and examples serve (from their model cards). */
export const KNOWN_MODEL_PARAMETERS: Readonly<Record<string, number>> = {
    "bigscience/bloom-560m": 559_214_592,
    "bigscience/bloom-7b1": 7_069_016_064,
    "meta-llama/Llama-2-7b-chat-hf": 6_738_415_616,
};

/** Bytes one parameter takes in a dtype; `auto` is taken as 16-bit, what vLLM loads by default. */
export function bytesPerParameter(dtype: Dtype): number {
    return dtype === "auto" ? 2 : BYTES_PER_PARAM[dtype];
}

/** Weight memory in decimal GB: Bloom-7B1 in float16 is 7.069e9 x 2 B = 14.1 GB. */
export function weightGigabytes(parameters: number, dtype: Dtype): number {
    return (parameters * bytesPerParameter(dtype)) / 1e9;
}

/** What {@link checkModelFits} needs: the model's size and precision, and the GPUs it gets. */
export interface FitInput {
    readonly parameters: number;
    readonly dtype: Dtype;
    readonly gpus: number;
    readonly gpuMemoryGiB: number;
    /** Fraction of each GPU the engine may use (vLLM `--gpu-memory-utilization`). @default 0.9 */
    readonly gpuMemoryUtilization?: number;
    /** Extra room over the weights for KV cache and activations, as a fraction. @default 0.2 */
    readonly kvCacheMargin?: number;
}

/** Whether a model's weights fit the GPUs it gets, with the numbers behind the verdict. */
export interface FitResult {
    readonly fits: boolean;
    readonly weightsGB: number;
    readonly requiredGB: number;
    readonly availableGB: number;
    readonly message: string;
}

const GIB = 1024 ** 3;

export function checkModelFits(input: FitInput): FitResult {
    const utilization = input.gpuMemoryUtilization ?? 0.9;
    const margin = input.kvCacheMargin ?? 0.2;
    const weightsGB = weightGigabytes(input.parameters, input.dtype);
    const requiredGB = weightsGB * (1 + margin);
    const availableGB = (input.gpus * input.gpuMemoryGiB * GIB * utilization) / 1e9;
    const fits = requiredGB <= availableGB;
    const fmt = (n: number) => n.toFixed(1);
    const message =
        `weights ${fmt(weightsGB)} GB (${(input.parameters / 1e9).toFixed(2)}B parameters x ${bytesPerParameter(input.dtype)} B, ${input.dtype})` +
        ` + ${Math.round(margin * 100)}% KV-cache margin = ${fmt(requiredGB)} GB needed;` +
        ` ${input.gpus} GPU(s) x ${input.gpuMemoryGiB} GiB x ${utilization} utilization = ${fmt(availableGB)} GB available`;
    return { fits, weightsGB, requiredGB, availableGB, message };
}
