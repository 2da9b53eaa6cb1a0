import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** What the plan needs from a Pulumi project: its name, entry file and stack configuration. */
export interface ProjectConfig {
    readonly name: string;
    readonly main: string;
    /** Config values keyed `project:key` (or `provider:key`), as Pulumi passes them to programs. */
    readonly config: Record<string, string>;
    /** Keys whose values are secrets (`secure:` in the stack file), never decrypted offline. */
    readonly secretKeys: string[];
}

/** Placeholder for a `secure:` value: it is never printed (secrets are redacted) nor decrypted. */
export const UNDECRYPTED_SECRET = "<secret: not decrypted offline>";

function configString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Reads `Pulumi.yaml` (defaults from its `config:` schema) and `Pulumi.<stack>.yaml`, as the
 * Pulumi CLI would, plus explicit overrides (`key=value`).
 */
export function loadProject(programDir: string, stack: string, overrides: Record<string, string> = {}): ProjectConfig {
    const projectFile = path.join(programDir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile)) throw new Error(`${programDir} is not a Pulumi project: Pulumi.yaml not found`);
    const project = parse(fs.readFileSync(projectFile, "utf8")) ?? {};
    const name: string = project.name;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries<any>(project.config ?? {})) {
        const value = decl !== null && typeof decl === "object" && !Array.isArray(decl) ? (decl.default ?? decl.value) : decl;
        if (value !== undefined) config[qualify(name, key)] = configString(value);
    }
    const stackFile = path.join(programDir, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(stackFile)) {
        const stackYaml = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
        for (const [key, value] of Object.entries<any>(stackYaml.config ?? {})) {
            const full = qualify(name, key);
            if (value !== null && typeof value === "object" && "secure" in value) {
                config[full] = UNDECRYPTED_SECRET;
                secretKeys.push(full);
            } else {
                config[full] = configString(value);
            }
        }
    }
    for (const [key, value] of Object.entries(overrides)) config[qualify(name, key)] = value;
    const main = project.main ? resolveMain(programDir, project.main) : defaultMain(programDir);
    return { name, main, config, secretKeys };
}

function defaultMain(programDir: string): string {
    for (const candidate of ["index.ts", "index.js"]) {
        const file = path.join(programDir, candidate);
        if (fs.existsSync(file)) return file;
    }
    throw new Error(`${programDir} has no index.ts or index.js (and Pulumi.yaml names no main)`);
}

/**
 * Pulumi.yaml's `main`, relative to the project: a file, or a folder whose `index.ts` / `index.js`
 * (or its own package.json `main`) is the program, as the Node.js language host resolves it.
 */
function resolveMain(programDir: string, main: string): string {
    const target = path.join(programDir, main);
    if (!fs.existsSync(target)) throw new Error(`Pulumi.yaml's main '${main}' does not exist in ${programDir}`);
    if (!fs.statSync(target).isDirectory()) return target;
    const manifest = path.join(target, "package.json");
    const packageMain = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { main?: string }).main : undefined;
    if (packageMain) return path.join(target, packageMain);
    for (const candidate of ["index.ts", "index.js"]) {
        const file = path.join(target, candidate);
        if (fs.existsSync(file)) return file;
    }
    throw new Error(`Pulumi.yaml's main '${main}' is a folder without index.ts or index.js`);
}
