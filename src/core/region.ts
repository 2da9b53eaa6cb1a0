import { lazySchema } from "./zod";

/** The clouds the library provisions on. */
export type Cloud = "alicloud" | "aws";

const DIRECTION = "(?:central|north|south|east|west|northeast|northwest|southeast|southwest)";

/**
 * AWS region ids: `<area>[-gov|-iso*]-<direction>-<n>` (`us-east-1`, `ap-southeast-2`,
 * `us-gov-west-1`, `cn-north-1`, `us-iso-east-1`), and the European Sovereign Cloud's
 * `eusc-<country>-<direction>-<n>`.
 */
const AWS_REGION = new RegExp(`^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?|eusc-[a-z]{2})-${DIRECTION}-\\d{1,2}$`);

/**
 * Alibaba Cloud region ids: in the Chinese mainland a city (`cn-hangzhou`, `cn-wulanchabu`, also
 * `cn-shanghai-finance-1`; `cn-north-2-gov-1`), elsewhere `<area>-<direction>-<n>`
 * (`ap-southeast-1`, `us-west-1`, `eu-central-1`, `me-east-1`). `cn-north-1`-style ids are AWS's.
 */
const ALICLOUD_REGION = new RegExp(`^(?:cn-(?!${DIRECTION}-\\d)[a-z]+(?:-[a-z]+-\\d{1,2})?|cn-north-2-gov-1|(?!cn-)[a-z]{2}-${DIRECTION}-\\d{1,2})$`);

const REGION = { aws: AWS_REGION, alicloud: ALICLOUD_REGION } as const;
const CLOUD_NAME = { aws: "AWS", alicloud: "Alibaba Cloud" } as const;
const EXAMPLES = {
    aws: "'us-east-1', 'ap-southeast-2', 'us-gov-west-1' or 'cn-north-1'",
    alicloud: "'cn-hangzhou', 'ap-southeast-1', 'us-west-1' or 'eu-central-1'",
} as const;

/** The shape every region id has (lower-case words joined by '-'); {@link regionProblem} checks it per cloud. */
export const regionId = lazySchema((z) => z.string().regex(/^[a-z]{2,4}(-[a-z0-9]+)+$/, "must be a region id such as 'cn-hangzhou' or 'us-east-1'"));

/**
 * Why `region` is not a region id of `cloud`, or undefined. Names shared by both clouds
 * (`us-east-1`, `ap-southeast-1`) pass for either: only the form is checked, not the cloud's list.
 */
export function regionProblem(cloud: Cloud, region: string): string | undefined {
    if (REGION[cloud].test(region)) return undefined;
    const other: Cloud = cloud === "aws" ? "alicloud" : "aws";
    const expected = `expected ${CLOUD_NAME[cloud]} region ids such as ${EXAMPLES[cloud]}`;
    if (REGION[other].test(region)) return `'${region}' is an ${CLOUD_NAME[other]} region id, but cloud is '${cloud}': ${expected}`;
    return `'${region}' is not an ${CLOUD_NAME[cloud]} region id: ${expected}`;
}
