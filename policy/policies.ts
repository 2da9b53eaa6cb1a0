import type { Policies } from "@pulumi/policy";
import { apiServerAllowlist } from "./rules/api-server-allowlist";
import { bucketsPrivateEncrypted } from "./rules/buckets-private-encrypted";
import { gpusMatchParallelism } from "./rules/gpus-match-parallelism";
import { imagesPinned } from "./rules/images-pinned";
import { noOpenCidrs } from "./rules/no-open-cidrs";
import { noStaticCloudKeys } from "./rules/no-static-cloud-keys";
import { nodesImdsv2 } from "./rules/nodes-imdsv2";
import { servingPodLimits } from "./rules/serving-pod-limits";
import { shmForParallelism } from "./rules/shm-for-parallelism";
import { statefulRetained } from "./rules/stateful-retained";

/** Every rule of the pack, in the order the README lists the library's promises. */
export const policies: Policies = [
    bucketsPrivateEncrypted,
    noStaticCloudKeys,
    gpusMatchParallelism,
    shmForParallelism,
    imagesPinned,
    servingPodLimits,
    statefulRetained,
    nodesImdsv2,
    apiServerAllowlist,
    noOpenCidrs,
];
