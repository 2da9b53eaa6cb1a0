// One evaluation of one program under the Pulumi SDK's mock runtime, in preview mode, the way the
// Node.js language host runs a program: inside the root Stack resource, then waiting until every
// resource RPC has been answered. Prints one JSON line on stdout.
//
//   node bench/eval/child.js <program.js> [--record]
//
// The program reads its size from BENCH_N and its variant from BENCH_VARIANT. With --record, every
// registration is recorded (type, name, inputs, options) for the equivalence check; without it, the
// mock only counts, so the harness costs the same for every program it times.
"use strict";
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const settings = require("@pulumi/pulumi/runtime/settings");

const programPath = path.resolve(process.argv[2]);
const record = process.argv.includes("--record");
const records = [];
let custom = 0;
let components = 0;
let currentRequest;

pulumi.runtime.setMocks(
    {
        newResource(args) {
            if (args.custom) custom++;
            else components++;
            if (record) {
                const req = currentRequest;
                records.push({
                    type: args.type,
                    name: args.name,
                    custom: Boolean(args.custom),
                    inputs: args.inputs,
                    parent: req ? req.getParent() : "",
                    dependencies: req ? req.getDependenciesList() : [],
                    retainOnDelete: req ? req.getRetainondelete() : false,
                    protect: req ? req.getProtect() : false,
                    customTimeouts: req && req.getCustomtimeouts() ? req.getCustomtimeouts().toObject() : undefined,
                });
            }
            return { id: undefined, state: args.inputs };
        },
        call(args) {
            throw new Error(`the benchmark stack made an unexpected invoke: ${args.token}`);
        },
    },
    "bench",
    "bench",
    true,
);

if (record) {
    // The mock monitor passes only part of the request to newResource, synchronously: keep the rest.
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        currentRequest = req;
        try {
            return register(req, callback);
        } finally {
            currentRequest = undefined;
        }
    };
}

async function main() {
    const startMs = performance.now();
    await pulumi.runtime.runInPulumiStack(async () => {
        const exported = require(programPath);
        return typeof exported === "function" ? exported() : exported;
    });
    await settings.waitForRPCs();
    const endMs = performance.now();
    const result = {
        // Since the process started (node's own start-up included, the same on every side).
        wallMs: endMs,
        // From loading the program to the last answered RPC.
        evalMs: endMs - startMs,
        // User + system CPU time of the whole process: less moved than wall time by other load.
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        maxRssKiB: process.resourceUsage().maxRSS,
        custom,
        components,
    };
    if (record) result.records = records;
    // A pipe is written asynchronously: exit only once the (possibly large) line is flushed.
    await new Promise((resolve) => process.stdout.write(JSON.stringify(result) + "\n", resolve));
}

main().then(
    () => process.exit(0),
    (err) => {
        console.error(err && err.stack ? err.stack : String(err));
        process.exit(1);
    },
);
