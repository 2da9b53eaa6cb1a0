import { nonEmptyString, quantity, secretKeyRef, type SecretKeyRefArgs } from "../../../core/schemas";
import { lazySchema, type Infer } from "../../../core/zod";
import { jobCommon, volumePath, type JobCommonArgs } from "../common";

export const downloadArgsSchema = lazySchema((z) =>
    z.strictObject({
        ...jobCommon().shape,
        huggingFaceId: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be a Hugging Face repository id such as 'bigscience/bloom-7b1'"),
        revision: z
            .string()
            .regex(/^[\w.-]+(\/[\w.-]+)*$/, "must be a branch, tag or commit hash such as 'main' or a 40-character commit")
            .default("main"),
        path: volumePath().optional(),
        include: z.array(nonEmptyString()).default([]),
        exclude: z.array(nonEmptyString()).default([]),
        hfTokenSecret: secretKeyRef().optional(),
        scratchSize: quantity().default("50Gi"),
    }),
);

export type DownloadArgsParsed = Infer<typeof downloadArgsSchema>;

/** Arguments of {@link ModelDownloadJob}. */
export interface ModelDownloadJobArgs extends JobCommonArgs {
    /** The Hugging Face repository, e.g. `bigscience/bloom-7b1`. @default none: required */
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
    /** Secret key holding a Hugging Face token, for gated or private repositories (`HF_TOKEN`); its name may be an Output. @default none */
    readonly hfTokenSecret?: SecretKeyRefArgs;
    /**
     * Node-local scratch space (an emptyDir, also requested as ephemeral storage) the files are
     * downloaded to before they are copied into the volume; must hold the whole download. The
     * default fits a node with GpuCluster's default 100 GiB system disk (90 GiB allocatable after
     * the kubelet's 10% eviction threshold), beside the images and other pods. @default "50Gi"
     */
    readonly scratchSize?: string;
}
