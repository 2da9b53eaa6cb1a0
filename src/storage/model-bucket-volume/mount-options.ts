import { DEFAULT_IMAGE_USER } from "../../core/image-users";
import type { ModelBucketVolumeParsed } from "./args";

/**
 * What a ReadWriteMany volume's FUSE mount needs so that the model jobs, which run as a numeric
 * non-root user (`core/image-users`, `serving/common/pod-security`), can write into it.
 *
 * - OSS, ossfs 1.0: ossfs checks access itself (aliyun/ossfs v1.91.10 `src/s3fs.cpp`,
 *   `check_object_access`): root may do anything, so may the user named by `-o uid=`; anyone else
 *   gets the object's mode (every object's `0777 & ~umask` once `umask` is given: `0755` with the
 *   default `umask=022`) against its owner, the mount point's owner (root) for the root. A uid-1000
 *   writer is refused creating a file or directory. The ACK CSI plugin does not take the pod's
 *   `fsGroup` (no `VOLUME_MOUNT_GROUP` node capability, kubernetes-sigs/alibaba-cloud-csi-driver
 *   `pkg/oss/nodeserver.go`), and kubelet changes ownership only of ReadWriteOnce volumes. So a
 *   ReadWriteMany OSS volume renders `-o uid=<writer> -o gid=<writer>` (`oss.writer`). ossfs 2.0
 *   takes the same `uid`/`gid` options (its directories and files are `0777` by default).
 * - S3, Mountpoint: the CSI driver (v2, the EKS add-on the library pins) sets `--gid` from the
 *   pod's `fsGroup` with `--dir-mode 770 --file-mode 660` when the PV does not set them
 *   (awslabs/mountpoint-s3-csi-driver v2.7.0 `pkg/driver/node/node.go`), and the jobs always render
 *   an `fsGroup`, so ownership needs nothing here (an explicit `gid=` would replace the pod's). What
 *   it needs is `allow-overwrite`: Mountpoint refuses to replace an existing object without it
 *   (awslabs/mountpoint-s3 `doc/SEMANTICS.md`), and a job that runs again (a retry after a partial
 *   copy, a new revision) opens existing files with `O_TRUNC` (`cp`, the marker file).
 */

/** The user a ReadWriteMany OSS volume's files belong to: `oss.writer`, by default the jobs' default user. */
export interface VolumeWriter {
    readonly uid: number;
    readonly gid: number;
}

/** The jobs' default user (`DEFAULT_IMAGE_USER`): what `oss.writer` defaults to. */
export const DEFAULT_VOLUME_WRITER: VolumeWriter = { uid: DEFAULT_IMAGE_USER.uid, gid: DEFAULT_IMAGE_USER.gid };

/**
 * ossfs options in `otherOpts`, read as the ACK CSI plugin reads them (`-o a,b`, `-oa,b`): each
 * option once, `name=value` or a bare name. Words without `-o` (which the plugin refuses) are skipped.
 */
export function ossOptionList(otherOpts: string): string[] {
    const words = otherOpts.split(/\s+/).filter((w) => w !== "");
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
        const word = words[i];
        const list = word === "-o" ? words[++i] : word.startsWith("-o") ? word.slice(2) : undefined;
        if (list !== undefined) out.push(...list.split(",").filter((o) => o !== ""));
    }
    return out;
}

/** The value `otherOpts` gives option `name` (the last one wins, as in ossfs), or undefined. */
export function ossOptionValue(otherOpts: string, name: string): string | undefined {
    const values = ossOptionList(otherOpts)
        .filter((o) => o.startsWith(`${name}=`))
        .map((o) => o.slice(name.length + 1));
    return values.at(-1);
}

/** The owner a volume's ossfs mount renders: the writer on a ReadWriteMany OSS volume, else none. */
export function ossWriter(args: ModelBucketVolumeParsed): VolumeWriter | undefined {
    if (args.cloud !== "alicloud" || args.accessMode !== "ReadWriteMany") return undefined;
    return args.oss.writer ?? DEFAULT_VOLUME_WRITER;
}

/** `otherOpts` as rendered: on a ReadWriteMany volume, the writer's `-o uid=`/`-o gid=` added unless already given. Read-only volumes: `oss.otherOpts` as is. */
export function ossOtherOpts(args: ModelBucketVolumeParsed): string {
    const given = args.oss.otherOpts;
    const writer = ossWriter(args);
    if (!writer) return given;
    const owner = (["uid", "gid"] as const).filter((k) => ossOptionValue(given, k) === undefined).map((k) => `-o ${k}=${writer[k]}`);
    return [given.trim(), ...owner].filter((s) => s !== "").join(" ");
}

/** Mountpoint options a ReadWriteMany S3 volume adds before `s3.extraMountOptions`: `allow-overwrite`, unless given there. */
export function s3WriterMountOptions(args: ModelBucketVolumeParsed): string[] {
    if (args.cloud !== "aws" || args.accessMode !== "ReadWriteMany") return [];
    return args.s3.extraMountOptions.includes("allow-overwrite") ? [] : ["allow-overwrite"];
}

/** `s3.extraMountOptions` as rendered: {@link s3WriterMountOptions} first. */
export function s3ExtraMountOptions(args: ModelBucketVolumeParsed): string[] {
    return [...s3WriterMountOptions(args), ...args.s3.extraMountOptions];
}

/** `oss.otherOpts` setting another owner than `oss.writer` on a ReadWriteMany volume: one problem per option, else none. */
export function ossWriterConflicts(args: ModelBucketVolumeParsed): string[] {
    const writer = ossWriter(args);
    if (!writer) return [];
    const given = args.oss.writer === undefined ? "the default, the jobs' user" : "oss.writer";
    return (["uid", "gid"] as const).flatMap((k) => {
        const value = ossOptionValue(args.oss.otherOpts, k);
        if (value === undefined || value === String(writer[k])) return [];
        return [
            `sets ${k}=${value}, but the volume's writer has ${k} ${writer[k]} (${given}): the mount renders the writer's uid and gid itself; set oss.writer to the user the jobs run as (podSecurity.runAsUser/runAsGroup) instead`,
        ];
    });
}
