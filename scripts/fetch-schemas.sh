#!/usr/bin/env bash
# Fetches the Kubernetes OpenAPI document the schema tests validate against: it ships in the
# k8s.io/kubernetes module (api/openapi-spec/swagger.json), so the Go module proxy serves it.
set -euo pipefail
version=$(node -e 'const s=require("fs").readFileSync("src/core/versions.ts","utf8");console.log(s.match(/kubernetesSchema: "([^"]+)"/)[1])')
go mod download "k8s.io/kubernetes@v${version}" >/dev/null
echo "Kubernetes ${version} OpenAPI schema: $(go env GOMODCACHE)/k8s.io/kubernetes@v${version}/api/openapi-spec/swagger.json"
# CRDs of Gateway API and Istio kinds, shipped in their Go modules (see MODULE_CRDS in test/support/kube-schema.ts).
for mod in $(grep -oE 'module: "[^"]+"' test/support/kube-schema.ts | cut -d'"' -f2); do
  go mod download "$mod" >/dev/null
done
echo "Gateway API and Istio CRDs: fetched"
