import { dns1123Label } from "../../core/schemas";
import { beginResolve } from "../../core/validation";
import { kubeRayOperatorSchema, type KubeRayOperatorArgs, type KubeRayOperatorParsed } from "./args";

export const KUBERAY_OPERATOR_COMPONENT = "KubeRayOperator";

/** A KubeRayOperator's arguments after validation, ready to render. */
export interface KubeRayOperatorResolved {
    readonly name: string;
    readonly args: KubeRayOperatorParsed;
}

export function resolveKubeRayOperatorArgs(name: string, raw: KubeRayOperatorArgs): KubeRayOperatorResolved {
    const { parsed: args, problems } = beginResolve(KUBERAY_OPERATOR_COMPONENT, name, dns1123Label(), kubeRayOperatorSchema(), raw);
    problems.throwIfAny(KUBERAY_OPERATOR_COMPONENT);
    return { name, args };
}
