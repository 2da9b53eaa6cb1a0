import { joinPath } from "../../../core/model-volume";
import { dns1123Label } from "../../../core/schemas";
import { beginResolve } from "../../../core/validation";
import { lazySchema } from "../../../core/zod";
import { checkPoolSelector } from "../../../core/gpu";
import type { Deferrable } from "../../../core/deferrable";
import { images } from "../../../core/versions";
import { checkWritableVolume } from "../common";
import { downloadArgsSchema, type DownloadArgsParsed, type ModelDownloadJobArgs } from "./args";

export const DOWNLOAD_COMPONENT = "ModelDownloadJob";

/** A download job's arguments after validation, ready to render. */
export interface DownloadResolved {
    readonly name: string;
    /** The parsed arguments; `namespace` is the checked one (an Output when it or the volume's is). */
    readonly args: DownloadArgsParsed;
    /** Where the files go, relative to the volume's subPath. */
    readonly path: string;
    /** The same directory inside the container. */
    readonly targetDir: string;
}

const NAME = lazySchema(() => dns1123Label().max(50, "must be at most 50 characters (suffixes are added to object names)"));

/** The image the download runs: `image`, else the pinned Python runtime. */
export function downloadImage(a: DownloadArgsParsed): Deferrable<string> {
    return a.image ?? images.huggingFaceHubRuntime;
}

export function resolveDownloadArgs(name: string, raw: ModelDownloadJobArgs): DownloadResolved {
    const { parsed, problems } = beginResolve(DOWNLOAD_COMPONENT, name, NAME(), downloadArgsSchema(), raw);
    const namespace = checkWritableVolume(DOWNLOAD_COMPONENT, parsed, downloadImage(parsed), problems);
    checkPoolSelector(parsed.gpuPool, parsed.nodeSelector, "nodeSelector", problems);
    problems.throwIfAny(DOWNLOAD_COMPONENT);
    const args: DownloadArgsParsed = namespace === parsed.namespace ? parsed : { ...parsed, namespace };
    const path = args.path ?? args.huggingFaceId.split("/")[1];
    return { name, args, path, targetDir: "/" + joinPath(args.volume.mountPath, args.volume.subPath, path) };
}
