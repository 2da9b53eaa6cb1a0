/**
 * Pulumi mock runtime for unit tests: records every registration (type, name, inputs) so tests
 * can assert what a component registers, in preview or update mode. Call `installMocks` before
 * importing the code under test.
 */
import * as pulumi from "@pulumi/pulumi";
import { settle } from "../../src/plan/settle";

export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly custom: boolean;
    readonly provider?: string;
    /** URN of the parent resource ("" for none). */
    readonly parent: string;
    readonly retainOnDelete: boolean;
    readonly protect: boolean;
    /** URNs of explicit dependencies (`dependsOn`). */
    readonly dependencies: string[];
    /** `customTimeouts` as the engine gets them ("" where not set). */
    readonly customTimeouts: { readonly create: string; readonly update: string; readonly delete: string };
    /** `replaceOnChanges` paths as the engine gets them. */
    readonly replaceOnChanges: string[];
    readonly deleteBeforeReplace: boolean;
}

export interface MockOptions {
    /** preview (dry run) or update mode. @default true */
    readonly preview?: boolean;
    /** Results of invokes by token (`aws:index/getAvailabilityZones:getAvailabilityZones`). */
    readonly calls?: Record<string, (inputs: Record<string, any>) => Record<string, any>>;
    /** Computed outputs a resource type has after create (ids, ARNs), in update mode. */
    readonly outputs?: Record<string, (name: string, inputs: Record<string, any>) => Record<string, any>>;
    /** Project name (the namespace `new pulumi.Config()` reads). @default "llm-serving-test" */
    readonly project?: string;
    /** Stack name. @default "preview" or "update" */
    readonly stack?: string;
}

export interface MockRecorder {
    readonly registered: Registered[];
    byType(type: string): Registered[];
    byName(name: string): Registered;
    /** Waits until no registration has arrived for a few turns of the event loop. */
    settle(): Promise<void>;
}

export function installMocks(options: MockOptions = {}): MockRecorder {
    const preview = options.preview ?? true;
    const registered: Registered[] = [];
    let currentRequest: any;
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const req = currentRequest;
                registered.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    custom: args.custom ?? true,
                    provider: args.provider,
                    parent: req?.getParent() ?? "",
                    retainOnDelete: req?.getRetainondelete() ?? false,
                    protect: req?.getProtect() ?? false,
                    dependencies: req?.getDependenciesList() ?? [],
                    customTimeouts: {
                        create: req?.getCustomtimeouts()?.getCreate() ?? "",
                        update: req?.getCustomtimeouts()?.getUpdate() ?? "",
                        delete: req?.getCustomtimeouts()?.getDelete() ?? "",
                    },
                    replaceOnChanges: req?.getReplaceonchangesList() ?? [],
                    deleteBeforeReplace: req?.getDeletebeforereplace() ?? false,
                });
                const computed = preview ? {} : (options.outputs?.[args.type]?.(args.name, args.inputs) ?? {});
                return { id: preview ? undefined : `${args.name}-id`, state: { ...args.inputs, ...computed } } as any;
            },
            call(args: pulumi.runtime.MockCallArgs) {
                const fn = options.calls?.[args.token];
                if (!fn) throw new Error(`unexpected invoke ${args.token}: add it to the test's mocks`);
                return fn(args.inputs);
            },
        },
        options.project ?? "llm-serving-test",
        options.stack ?? (preview ? "preview" : "update"),
        preview,
    );
    // The mock monitor sees the whole request (parent, retainOnDelete, dependencies) but passes only
    // part of it to newResource, which it calls synchronously: keep the request at hand for it.
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        currentRequest = req;
        try {
            return register(req, callback);
        } finally {
            currentRequest = undefined;
        }
    };
    return {
        registered,
        byType: (type) => registered.filter((r) => r.type === type),
        byName: (name) => {
            const found = registered.filter((r) => r.name === name);
            if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
            return found[0];
        },
        settle: () => settle(() => registered.length),
    };
}

/** The name part of a URN. */
export function urnName(urn: string): string {
    return urn.split("::").pop() ?? "";
}

/** The value of an Output (undefined when unknown in preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    return new Promise((resolve) => {
        (output as any).isKnown.then((known: boolean) => {
            if (!known) resolve(undefined);
            else output.apply((v) => resolve(v));
        });
    });
}

/** Whether an Output is known (false for values computed after deploy, in preview). */
export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as any).isKnown;
}

/** Children of a component resource, walked through the SDK's parent links. */
export function childrenOf(resource: pulumi.Resource): pulumi.Resource[] {
    return [...((resource as any).__childResources ?? [])];
}

/** Expects a function to throw pulumi.InputPropertiesError naming `path`; returns the error. */
export function expectArgError(fn: () => unknown, path: string): pulumi.InputPropertiesError {
    try {
        fn();
    } catch (err) {
        if (!pulumi.InputPropertiesError.isInstance(err)) throw new Error(`expected InputPropertiesError, got ${String(err)}`);
        if (!err.errors.some((e) => e.propertyPath === path)) {
            throw new Error(`expected an error at '${path}', got: ${err.errors.map((e) => `${e.propertyPath}: ${e.reason}`).join("; ")}`);
        }
        return err;
    }
    throw new Error(`expected an InputPropertiesError at '${path}', but nothing was thrown`);
}

/**
 * Expects `fn` to throw pulumi.InputPropertiesError naming `path` (as {@link expectArgError}) and
 * the mock runtime to register nothing, neither a child nor the component itself, even after
 * pending registrations have settled; returns the error.
 */
export async function expectRefusedBeforeRegistering(mocks: MockRecorder, fn: () => unknown, path: string): Promise<pulumi.InputPropertiesError> {
    const before = mocks.registered.length;
    const err = expectArgError(fn, path);
    await mocks.settle();
    const registered = mocks.registered.slice(before).map((r) => `${r.type} ${r.name}`);
    if (registered.length > 0) throw new Error(`expected nothing registered after refusing '${path}', got: ${registered.join(", ")}`);
    return err;
}
