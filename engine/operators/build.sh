#!/usr/bin/env bash
# Builds the operators the cluster twin runs out of cluster (KServe's manager, KubeRay's
# ray-operator, LeaderWorkerSet's manager) from Go modules, into a cache beside the engine's,
# and prints the bin dir as the last line. Separate from engine/build.sh on purpose: its own
# cache key, so changing an operator never rebuilds the ~45-minute engine.
#
#   engine/operators/build.sh                 build what is missing (seconds when warm)
#   engine/operators/build.sh --print-bin-dir print the bin dir without building
#
# One helper module per operator (each pins its own k8s.io and controller-runtime versions;
# KServe's go.mod carries replace directives that `go install pkg@version` refuses, so the
# helper module copies them). Each go.mod names its operator's main package as a `tool`.
#   kserve/   -> bin/kserve-manager   github.com/kserve/kserve/cmd/manager           v0.20.0
#   kuberay/  -> bin/kuberay-operator github.com/ray-project/kuberay/ray-operator    v1.6.1
#   lws/      -> bin/lws-manager      sigs.k8s.io/lws/cmd                            v0.9.0
# kuberay/clusterhash -> bin/kuberay-clusterhash: our command printing KubeRay's cluster-spec hash
#   (GenerateHashWithoutReplicasAndWorkersToDelete) for the specs the library renders (e2e tests).
# KubeRay and LWS are one release behind the library's pins (KubeRay 1.7.0, LWS v0.10.0): the
# Go module proxy this project can reach refuses those two source zips ("403 This module
# version is not available", also by commit hash). engine/README.md says what that leaves out.
#
# Environment: LLM_SERVING_ENGINE_CACHE (cache root, as engine/build.sh), GOMODCACHE/GOCACHE,
# ENGINE_GO_P (go build -p, default 2).
set -euo pipefail

OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_ROOT=${LLM_SERVING_ENGINE_CACHE:-$HOME/.cache/pulumi-llm-serving/engine}
OPERATORS=(kserve kuberay lws)

recipe_hash() {
  (
    cd "$OPS_DIR"
    cat build.sh
    for m in "${OPERATORS[@]}"; do cat "$m/go.mod" "$m/go.sum"; done
  ) | sha256sum | cut -c1-12
}
OUT="$CACHE_ROOT/operators_kserve-v0.20.0_kuberay-v1.6.1_lws-v0.9.0_$(recipe_hash)"
BIN="$OUT/bin"

case "${1:-}" in
  --print-bin-dir) echo "$BIN"; exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--print-bin-dir]" >&2; exit 2 ;;
esac

mkdir -p "$BIN" "$OUT/logs"
export GOTOOLCHAIN=local
export GOFLAGS="-mod=readonly -buildvcs=false"
export CGO_ENABLED=0
GO_P=${ENGINE_GO_P:-2}
TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v); fi

# build OPERATOR BINARY PACKAGE: go build of PACKAGE inside the operator's helper module.
build() {
  local op=$1 binary=$2 pkg=$3
  if [ -x "$BIN/$binary" ] && [ -f "$OUT/.$op.done" ]; then
    echo "operators: $op: cached ($BIN/$binary)" >&2
    return 0
  fi
  echo "operators: $op: building (log: $OUT/logs/$op.log)" >&2
  local start=$SECONDS
  if ! (cd "$OPS_DIR/$op" && "${TIME[@]}" go build -trimpath -p "$GO_P" -ldflags "-s -w" -o "$BIN/$binary.tmp" "$pkg") > "$OUT/logs/$op.log" 2>&1; then
    echo "operators: $op: FAILED after $((SECONDS - start))s; last lines of $OUT/logs/$op.log:" >&2
    tail -n 30 "$OUT/logs/$op.log" >&2
    return 1
  fi
  mv -f "$BIN/$binary.tmp" "$BIN/$binary"
  touch "$OUT/.$op.done"
  echo "operators: $op: built in $((SECONDS - start))s" >&2
}

# share OPERATOR MODULE FILE...: copies upstream manifests the twin applies (the LWS webhook
# configurations and their kustomize patches) from the module into $OUT/share/OPERATOR/.
share() {
  local op=$1 module=$2; shift 2
  local dir
  dir=$(cd "$OPS_DIR/$op" && go list -m -f '{{.Dir}}' "$module")
  mkdir -p "$OUT/share/$op"
  for f in "$@"; do cp "$dir/$f" "$OUT/share/$op/$(basename "$f")"; chmod u+w "$OUT/share/$op/$(basename "$f")"; done
}

start=$SECONDS
build kserve kserve-manager github.com/kserve/kserve/cmd/manager
build kuberay kuberay-operator github.com/ray-project/kuberay/ray-operator
build kuberay kuberay-clusterhash ./clusterhash
build lws lws-manager sigs.k8s.io/lws/cmd
share lws sigs.k8s.io/lws config/webhook/manifests.yaml config/webhook/mutating-patch.yaml config/webhook/validating-patch.yaml
echo "operators: ready in $((SECONDS - start))s" >&2
echo "$BIN"
