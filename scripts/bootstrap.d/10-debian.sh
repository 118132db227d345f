#!/usr/bin/env bash
# Debian packages: Redis (online feature store, TLS-capable), Prometheus + promtool (alert rules, local
# scraping), openssl (the local CA and server certificate, 45-tls.sh), wrk (the HTTP bench's load
# generator), PostgreSQL 15 (the MLflow image's test runs a throwaway server over verified TLS, as the
# cluster's MLflow uses the managed PostgreSQL; never started as a system service), and what the Kafka
# client's native module (@confluentinc/kafka-javascript, librdkafka) builds and links against in
# `npm ci`: a C/C++ toolchain, python3 for node-gyp, and the dev packages of OpenSSL, SASL, zlib, zstd,
# lz4, curl (linked dynamically: the library's own static build downloads those sources, which cannot be
# reached).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
packages=(redis-server prometheus openssl wrk postgresql-15 g++ make python3 pkg-config
  libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev)
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v promtool >/dev/null || missing+=(prometheus)
for p in openssl wrk postgresql-15 g++ make python3 pkg-config libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then log "present: ${packages[*]}"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
log "installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
