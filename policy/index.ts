/**
 * The policy pack of pulumi-llm-serving: `pulumi preview --policy-pack policy` (after `npm
 * install` here when used outside this repository). The rules live in rules/, one per file;
 * check-plan.ts runs the same rules on an offline plan.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("llm-serving", { policies, enforcementLevel: "mandatory" });
