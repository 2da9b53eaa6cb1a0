#!/usr/bin/env bash
# Builds the real engine used by the end-to-end tests, from Go modules, into a
# cache outside the repository, and prints the bin dir as the last line.
#
#   engine/build.sh                 build what is missing (a warm run takes seconds)
#   engine/build.sh --print-bin-dir print the bin dir without building
#   engine/build.sh --sequential    build the three groups one after another
#                                   (default: in parallel, see engine/README.md)
#
# Three groups, each in its own helper module (they need different dependency
# versions; one module would mix k8s.io v0.33 and v0.34 and lift pulumi pkg/v3):
#   engine/pulumi          -> bin/pulumi                       (Pulumi CLI)
#   engine/kubernetes      -> bin/pulumi-resource-kubernetes   (pulumi-kubernetes provider)
#   engine/kube-apiserver  -> bin/llm-serving-kube-apiserver   (kube-apiserver + embedded etcd)
#
# Environment:
#   LLM_SERVING_ENGINE_CACHE  cache root (default $HOME/.cache/pulumi-llm-serving/engine)
#   GOMODCACHE, GOCACHE       the usual Go caches (defaults are fine)
#   ENGINE_GO_P               go build -p (default 2)
set -euo pipefail

ENGINE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---- versions (see engine/README.md for why these and not npm's 3.270.0/4.34.2) ----
PULUMI_VERSION=3.259.0                                            # pkg/v3 + sdk/v3 tag
K8S_PROVIDER_PSEUDO=v4.0.0-20260115033456-f47bc2d6f199            # provider/v4 module version
K8S_PROVIDER_STAMP=${K8S_PROVIDER_PSEUDO#v}                       # what the binary reports
KUBE_VERSION=1.34.3                                               # k8s.io/kubernetes, staging v0.34.3
KUBE_BUILD_DATE=2025-12-09T14:59:13Z                              # module time of k8s.io/kubernetes v1.34.3

CACHE_ROOT=${LLM_SERVING_ENGINE_CACHE:-$HOME/.cache/pulumi-llm-serving/engine}

# The key names the versions and a hash of our recipe (this script and the three
# helper modules), so any change to the recipe builds into a fresh directory.
recipe_hash() {
  (
    cd "$ENGINE_DIR"
    cat build.sh
    for m in pulumi kubernetes kube-apiserver; do
      cat "$m/go.mod" "$m/go.sum"
      cat "$m"/*.go 2>/dev/null || true
    done
  ) | sha256sum | cut -c1-12
}
KEY="pulumi-${PULUMI_VERSION}_k8s-provider-${K8S_PROVIDER_PSEUDO#v4.0.0-}_kube-${KUBE_VERSION}_$(recipe_hash)"
OUT="$CACHE_ROOT/$KEY"
BIN="$OUT/bin"

PARALLEL=1
case "${1:-}" in
  --print-bin-dir) echo "$BIN"; exit 0 ;;
  --sequential) PARALLEL=0 ;;
  "") ;;
  *) echo "usage: $0 [--print-bin-dir|--sequential]" >&2; exit 2 ;;
esac

mkdir -p "$BIN" "$OUT/logs" "$OUT/src"

export GOTOOLCHAIN=local      # never download another Go toolchain
export GOFLAGS="-mod=readonly -buildvcs=false"  # go.sum is committed; never edit it during a build
export CGO_ENABLED=0          # static binaries, as upstream's release builds
GO_P=${ENGINE_GO_P:-2}

TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v); fi

# build_group NAME BINARY FUNCTION: runs the exported FUNCTION (which writes $BIN/BINARY.tmp)
# unless BINARY is already built for this key; logs to $OUT/logs/NAME.log.
build_group() {
  local name=$1 binary=$2; shift 2
  if [ -x "$BIN/$binary" ] && [ -f "$OUT/.$name.done" ]; then
    echo "engine: $name: cached ($BIN/$binary)" >&2
    return 0
  fi
  echo "engine: $name: building (log: $OUT/logs/$name.log)" >&2
  local start=$SECONDS
  if ! "${TIME[@]}" bash -euo pipefail -c "$1" > "$OUT/logs/$name.log" 2>&1; then
    echo "engine: $name: FAILED after $((SECONDS - start))s; last lines of $OUT/logs/$name.log:" >&2
    tail -n 30 "$OUT/logs/$name.log" >&2
    return 1
  fi
  mv -f "$BIN/$binary.tmp" "$BIN/$binary"
  touch "$OUT/.$name.done"
  echo "engine: $name: built in $((SECONDS - start))s" >&2
}

build_pulumi() {
  cd "$ENGINE_DIR/pulumi"
  go build -trimpath -p "$GO_P" -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}" \
    -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_kubernetes() {
  # Stage our main + go.mod/go.sum outside the repo and add the provider's committed
  # schema.json / terraform-mapping.json from the module cache (go:embed needs them
  # in the package directory; they are not committed to this repo).
  local src="$OUT/src/kubernetes"
  rm -rf "$src" && mkdir -p "$src"
  cp "$ENGINE_DIR/kubernetes/go.mod" "$ENGINE_DIR/kubernetes/go.sum" "$ENGINE_DIR/kubernetes/main.go" "$src/"
  cd "$src"
  go mod download github.com/pulumi/pulumi-kubernetes/provider/v4
  local dir
  dir=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
  cp "$dir/cmd/pulumi-resource-kubernetes/schema.json" "$dir/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$src/"
  chmod u+w "$src"/*.json
  go build -trimpath -p "$GO_P" \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${K8S_PROVIDER_STAMP}" \
    -o "$BIN/pulumi-resource-kubernetes.tmp" .
}

build_kube_apiserver() {
  cd "$ENGINE_DIR/kube-apiserver"
  local v=k8s.io/component-base/version
  go build -trimpath -p "$GO_P" \
    -ldflags "-s -w -X $v.gitVersion=v${KUBE_VERSION} -X $v.gitMajor=${KUBE_VERSION%%.*} -X $v.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) -X $v.gitTreeState=clean -X $v.buildDate=${KUBE_BUILD_DATE} -X $v.gitCommit=" \
    -o "$BIN/llm-serving-kube-apiserver.tmp" .
}

export ENGINE_DIR OUT BIN GO_P PULUMI_VERSION K8S_PROVIDER_STAMP KUBE_VERSION KUBE_BUILD_DATE
export -f build_pulumi build_kubernetes build_kube_apiserver

start=$SECONDS
groups=(
  "pulumi pulumi build_pulumi"
  "kubernetes pulumi-resource-kubernetes build_kubernetes"
  "kube-apiserver llm-serving-kube-apiserver build_kube_apiserver"
)
status=0
if [ "$PARALLEL" = 1 ]; then
  pids=()
  for g in "${groups[@]}"; do
    # shellcheck disable=SC2086
    ( build_group $g ) & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
else
  for g in "${groups[@]}"; do
    # shellcheck disable=SC2086
    ( build_group $g ) || status=1
  done
fi
if [ "$status" != 0 ]; then
  echo "engine: build failed" >&2
  exit 1
fi
cat > "$OUT/versions.env" <<EOF
PULUMI_VERSION=$PULUMI_VERSION
K8S_PROVIDER_MODULE_VERSION=$K8S_PROVIDER_PSEUDO
K8S_PLUGIN_INSTALL_VERSION=4.34.2
KUBE_VERSION=$KUBE_VERSION
EOF
echo "engine: ready in $((SECONDS - start))s" >&2
echo "$BIN"
