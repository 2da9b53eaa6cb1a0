import { isPinnedOrMirrored } from "./mirror";
import { isKnown, type Deferrable } from "./deferrable";
import { images } from "./versions";

/** The numeric user a pinned image's containers run as under the library's restricted pod profile. */
export interface ImageUser {
    /** `runAsUser` the library renders. */
    readonly uid: number;
    /** `runAsGroup` and `fsGroup` the library renders. */
    readonly gid: number;
    /** What the image itself runs as, and where that was read. */
    readonly image: string;
}

/**
 * uid/gid for an image the library does not know (a user-supplied `image`, or one given as an
 * Output): 1000, the uid of the non-root users the known images create (`kserve`, `ray`,
 * `triton-server`). A kubelet refuses `runAsNonRoot` without a numeric user when the image's own
 * user is root or a name, so a number is always rendered; override it with `podSecurity.runAsUser`.
 */
export const DEFAULT_IMAGE_USER: ImageUser = { uid: 1000, gid: 1000, image: "unknown: the library's default non-root uid 1000" };

/** Triton's NGC images: root by default, with `triton-server` created as 1000:1000 (server r25.12 `build.py`). */
const TRITON_SERVER_USER =
    "root; triton-server is uid 1000, gid 1000 (triton-inference-server/server build.py @ r25.12: useradd, id -u/-g asserted 1000, no USER)";

/**
 * Which user each pinned image ({@link images}) runs as, and what the library runs it as. None of
 * them needs root for serving: every one that runs as root by default gets uid 1000, with its caches
 * and scratch moved onto emptyDirs (`serving/common/pod-security`). Run one as root anyway with
 * `podSecurity.runAsRoot` (the reason, written to the `llm-serving/run-as-root` annotation).
 *
 * | image | image's own user (source) | rendered |
 * | --- | --- | --- |
 * | vllm/vllm-openai:v0.28.0 | root: the `vllm-openai` target has no `USER` (its `# USER vllm` is commented out); the image also creates `vllm`, uid 2000, gid 0, used only by the opt-in `vllm-openai-nonroot` target (vllm `docker/Dockerfile`, read in the neuralmagic/vllm fork at 017e9f4448b7, 2026-08-17, not at the tag: added by vllm#40275 on 2026-05-25, before v0.28.0). 1000:1000 rather than 2000:0 because fsGroup 0 is refused by Mountpoint for S3 | 1000:1000 |
 * | kserve/huggingfaceserver | `kserve`, uid 1000 (`useradd kserve -m -u 1000`, `USER 1000`, kserve v0.20.0 `python/huggingface_server.Dockerfile`) | 1000:1000 |
 * | rayproject/ray-llm | `ray`, uid 1000, gid 100: `ARG RAY_UID=1000`, `ARG RAY_GID=100`, `useradd ... ray --uid $RAY_UID --gid $RAY_GID`, `USER $RAY_UID` (ray `docker/base-deps/Dockerfile`, same at 2135df0b9f5f, an early-2022 version on ubuntu:focal, and at 00c1d517d7e5, a 2026 version on ubuntu:24.04; 2.58.0's own commit not read); `docker/ray-llm/Dockerfile` (0168a92e911a) adds no `USER` | 1000:100 |
 * | deepjavalibrary/djl-serving:0.36.0-lmi | root: `useradd -m -d /home/djl djl` and `chown -R djl:djl /opt/djl`, no `USER` (djl-serving v0.36.0 `serving/docker/lmi.Dockerfile`); `djl`'s uid is not pinned (useradd's next free uid; the base is `nvidia/cuda:12.9.1-devel-ubuntu24.04`, whose `ubuntu` user, if present, holds 1000, so `djl` would be 1001: not read) | 1000:1000 |
 * | deepjavalibrary/djl-serving:0.27.0-deepspeed | root: the same `useradd`/`chown`, no `USER` (djl-serving v0.27.0 `serving/docker/deepspeed.Dockerfile`, base `nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04`); `djl`'s uid not pinned | 1000:1000 |
 * | python:3.12.11-slim-bookworm (OpenLLM, download job) | root: no `USER`, `CMD ["python3"]` (docker-library/python `3.12/slim-bookworm/Dockerfile` at a25c9ad64fe1, "Update 3.12 to 3.12.11", and unchanged in that respect through 2074a85e, the last 3.12.11 version) | 1000:1000 |
 * | nvcr.io/nvidia/tritonserver:25.12-{vllm,trtllm}-python-py3 | root, with `triton-server` uid 1000, gid 1000: the Dockerfile that Triton's `build.py` generates sets `ENV TRITON_SERVER_USER=triton-server`, removes `ubuntu`, runs `useradd $TRITON_SERVER_USER` and asserts `id -u` and `id -g` are 1000; it copies the server with `--chown=1000:1000` and has no `USER` (triton-inference-server/server `build.py`, branch r25.12 at f6d01881f53a). The rendered 1000:1000 is `triton-server` | 1000:1000 |
 * | nvcr.io/nvidia/tensorrt-llm/release:1.1.0 | root as far as read: the `release` stage of NVIDIA/TensorRT-LLM `docker/Dockerfile.multi` has no `USER`, and `docker/common/install_base.sh` creates no user (both read at stored commits, 00f74add6b0d with `BASE_TAG=25.08-py3` and 000a01de66f0 (1.0.0rc4), not at v1.1.0: the repository is over the fetch limit). The base, `nvcr.io/nvidia/pytorch`, is not built from published source, so its user is not read | 1000:1000 |
 * | kube-ai triton_with_ft, fastertransformer (Alibaba mirrors) | unknown (no Dockerfile published): the default | 1000:1000 |
 */
