#!/usr/bin/env bash
# actionlint (GitHub Actions workflow linter) from the Go module proxy; the policies jest suite runs it
# on .github/workflows. Stamped by version, so a bump of the pin reinstalls.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
version=v1.7.12
bin="${ANTIFRAUD_CACHE:?}/bin/actionlint"
if is_current actionlint "$version" && [ -x "$bin" ]; then log "actionlint $version present"; exit 0; fi
command -v go >/dev/null || { log "go is required to install actionlint"; exit 1; }
log "go install github.com/rhysd/actionlint/cmd/actionlint@$version"
mkdir -p "$(dirname "$bin")"
GOBIN="$(dirname "$bin")" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
mark_current actionlint "$version"
