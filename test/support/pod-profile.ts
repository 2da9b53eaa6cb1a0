import assert from "node:assert/strict";
import { RUN_AS_ROOT_ANNOTATION, WRITABLE_ENV, WRITABLE_HOME, WRITABLE_TMP } from "../../src/serving/common/pod-security";

/** A container's environment without the cache variables every pod gets ({@link WRITABLE_ENV}): the engine's own. */
export function engineEnv(c: { env?: { name: string }[] }): unknown[] {
    return (c.env ?? []).filter((e) => !WRITABLE_ENV.some((w) => w.name === e.name));
}

/** One pod spec of a rendered object, with where it is and the workload's annotations. */
export interface RenderedPod {
    readonly kind: string;
    readonly at: string;
    readonly spec: any;
    /** Containers the pod spec holds, init containers first (KServe's inline `model` included). */
    readonly containers: any[];
    readonly annotations: Record<string, string>;
}

/**
 * Every pod spec a rendered object holds, found by walking it (not by kind): any object with a
 * `containers` array, or a KServe component with an inline `model` container. Nothing is picked
 * by hand, so a pod a render adds later is checked too.
 */
export function renderedPods(object: any): RenderedPod[] {
    const out: RenderedPod[] = [];
    const annotations = object.metadata?.annotations ?? {};
    const walk = (value: any, at: string) => {
        if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${at}[${i}]`));
        if (typeof value !== "object" || value === null) return;
        const containers = Array.isArray(value.containers) ? value.containers : value.model && typeof value.model === "object" ? [value.model] : undefined;
        if (containers && at !== "") {
            out.push({ kind: object.kind, at, spec: value, containers: [...(value.initContainers ?? []), ...containers], annotations });
        }
        for (const [key, v] of Object.entries(value)) if (key !== "containers" && key !== "initContainers") walk(v, at === "" ? key : `${at}.${key}`);
    };
    walk(object, "");
    return out;
}

/**
 * The restricted profile on one pod: own ServiceAccount without token (unless `keepToken`), a
 * numeric non-root user, every container read-only with no capabilities, no escalation, the
 * writable emptyDirs mounted and the cache environment set.
 */
export function assertRestrictedPod(pod: RenderedPod, serviceAccountName: string, opts: { keepToken?: boolean } = {}): void {
    const where = `${pod.kind} ${pod.at}`;
    assert.equal(pod.spec.serviceAccountName, serviceAccountName, `${where}: serviceAccountName`);
    assert.equal(pod.spec.automountServiceAccountToken, opts.keepToken === true, `${where}: automountServiceAccountToken`);
    const psc = pod.spec.securityContext;
    assert.equal(psc.runAsNonRoot, true, `${where}: runAsNonRoot`);
    assert.ok(Number.isInteger(psc.runAsUser) && psc.runAsUser > 0, `${where}: numeric runAsUser`);
    assert.ok(Number.isInteger(psc.runAsGroup), `${where}: numeric runAsGroup`);
    assert.ok(Number.isInteger(psc.fsGroup), `${where}: numeric fsGroup`);
    assert.equal(psc.seccompProfile.type, "RuntimeDefault", `${where}: seccomp`);
    assert.equal(pod.annotations[RUN_AS_ROOT_ANNOTATION], undefined, `${where}: no run-as-root annotation`);
    const volumes = new Map<string, any>((pod.spec.volumes ?? []).map((v: any) => [v.name, v]));
    assert.equal(volumes.size, (pod.spec.volumes ?? []).length, `${where}: volume names are unique`);
    for (const c of pod.containers) {
        const cw = `${where} container ${c.name ?? "kserve-container"}`;
        const sc = c.securityContext;
        assert.equal(sc.readOnlyRootFilesystem, true, `${cw}: readOnlyRootFilesystem`);
        assert.equal(sc.allowPrivilegeEscalation, false, `${cw}: allowPrivilegeEscalation`);
        assert.deepEqual(sc.capabilities, { drop: ["ALL"] }, `${cw}: capabilities`);
        assert.equal(sc.runAsNonRoot, true, `${cw}: runAsNonRoot`);
        assert.equal(sc.seccompProfile.type, "RuntimeDefault", `${cw}: seccomp`);
        const mounts = new Map<string, any>((c.volumeMounts ?? []).map((m: any) => [m.mountPath, m]));
        assert.equal(mounts.size, (c.volumeMounts ?? []).length, `${cw}: mount paths are unique`);
        for (const path of [WRITABLE_TMP, WRITABLE_HOME]) {
            const mount = mounts.get(path);
            assert.ok(mount, `${cw}: ${path} is mounted`);
            assert.ok(volumes.get(mount.name)?.emptyDir, `${cw}: ${path} is an emptyDir`);
        }
        for (const m of c.volumeMounts ?? []) assert.ok(volumes.has(m.name), `${cw}: mount ${m.name} has a volume`);
        const env = new Map<string, any>((c.env ?? []).map((e: any) => [e.name, e.value]));
        assert.equal(env.get("HOME"), WRITABLE_HOME, `${cw}: HOME`);
        for (const name of ["XDG_CACHE_HOME", "HF_HOME"]) {
            const value = env.get(name);
            assert.ok(
                typeof value === "string" &&
                    [WRITABLE_HOME, WRITABLE_TMP, ...[...mounts.values()].filter((m) => !m.readOnly).map((m) => m.mountPath)].some((p) => value.startsWith(p)),
                `${cw}: ${name} (${value}) is on a writable mount`,
            );
        }
    }
}
