// One start-up: node, then one require. Prints {wallMs, requireMs, maxRssKiB, cloudSdkModules}.
//   node bench/import/child.js <module specifier>
"use strict";
const specifier = process.argv[2];
const before = performance.now();
require(specifier);
const after = performance.now();
const cloudSdkModules = Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/](aws|alicloud)[\\/]/.test(file));
process.stdout.write(
    JSON.stringify({ wallMs: after, requireMs: after - before, maxRssKiB: process.resourceUsage().maxRSS, cloudSdkModules: cloudSdkModules.length }) + "\n",
);
