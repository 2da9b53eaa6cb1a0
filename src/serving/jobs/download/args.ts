import * as v from "valibot";
import { nonEmptyString, quantity, secretKeyRef, type SecretKeyRef } from "../../../core/schemas";
import { jobCommon, volumePath, type JobCommonArgs } from "../common";

export const downloadArgsSchema = v.strictObject({
    ...jobCommon.entries,
    huggingFaceId: v.pipe(v.string(), v.regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'bigscience/bloom-7b1'")),
    revision: v.optional(
        v.pipe(v.string(), v.regex(/^[\w.-]+(\/[\w.-]+)*$/, "must be a branch, tag or commit hash such as 'main' or a 40-character commit")),
        "main",
    ),
    path: v.optional(volumePath),
    include: v.optional(v.array(nonEmptyString), []),
    exclude: v.optional(v.array(nonEmptyString), []),
    hfTokenSecret: v.optional(secretKeyRef),
    scratchSize: v.optional(quantity, "100Gi"),
});

export type DownloadArgsParsed = v.InferOutput<typeof downloadArgsSchema>;

/** Arguments of {@link ModelDownloadJob}. */
export interface ModelDownloadJobArgs extends JobCommonArgs {
    /** The Hugging Face repository, e.g. `bigscience/bloom-7b1`. */
    readonly huggingFaceId: string;
    /**
     * Branch, tag or commit to download. A commit hash pins the exact files; a branch is fetched
     * once and then kept (the marker records the name), until you change it. @default "main"
     */
    readonly revision?: string;
    /** Where the files go, relative to the volume's `subPath`. @default the repository name ("bloom-7b1") */
    readonly path?: string;
    /** Only files matching these globs (`hf download --include`). @default [] (all files) */
    readonly include?: readonly string[];
    /** Skip files matching these globs (`hf download --exclude`). @default [] */
    readonly exclude?: readonly string[];
    /** Secret key holding a Hugging Face token, for gated or private repositories (`HF_TOKEN`). @default none */
    readonly hfTokenSecret?: SecretKeyRef;
    /**
     * Node-local scratch space (an emptyDir, also requested as ephemeral storage) the files are
     * downloaded to before they are copied into the volume; must hold the whole download. @default "100Gi"
     */
    readonly scratchSize?: string;
}
