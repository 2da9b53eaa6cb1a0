#!/usr/bin/env bash
# Resolves the schemas the schema tests validate against (test/support/schema-sources.ts): each from
# its environment variable, ../shared, its Go module (`go mod download`, when Go is installed), or a
# download of the pinned upstream file checked against its recorded sha256. Prints where each came
# from, or one message listing every missing source and how to get it (then exits 1).
set -euo pipefail
cd "$(dirname "$0")/.."
TSX_TSCONFIG_PATH=tsconfig.test.json node --import tsx -e '
const { resolveSchemaSources } = require("./test/support/schema-sources");
try {
    for (const r of resolveSchemaSources().values()) console.log(`${r.name}: ${r.path} (${r.via})`);
} catch (e) {
    console.error(e.message);
    process.exit(1);
}'
