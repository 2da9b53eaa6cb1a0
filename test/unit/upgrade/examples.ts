import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/kube-schema";

/** Every example project in examples/ (a folder with a Pulumi.yaml), so new ones are covered without editing tests. */
export function exampleNames(): string[] {
    const dir = path.join(REPO_ROOT, "examples");
    return fs
        .readdirSync(dir)
        .filter((n) => fs.existsSync(path.join(dir, n, "Pulumi.yaml")))
        .sort();
}

export function exampleFile(example: string, file: string): string {
    return path.join(REPO_ROOT, "examples", example, file);
}
