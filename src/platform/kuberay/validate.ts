import { dns1123Label } from "../../core/schemas";
import { firstProblem, parseArgs, ProblemList } from "../../core/validation";
import { kubeRayOperatorSchema, type KubeRayOperatorArgs, type KubeRayOperatorParsed } from "./args";

export const KUBERAY_OPERATOR_COMPONENT = "KubeRayOperator";

export interface KubeRayOperatorResolved {
    readonly name: string;
    readonly args: KubeRayOperatorParsed;
}

export function resolveKubeRayOperatorArgs(name: string, raw: KubeRayOperatorArgs): KubeRayOperatorResolved {
    const problems = new ProblemList();
    const nameProblem = firstProblem(dns1123Label(), name);
    if (nameProblem !== undefined) problems.add("name", nameProblem);
    const args = parseArgs(KUBERAY_OPERATOR_COMPONENT, kubeRayOperatorSchema(), raw);
    problems.throwIfAny(KUBERAY_OPERATOR_COMPONENT);
    return { name, args };
}
