#!/usr/bin/env bash
# Debian packages: Redis (online feature store), Prometheus + promtool (alert rules, local scraping) and
# openssl (the Kafka TLS test makes a throwaway certificate) and wrk (the HTTP bench's load generator).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
packages=(redis-server prometheus openssl wrk)
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v promtool >/dev/null || missing+=(prometheus)
command -v openssl >/dev/null || missing+=(openssl)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -eq 0 ]; then log "present: ${packages[*]}"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
log "installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
