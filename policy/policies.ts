import type { Policies } from "@pulumi/policy";
import { apiServerAllowlist } from "./rules/api-server-allowlist";
import { bucketsPrivateEncrypted } from "./rules/buckets-private-encrypted";
import { chartsOverTls } from "./rules/charts-over-tls";
import { gpusMatchParallelism } from "./rules/gpus-match-parallelism";
import { imagesPinned } from "./rules/images-pinned";
import { namespacesRetained } from "./rules/namespaces-retained";
import { noDuplicateFlags } from "./rules/no-duplicate-flags";
import { noOpenCidrs } from "./rules/no-open-cidrs";
import { noPlainCredentials } from "./rules/no-plain-credentials";
import { noStaticCloudKeys } from "./rules/no-static-cloud-keys";
import { nodesImdsv2 } from "./rules/nodes-imdsv2";
import { podHardening } from "./rules/pod-hardening";
import { podSecurity } from "./rules/pod-security";
import { servingPodLimits } from "./rules/serving-pod-limits";
import { shmForParallelism } from "./rules/shm-for-parallelism";
import { statefulRetained } from "./rules/stateful-retained";
import { volumesReclaimRetain } from "./rules/volumes-reclaim-retain";

/** Every rule of the pack, in the order the README lists the library's promises. */
export const policies: Policies = [
    bucketsPrivateEncrypted,
    noStaticCloudKeys,
    noPlainCredentials,
    gpusMatchParallelism,
    shmForParallelism,
    noDuplicateFlags,
    imagesPinned,
    chartsOverTls,
    servingPodLimits,
    podSecurity,
    podHardening,
    statefulRetained,
    namespacesRetained,
    volumesReclaimRetain,
    nodesImdsv2,
    apiServerAllowlist,
    noOpenCidrs,
];
