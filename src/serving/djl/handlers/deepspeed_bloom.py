"""DJLServing handler (model.py): a causal language model such as Bloom-7B1, sharded with DeepSpeed.

Loads the weights named by option.model_id (at option.revision, running the repository's own code
only with option.trust_remote_code=true) with transformers in option.dtype (fp16 by default),
splits them over option.tensor_parallel_degree GPUs with deepspeed.init_inference and DeepSpeed's
fused inference kernels, and answers POST /predictions/<model> with a JSON body
{"inputs": "text" or ["text", ...], "parameters": {...transformers generate() arguments...}}.

DJLServing runs it in its MPI engine: one process per GPU, each calling handle() with the same
request; every process takes part in the sharded forward pass and rank 0's answer is returned.
"""
import os

import deepspeed
import torch
from djl_python import Input, Output
from transformers import AutoModelForCausalLM, AutoTokenizer

DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}

_model = None
_tokenizer = None


def _local_rank() -> int:
    return int(os.getenv("LOCAL_RANK", os.getenv("OMPI_COMM_WORLD_LOCAL_RANK", "0")))


def _load(properties: dict):
    model_id = properties.get("model_id") or properties.get("model_dir")
    tensor_parallel = int(properties.get("tensor_parallel_degree", "1"))
    dtype = DTYPES[properties.get("dtype", "fp16")]
    # Every key the component writes is read here: a written but ignored key would be a silent accept.
    hub = {
        "revision": properties.get("revision"),
        "trust_remote_code": str(properties.get("trust_remote_code", "false")).lower() == "true",
    }
    torch.cuda.set_device(_local_rank())

    tokenizer = AutoTokenizer.from_pretrained(model_id, **hub)
    # Batched prompts of different lengths: pad on the left so generation continues each prompt.
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token

    model = AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=dtype, low_cpu_mem_usage=True, **hub)
    model.eval()
    model = deepspeed.init_inference(
        model,
        mp_size=tensor_parallel,
        dtype=dtype,
        replace_with_kernel_inject=True,
    )
    return model, tokenizer


def _generate(data) -> list:
    prompts = data["inputs"] if isinstance(data, dict) else data
    parameters = data.get("parameters", {}) if isinstance(data, dict) else {}
    if isinstance(prompts, str):
        prompts = [prompts]
    tokens = _tokenizer(prompts, return_tensors="pt", padding=True).to(torch.cuda.current_device())
    with torch.no_grad():
        output = _model.generate(**tokens, **parameters)
    texts = _tokenizer.batch_decode(output, skip_special_tokens=True)
    return [{"generated_text": text} for text in texts]


def handle(inputs: Input):
    global _model, _tokenizer
    if _model is None:
        _model, _tokenizer = _load(inputs.get_properties())
    if inputs.is_empty():
        # DJLServing sends an empty request at start to warm the model up.
        return None
    try:
        return Output().add_as_json(_generate(inputs.get_as_json()))
    except (KeyError, TypeError, ValueError) as err:
        return Output().error(f"bad request: {err}")
