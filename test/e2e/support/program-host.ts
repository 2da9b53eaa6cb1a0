// Hosts a Pulumi TypeScript program for the Pulumi CLI's `--client=ADDR` mode.
//
//   node --import tsx test/e2e/support/program-host.ts /path/to/program.ts
//
// Prints "PORT <n>" on stdout once the language-runtime gRPC server listens on
// 127.0.0.1:<n>; `pulumi up|preview|refresh --client=127.0.0.1:<n>` then runs the
// program in this process instead of starting the pulumi-language-nodejs plugin
// (which cannot be built here, see engine/README.md). This is the mechanism the
// Automation API uses for inline programs: @pulumi/pulumi's own LanguageServer.
// TypeScript is compiled on the fly by tsx (loaded with --import tsx).
//
// The program module must export a function (default export or `export =`), which
// is called on every Run: `pulumi up` without --skip-preview runs it twice.
// Exits when stdin closes or on SIGTERM/SIGINT.
import * as path from "node:path";
import { pathToFileURL } from "node:url";

// Resolve @pulumi/pulumi (and its @grpc/grpc-js) from the program's location so
// that the program and the host share one copy of the SDK's runtime state.
const programFile = path.resolve(process.argv[2] ?? "");
if (!process.argv[2]) {
    console.error("usage: program-host.ts PROGRAM.ts");
    process.exit(2);
}
const fromProgram = (id: string) => require.resolve(id, { paths: [path.dirname(programFile)] });

const grpc = require(fromProgram("@grpc/grpc-js"));
const pulumiDir = path.dirname(fromProgram("@pulumi/pulumi/package.json"));
// LanguageServer is marked @internal in @pulumi/pulumi 3.270.0 (no typings).

const { LanguageServer } = require(path.join(pulumiDir, "automation", "server"));

const langrpc = require(path.join(pulumiDir, "proto", "language_grpc_pb"));

const { grpcChannelOptions } = require(path.join(pulumiDir, "runtime", "settings"));

async function main(): Promise<void> {
    const mod: any = await import(pathToFileURL(programFile).href);
    let fn: unknown = mod?.default ?? mod;
    if (fn && typeof fn !== "function" && typeof (fn as any).default === "function") fn = (fn as any).default;
    if (typeof fn !== "function") {
        throw new Error(`${programFile} must export a function (export default async () => { ... })`);
    }
    const program = fn as () => Promise<Record<string, unknown> | void>;

    const server = new grpc.Server({ ...grpcChannelOptions });
    const languageServer = new LanguageServer(program);
    server.addService(langrpc.LanguageRuntimeService, languageServer);
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    process.stdout.write(`PORT ${port}\n`);

    let done = false;
    const shutdown = () => {
        if (done) return;
        done = true;
        server.forceShutdown();
        process.exit(0);
    };
    process.stdin.on("end", shutdown);
    process.stdin.on("close", shutdown);
    process.stdin.resume();
    process.on("SIGTERM", shutdown);
    process.on("SIGINT", shutdown);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
