import type { ResourceValidationPolicy } from "@pulumi/policy";
import { HELM_RELEASE } from "../lib/types";

/** Where a Helm release or chart names its source: v3 Release and v4 Chart, then v3 Chart's fetch options. */
const SOURCE_FIELDS = ["chart", "repositoryOpts.repo", "repo", "fetchOpts.repo"] as const;

const read = (props: any, field: string): unknown => field.split(".").reduce((o, k) => o?.[k], props);

/**
 * Helm charts come over TLS (`https://`) or from an OCI registry (`oci://`, TLS by default) or
 * a local directory: a chart fetched over plain `http://` can be swapped in transit, and its
 * templates run with the deploying identity's rights on the cluster.
 */
export const chartsOverTls: ResourceValidationPolicy = {
    name: "charts-over-tls",
    description: "Helm releases and charts are not fetched over plain http:// (use https://, oci:// or a local directory).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!HELM_RELEASE.test(args.type)) return;
        for (const field of SOURCE_FIELDS) {
            const value = read(args.props, field);
            if (typeof value === "string" && /^http:\/\//i.test(value.trim())) {
                reportViolation(`${field} is '${value}', fetched over plain HTTP: use the chart's https:// or oci:// location`);
            }
        }
    },
};
