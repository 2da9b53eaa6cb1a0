import type { KubeObject, RenderedObject, RoleOf, Roles } from "../../../core/kube";
import { platformVersions } from "../../../core/versions";
import { literalArg } from "../../common/engine-flags";
import { placement, secretEnv } from "../../common/pod";
import { renderJob, renderJobServiceAccount, writableModelMount } from "../common";
import { downloadImage, type DownloadResolved } from "./validate";
import { mergeResources } from "../../../core/resources";

const COMPONENT = "model-download";

const SCRATCH = "/scratch";
/** Written last, so a half-finished copy is never taken for a finished one. */
export const DOWNLOAD_MARKER = ".llm-serving-download";

/**
 * Skips when the marker names this exact repository and revision; otherwise downloads to
 * node-local scratch with the `hf` CLI and copies into the volume (object-storage FUSE mounts such
 * as Mountpoint for S3 cannot rename, which `hf download` does with its partial files).
 * Values come from the environment and `"$@"`, never spliced into the script.
 */
export const DOWNLOAD_SCRIPT = `set -eu
want="$HF_REPO@$HF_REVISION"
marker="$TARGET_DIR/${DOWNLOAD_MARKER}"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$want is already in $TARGET_DIR: nothing to do"
  exit 0
fi
python -m venv ${SCRATCH}/venv
${SCRATCH}/venv/bin/pip install --no-cache-dir --quiet "huggingface_hub==$HF_HUB_VERSION"
${SCRATCH}/venv/bin/hf download "$HF_REPO" --revision "$HF_REVISION" --local-dir ${SCRATCH}/model "$@"
rm -rf ${SCRATCH}/model/.cache
mkdir -p "$TARGET_DIR"
cp -R ${SCRATCH}/model/. "$TARGET_DIR/"
printf '%s' "$want" > "$marker"
echo "downloaded $want to $TARGET_DIR"
`;

/** `hf download` filters, one flag per pattern; each pattern reaches the process literally (Kubernetes expands `$(VAR)` in a container's command, {@link literalArg}). */
export function downloadFilters(r: DownloadResolved): string[] {
    return [...r.args.include.flatMap((p) => ["--include", literalArg(p)]), ...r.args.exclude.flatMap((p) => ["--exclude", literalArg(p)])];
}

export function renderDownloadJob(r: DownloadResolved): KubeObject {
    const a = r.args;
    const env = [
        { name: "HF_REPO", value: a.huggingFaceId },
        { name: "HF_REVISION", value: a.revision },
        { name: "TARGET_DIR", value: r.targetDir },
        { name: "HF_HUB_VERSION", value: platformVersions.huggingFaceHub },
        { name: "HF_HUB_DISABLE_TELEMETRY", value: "1" },
        ...(a.hfTokenSecret ? [secretEnv("HF_TOKEN", a.hfTokenSecret)] : []),
    ];
    return renderJob({
        name: r.name,
        component: COMPONENT,
        args: a,
        placement: placement(a, false),
        container: {
            name: "download",
            image: downloadImage(a),
            command: ["sh", "-c", DOWNLOAD_SCRIPT, "download", ...downloadFilters(r)],
            env,
            resources: mergeResources({ requests: { cpu: "2", memory: "4Gi", "ephemeral-storage": a.scratchSize }, limits: { memory: "8Gi" } }, a.resources),
            volumeMounts: [writableModelMount(a.volume), { name: "scratch", mountPath: SCRATCH }],
        },
        extraVolumes: [{ name: "scratch", emptyDir: { sizeLimit: a.scratchSize } }],
    });
}

/** Roles of ModelDownloadJob's children. */
export type DownloadRoles = Roles<"serviceaccount" | "job">;

export function renderDownload(r: DownloadResolved): RenderedObject<RoleOf<DownloadRoles>>[] {
    return [
        { role: "serviceaccount", object: renderJobServiceAccount(r.name, COMPONENT, r.args) },
        { role: "job", object: renderDownloadJob(r), dependsOn: ["serviceaccount"] },
    ];
}
