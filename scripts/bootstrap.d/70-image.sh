#!/usr/bin/env bash
# The scoring image is built and run by the test suite with buildah and podman (Debian; as root with the
# vfs storage driver and chroot isolation, podman through runc). No registry is reachable, so this step
# builds a local stand-in for the Dockerfile's pinned base (Debian bookworm + Node 20): a
# `debootstrap --variant=minbase bookworm` root filesystem, this machine's Node, its headers and npm under
# /usr/local (as the official image has them: node-gyp builds the Kafka client's addon against them offline),
# the machine's CA bundle (npm inside the build must verify the registry through it) with
# NODE_EXTRA_CA_CERTS, and the base image's "node" user (uid/gid 1000). Images live in
# .cache/containers; the stand-in is localhost/antifraud-node-standin:<node version>-bookworm.
# Stamped by this script, lib.sh, the Node binary and the CA bundle.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
packages=(buildah podman runc debootstrap)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_bin=$(command -v node)
node_version=$(node -p 'process.versions.node')
node_headers="$(dirname "$(dirname "$(readlink -f "$node_bin")")")/include/node"
npm_dir=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")")
ca_bundle=/etc/ssl/certs/ca-certificates.crt
store="${ANTIFRAUD_CACHE:?}/containers"
storage=(--root "$store/storage" --runroot "$store/run" --storage-driver vfs)
image="localhost/antifraud-node-standin:${node_version}-bookworm"
key=$(cat "$0" "$(dirname "$0")/lib.sh" "$node_bin" "$ca_bundle" | sha256sum | cut -d' ' -f1)
if image_current image-base "$key" "$image"; then log "$image present"; exit 0; fi

start=$(date +%s)
work=$(mktemp -d "${ANTIFRAUD_CACHE}/image-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
debootstrap_bookworm "$rootfs"
log "adding Node $node_version, npm and the CA bundle"
mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include" "$rootfs/etc/ssl/certs"
cp "$node_bin" "$rootfs/usr/local/bin/node"
cp -a "$node_headers" "$rootfs/usr/local/include/node"
cp -a "$npm_dir/npm" "$npm_dir/corepack" "$rootfs/usr/local/lib/node_modules/"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
commit_rootfs "$image" "$rootfs" --env NODE_VERSION="$node_version" \
  --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --cmd node
log "$image built in $(( $(date +%s) - start )) s"
mark_current image-base "$key"
