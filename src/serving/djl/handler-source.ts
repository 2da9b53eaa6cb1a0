import * as fs from "node:fs";
import * as path from "node:path";
import type { BUILT_IN_HANDLERS } from "./args";

const FILES: Record<(typeof BUILT_IN_HANDLERS)[number], string> = {
    "deepspeed-bloom": "deepspeed_bloom.py",
};

/** Source of a handler the library ships, read from `handlers/` next to this module (copied into dist by the build). */
export function builtInHandlerSource(name: (typeof BUILT_IN_HANDLERS)[number]): string {
    return fs.readFileSync(path.join(__dirname, "handlers", FILES[name]), "utf8");
}
