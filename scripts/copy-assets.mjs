#!/usr/bin/env node
// Copies non-TypeScript files the library reads at run time (src/**/handlers/*) into dist/.
import { cpSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const copied = [];
const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
        const p = join(dir, entry);
        if (!statSync(p).isDirectory()) continue;
        if (entry === "handlers") {
            cpSync(p, join("dist", relative("src", p)), { recursive: true });
            copied.push(p);
        } else walk(p);
    }
};
walk("src");
console.log(`copied ${copied.length} asset folder(s): ${copied.join(", ")}`);
