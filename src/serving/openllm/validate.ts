import { dns1123Label } from "../../core/schemas";
import { beginResolve } from "../../core/validation";
import { lazySchema } from "../../core/zod";
import type { ResolvedAutoscaling } from "../common/autoscaling";
import { checkPlainWorkload } from "../common/workload";
import { resolveGpuRequest, type GpuRequest } from "../common/pod";
import { platformVersions } from "../../core/versions";
import type { ProblemList } from "../../core/validation";
import { renamedSetting } from "../common/renamed-settings";
import { openLlmArgsSchema, type OpenLlmArgsParsed, type OpenLlmServiceArgs } from "./args";

export const OPENLLM_COMPONENT = "OpenLlmService";

/** Arguments after validation, with every default and derived value resolved. */
export interface OpenLlmResolved {
    readonly name: string;
    readonly args: OpenLlmArgsParsed;
    readonly gpu: GpuRequest;
    readonly autoscaling?: ResolvedAutoscaling;
}

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));

/**
 * OpenLLM 0.4's model names (`openllm start <name>`; `CONFIG_MAPPING_NAMES` in bentoml/OpenLLM
 * v0.4.44 `openllm-core/.../configuration_auto.py`) and what OpenLLM 0.6's default model repository
 * (bentoml/openllm-models `openllm model list`) calls that family, where it has one.
 */
export const OPENLLM_04_MODELS: Readonly<Record<string, string | undefined>> = {
    llama: "llama2, llama3, llama3.1 or llama3.2 (e.g. 'llama2:7b-chat', 'llama3.2:1b')",
    mistral: "mistral with a version (e.g. 'mistral:7b-instruct')",
    mixtral: "mixtral with a version (e.g. 'mixtral:8x7b-instruct-v0.1')",
    phi: "phi3 (e.g. 'phi3:3.8b-instruct')",
    qwen: "qwen2 or qwen2.5 (e.g. 'qwen2.5:7b-instruct')",
    baichuan: undefined,
    chatglm: undefined,
    dolly_v2: undefined,
    falcon: undefined,
    flan_t5: undefined,
    gpt_neox: undefined,
    mpt: undefined,
    opt: undefined,
    stablelm: undefined,
    starcoder: undefined,
    yi: undefined,
};

const OPENLLM_06 = `OpenLLM ${platformVersions.openllm} (\`openllm serve <name>:<version>\`)`;

/** OpenLLM 0.4 model ids the pinned OpenLLM does not take, refused with what it calls them. */
export function checkOpenLlm04Model(tag: string, problems: ProblemList): void {
    if (tag.includes("/")) {
        problems.add(
            "model.tag",
            `'${tag}' is a Hugging Face id, as OpenLLM 0.4's \`openllm start <model_id>\` / \`--model-id\` took it; ${OPENLLM_06} serves models of the bentoml/openllm-models repository by name and reads '<a>/<b>' as repository/model. Give a model of \`openllm model list\` (e.g. 'llama3.2:1b'), or serve the Hugging Face id with VllmInferenceService`,
        );
        return;
    }
    const name = tag.split(":")[0];
    // 0.6 kept the names mistral and mixtral; with a version they are 0.6 models.
    if (!(name in OPENLLM_04_MODELS) || (tag.includes(":") && (name === "mistral" || name === "mixtral"))) return;
    const now = OPENLLM_04_MODELS[name];
    problems.add(
        "model.tag",
        renamedSetting({
            field: `'${tag}' (an OpenLLM 0.4 model name)`,
            engine: OPENLLM_06,
            ...(now !== undefined ? { now } : {}),
            note:
                now !== undefined
                    ? "give that name with a version (see `openllm model list`)"
                    : "its default model repository has no such model: serve the Hugging Face id with VllmInferenceService",
        }),
    );
}

/** Validates everything before any resource is registered; every problem is reported at once, by path. */
export function resolveOpenLlmArgs(name: string, raw: OpenLlmServiceArgs): OpenLlmResolved {
    const { parsed: args, problems } = beginResolve(OPENLLM_COMPONENT, name, NAME(), openLlmArgsSchema(), raw);

    // The Bento decides how many GPUs it uses; the pod asks for gpus.count (one by default).
    const gpu = resolveGpuRequest(args, args.gpus.count ?? 1, problems);
    if (args.install === "image" && args.image === undefined) {
        problems.add("image", "install 'image' runs openllm from your image: give it, pinned");
    }
    checkOpenLlm04Model(args.model.tag, problems);
    const autoscaling = checkPlainWorkload("OpenLLM", args, problems);
    problems.throwIfAny(OPENLLM_COMPONENT);
    return { name, args, gpu, autoscaling };
}
