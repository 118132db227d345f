#!/usr/bin/env bash
# npm workspaces. onnxruntime-node's install script would fetch GPU binaries from an unreachable host;
# the Kafka client builds librdkafka from its bundled sources against the Debian libraries of
# 10-debian.sh (CKJS_LINKING=dynamic; the prebuilt binary's host cannot be reached), about 2 minutes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
key=$(hash_of package-lock.json)
native=node_modules/@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node
if is_current npm "$key" && [ -d node_modules ] && [ -f "$native" ]; then log "node_modules current"; exit 0; fi
log "npm ci (builds librdkafka for @confluentinc/kafka-javascript)"
CKJS_LINKING=dynamic ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
[ -f "$native" ] || { log "the Kafka client's native module was not built: $native"; exit 1; }
mark_current npm "$key"
