// One start-up: node, then the given requires in order. Prints {wallMs, requireMs, maxRssKiB, cloudSdkModules}.
//   node bench/import/child.js <module specifier>...
"use strict";
const specifiers = process.argv.slice(2);
const before = performance.now();
for (const specifier of specifiers) require(specifier);
const after = performance.now();
const cloudSdkModules = Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/](aws|alicloud)[\\/]/.test(file));
process.stdout.write(
    JSON.stringify({ wallMs: after, requireMs: after - before, maxRssKiB: process.resourceUsage().maxRSS, cloudSdkModules: cloudSdkModules.length }) + "\n",
);
