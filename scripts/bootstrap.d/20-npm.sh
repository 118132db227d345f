#!/usr/bin/env bash
# npm workspaces. onnxruntime-node's install script would fetch GPU binaries from an unreachable host.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
key=$(hash_of package-lock.json)
if is_current npm "$key" && [ -d node_modules ]; then log "node_modules current"; exit 0; fi
log "npm ci"
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
mark_current npm "$key"
