import * as v from "valibot";
import { joinPath } from "../../../core/model-volume";
import { dns1123Label } from "../../../core/schemas";
import { parseArgs, ProblemList } from "../../../core/validation";
import { checkWritableVolume } from "../common";
import { downloadArgsSchema, type DownloadArgsParsed, type ModelDownloadJobArgs } from "./args";

export const DOWNLOAD_COMPONENT = "ModelDownloadJob";

export interface DownloadResolved {
    readonly name: string;
    readonly args: DownloadArgsParsed;
    /** Where the files go, relative to the volume's subPath. */
    readonly path: string;
    /** The same directory inside the container. */
    readonly targetDir: string;
}

const NAME = v.pipe(dns1123Label, v.maxLength(50, "must be at most 50 characters (suffixes are added to object names)"));

export function resolveDownloadArgs(name: string, raw: ModelDownloadJobArgs): DownloadResolved {
    const problems = new ProblemList();
    const nameCheck = v.safeParse(NAME, name);
    if (!nameCheck.success) problems.add("name", nameCheck.issues[0].message);
    const args = parseArgs(DOWNLOAD_COMPONENT, downloadArgsSchema, raw);
    checkWritableVolume(args, problems);
    problems.throwIfAny(DOWNLOAD_COMPONENT);
    const path = args.path ?? args.huggingFaceId.split("/")[1];
    return { name, args, path, targetDir: "/" + joinPath(args.volume.mountPath, args.volume.subPath, path) };
}
