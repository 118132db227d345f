#!/usr/bin/env bash
# TLS material of the local Kafka and Redis (tests, demo, bench): a CA and one server certificate for
# 127.0.0.1/localhost signed by it, made once with openssl (Debian) into .cache/tls. Clients verify the
# servers against ca.crt, as the deployed service verifies Yandex's brokers and Redis against theirs.
# Remade when missing, when this script changes, or when the certificate expires within 30 days.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
dir="${ANTIFRAUD_CACHE:?}/tls"
key=$(hash_of "$0")
if is_current tls "$key" && [ -f "$dir/server.p12" ] &&
  openssl x509 -checkend $((30 * 86400)) -noout -in "$dir/server.crt" >/dev/null; then
  log "CA and server certificate current ($dir)"
  exit 0
fi
command -v openssl >/dev/null || { log "openssl is required (scripts/bootstrap.d/10-debian.sh)"; exit 1; }
log "making a local CA and a server certificate for 127.0.0.1 in $dir"
work=$(mktemp -d "${dir}.tmp-XXXXXX")
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=antifraud local CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$work/server.ext"
openssl x509 -req -sha256 -days 825 -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null
# The broker's keystore (PKCS#12, which Java reads natively); the password only guards the file.
openssl pkcs12 -export -name server -in "$work/server.crt" -inkey "$work/server.key" \
  -certfile "$work/ca.crt" -passout pass:antifraud-local -out "$work/server.p12"
rm -f "$work/server.csr" "$work/server.ext" "$work/ca.srl"
chmod 600 "$work"/*.key
rm -rf "$dir" && mv "$work" "$dir"
trap - EXIT
mark_current tls "$key"
log "$(openssl x509 -noout -subject -enddate -in "$dir/server.crt")"
