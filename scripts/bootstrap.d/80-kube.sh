#!/usr/bin/env bash
# A real Kubernetes API server for the dry-run test of every object the program creates: Debian's
# etcd-server, kube-apiserver built from the k8s.io/kubernetes module through the wrapper module in
# scripts/local/kube (its staging modules replaced by their published versions; about 4 minutes on 2
# cores, cached by a stamp of the module files), and the prometheus-operator CRDs from that Go module
# at the version kube-prometheus-stack ships (scripts/local/kube/versions.env). Output in .cache/kube.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
out="${ANTIFRAUD_CACHE:?}/kube"
mod=scripts/local/kube

if ! command -v etcd >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing etcd-server"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
fi
command -v go >/dev/null || { log "go is required to build kube-apiserver"; exit 1; }

version=$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3 }' "$mod/go.mod")
key=$(hash_of "$0" "$mod/go.mod" "$mod/go.sum")
if is_current kube-apiserver "$key" && [ -x "$out/bin/kube-apiserver" ]; then
  log "kube-apiserver $version present"
else
  log "building kube-apiserver $version from k8s.io/kubernetes (go $(go env GOVERSION))"
  start=$(date +%s)
  minor=${version#v1.}; minor=${minor%%.*}
  pkg=k8s.io/component-base/version
  mkdir -p "$out/bin"
  (cd "$mod" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
    -ldflags "-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean" \
    -o "$out/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
  log "built $("$out/bin/kube-apiserver" --version) in $(( $(date +%s) - start )) s"
  mark_current kube-apiserver "$key"
fi

# shellcheck source=scripts/local/kube/versions.env
source "$mod/versions.env"
crds="$out/crds/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"
if is_current prometheus-operator-crds "$PROMETHEUS_OPERATOR_VERSION" && compgen -G "$crds/*.yaml" >/dev/null; then
  log "prometheus-operator $PROMETHEUS_OPERATOR_VERSION CRDs present"
else
  log "prometheus-operator $PROMETHEUS_OPERATOR_VERSION CRDs from the Go module"
  dir=$(cd "$mod" && GOFLAGS=-mod=mod go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" \
    | awk -F'"' '$2 == "Dir" { print $4 }')
  rm -rf "$crds" && mkdir -p "$crds"
  cp "$dir"/example/prometheus-operator-crd/monitoring.coreos.com_*.yaml "$crds/"
  chmod u+w "$crds"/*.yaml
  log "$(ls "$crds" | wc -l) CRDs in $crds"
  mark_current prometheus-operator-crds "$PROMETHEUS_OPERATOR_VERSION"
fi
