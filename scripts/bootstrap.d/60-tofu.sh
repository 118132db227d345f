#!/usr/bin/env bash
# OpenTofu and the Yandex Terraform provider (the binaries in ../shared/tools/yandex-provider, see its
# README) for `tofu validate` of every Yandex resource the program declares: decompressed into
# .cache/yandex-provider, the provider laid out as a filesystem mirror. Stamped by the archives' sha256.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tools="${ANTIFRAUD_SHARED:-${ANTIFRAUD_ROOT:?}/../shared}/tools/yandex-provider"
provider_version=0.222.0
provider_xz="$tools/terraform-provider-yandex_v${provider_version}_linux_amd64.xz"
tofu_xz="$tools/tofu_v1.10.10_linux_amd64.xz"
out="${ANTIFRAUD_CACHE:?}/yandex-provider"
mirror="$out/mirror/registry.opentofu.org/yandex-cloud/yandex/$provider_version/linux_amd64"
for f in "$provider_xz" "$tofu_xz"; do
  [ -f "$f" ] || { log "missing $f (the shared tools beside the checkout)"; exit 1; }
done
key=$(sha256sum "$provider_xz" "$tofu_xz" | sha256sum | cut -d' ' -f1)
if is_current tofu "$key" && [ -x "$out/tofu" ] && [ -x "$mirror/terraform-provider-yandex_v$provider_version" ]; then
  log "tofu and provider $provider_version present"; exit 0
fi
log "decompressing tofu and terraform-provider-yandex $provider_version into $out"
rm -rf "$out" && mkdir -p "$mirror"
xz -dc "$tofu_xz" > "$out/tofu"
xz -dc "$provider_xz" > "$mirror/terraform-provider-yandex_v$provider_version"
chmod +x "$out/tofu" "$mirror/terraform-provider-yandex_v$provider_version"
log "$(TF_CLI_CONFIG_FILE=/dev/null "$out/tofu" version -json | tr -d "\n ")"
mark_current tofu "$key"
