/**
 * Settings of a source document (a RayLLM model file, a DJLServing `serving.properties`, an
 * OpenLLM 0.4 command line) that the modern engine renamed or dropped. Every component says so the
 * same way: one preview warning per setting, on the component, naming the field path, what the
 * engine calls it now (or that it is gone) and what the library did with it. A setting whose loss
 * would change what is served is refused instead (an InputPropertiesError naming the field), never
 * only warned about.
 */
import * as pulumi from "@pulumi/pulumi";

/** One renamed or dropped setting. */
export interface RenamedSetting {
    /** Path of the setting in the component's arguments, e.g. `rayllmModels[0].engine_config.generation.prompt_format`. */
    readonly field: string;
    /** The engine and version that changed it, e.g. `Ray Serve LLM 2.58.0`. */
    readonly engine: string;
    /** What the engine calls it now (and where the library wrote it); undefined when the engine dropped it. */
    readonly now?: string;
    /** What the library did and why that keeps the served output the same (or what to do instead). */
    readonly note: string;
}

/** The preview message for a renamed or dropped setting: `<field>: <engine> renamed it to <now> | dropped it; <note>`. */
export function renamedSetting(s: RenamedSetting): string {
    const what = s.now !== undefined ? `${s.engine} renamed it to ${s.now}` : `${s.engine} dropped it`;
    return `${s.field}: ${what}; ${s.note}`;
}

/** Shows each message as a preview warning on the component. */
export function warnRenamedSettings(messages: readonly string[], resource: pulumi.Resource): void {
    for (const message of messages) pulumi.log.warn(message, resource);
}
