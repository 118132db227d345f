#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, idempotently: each step in
# scripts/bootstrap.d/ checks a stamp (hash of its inputs) and does nothing when it is current.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ANTIFRAUD_ROOT="$root"
export ANTIFRAUD_CACHE="$root/.cache"
mkdir -p "$ANTIFRAUD_CACHE/stamps"
# shellcheck source=scripts/bootstrap.d/lib.sh
source "$root/scripts/bootstrap.d/lib.sh"
start=$(date +%s)
for step in "$root"/scripts/bootstrap.d/[0-9]*.sh; do
  bash "$step"
done
echo "bootstrap: ready in $(( $(date +%s) - start )) s"