export const IMAGE_USERS: Readonly<Partial<Record<keyof typeof images, ImageUser>>> = {
    vllmOpenAi: {
        uid: 1000,
        gid: 1000,
        image: "root; creates vllm 2000:0 for the opt-in vllm-openai-nonroot target (vllm docker/Dockerfile, vllm-openai target: no USER; read in neuralmagic/vllm @ 017e9f4448b7, not the tag)",
    },
    kserveHuggingFaceServerGpu: { uid: 1000, gid: 1000, image: "kserve, uid 1000 (kserve v0.20.0 python/huggingface_server.Dockerfile: USER 1000)" },
    rayLlm: {
        uid: 1000,
        gid: 100,
        image: "ray, uid 1000, gid 100 (ray docker/base-deps/Dockerfile: RAY_UID=1000, RAY_GID=100, USER $RAY_UID @ 2135df0b9f5f and 00c1d517d7e5)",
    },
    djlServingLmi: { uid: 1000, gid: 1000, image: "root; useradd djl, uid not pinned (djl-serving serving/docker/lmi.Dockerfile @ v0.36.0: no USER)" },
    djlServingDeepSpeed: {
        uid: 1000,
        gid: 1000,
        image: "root; useradd djl, uid not pinned (djl-serving serving/docker/deepspeed.Dockerfile @ v0.27.0: no USER)",
    },
    openLlmRuntime: { uid: 1000, gid: 1000, image: "root (docker-library/python 3.12/slim-bookworm/Dockerfile @ a25c9ad64fe1, 3.12.11: no USER)" },
    huggingFaceHubRuntime: { uid: 1000, gid: 1000, image: "root (docker-library/python 3.12/slim-bookworm/Dockerfile @ a25c9ad64fe1, 3.12.11: no USER)" },
    tritonVllm: { uid: 1000, gid: 1000, image: TRITON_SERVER_USER },
    tritonTrtLlm: { uid: 1000, gid: 1000, image: TRITON_SERVER_USER },
    tensorRtLlmBuild: {
        uid: 1000,
        gid: 1000,
        image: "root as far as read (TensorRT-LLM docker/Dockerfile.multi release stage: no USER, @ 00f74add6b0d, not v1.1.0); the nvcr.io/nvidia/pytorch base is not read: the default",
    },
    tritonFasterTransformer: DEFAULT_IMAGE_USER,
    fasterTransformerConvert: DEFAULT_IMAGE_USER,
};

/**
 * The user of `image` when it is one of the pinned {@link images} (or one pulled through a registry
 * mirror: {@link isPinnedOrMirrored}), else {@link DEFAULT_IMAGE_USER}.
 */
export function imageUser(image: Deferrable<string>): ImageUser {
    if (!isKnown(image)) return DEFAULT_IMAGE_USER;
    const key = (Object.keys(images) as (keyof typeof images)[]).find((k) => isPinnedOrMirrored(image, images[k]));
    return (key && IMAGE_USERS[key]) ?? DEFAULT_IMAGE_USER;
}
