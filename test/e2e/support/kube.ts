// A tiny Kubernetes REST client for the end-to-end tests (no kubectl here):
// enough to install CRDs and read objects back.
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";

export interface KubeTarget {
    server: string;
    token: string;
    caPem: string;
}

export interface KubeResponse {
    status: number;
    body: any;
}

/**
 * One HTTP request to the API server. 429 answers (the API server says so while a
 * new resource's watch cache is still initializing, e.g. right after a CRD is
 * established) are retried for up to 30 s.
 */
export async function kubeRequest(
    target: KubeTarget,
    method: string,
    urlPath: string,
    body?: unknown,
    contentType = "application/json",
): Promise<KubeResponse> {
    const deadline = Date.now() + 30_000;
    for (;;) {
        const res = await kubeRequestOnce(target, method, urlPath, body, contentType);
        if (res.status !== 429 || Date.now() > deadline) return res;
        await new Promise((r) => setTimeout(r, 250));
    }
}

function kubeRequestOnce(target: KubeTarget, method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
        const req = https.request(
            `${target.server}${urlPath}`,
            {
                method,
                ca: target.caPem,
                timeout: 30_000,
                headers: {
                    Authorization: `Bearer ${target.token}`,
                    Accept: "application/json",
                    ...(payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}),
                },
            },
            (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (c) => (text += c));
                res.on("end", () => {
                    let parsed: any = text;
                    try {
                        parsed = text ? JSON.parse(text) : undefined;
                    } catch {
                        /* keep text */
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
    });
}

export async function kubeGet(target: KubeTarget, urlPath: string): Promise<KubeResponse> {
    return kubeRequest(target, "GET", urlPath);
}

/** Reads every CustomResourceDefinition from the *.yaml files under dir (recursively). */
export function readCrds(dir: string): any[] {
    const out: any[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.ya?ml$/.test(e.name)) {
                for (const doc of parseAllDocuments(fs.readFileSync(p, "utf8"))) {
                    const obj = doc.toJS({ maxAliasCount: -1 });
                    if (obj?.kind === "CustomResourceDefinition") out.push(obj);
                }
            }
        }
    };
    walk(dir);
    return out;
}

/**
 * Creates the CRDs (server-side apply, so re-running is harmless) and waits until
 * each is Established. Returns the CRD names.
 */
export async function installCrds(target: KubeTarget, crds: any[], timeoutMs = 60_000): Promise<string[]> {
    const names: string[] = [];
    for (const crd of crds) {
        const name = crd.metadata.name as string;
        const res = await kubeRequest(
            target,
            "PATCH",
            `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}?fieldManager=llm-serving-e2e&force=true`,
            crd,
            "application/apply-patch+yaml",
        );
        if (res.status !== 200 && res.status !== 201) {
            throw new Error(`apply CRD ${name}: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
        }
        names.push(name);
    }
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
        for (;;) {
            const res = await kubeGet(target, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            const established = res.body?.status?.conditions?.some((c: any) => c.type === "Established" && c.status === "True");
            if (established) break;
            if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    return names;
}
