#!/usr/bin/env bash
# The MLflow image (services/mlflow/Dockerfile) is built and run by the test suite like the scoring image
# (70-image.sh installs buildah and podman). No registry is reachable, so this step builds a local stand-in
# for its pinned base, the official Python 3.11 image on Debian bookworm: a `debootstrap --variant=minbase
# bookworm` root filesystem with Debian's Python 3.11 and venv module, `python` on the PATH as the
# official image has it, and the machine's CA bundle (pip inside the build must verify the package index
# through it) with PIP_CERT. Images live in .cache/containers; the stand-in is
# localhost/antifraud-python-standin:3.11-bookworm. Stamped by this script, lib.sh and the CA bundle.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ca_bundle=/etc/ssl/certs/ca-certificates.crt
store="${ANTIFRAUD_CACHE:?}/containers"
storage=(--root "$store/storage" --runroot "$store/run" --storage-driver vfs)
image="localhost/antifraud-python-standin:3.11-bookworm"
key=$(cat "$0" "$(dirname "$0")/lib.sh" "$ca_bundle" | sha256sum | cut -d' ' -f1)
if image_current image-python "$key" "$image"; then log "$image present"; exit 0; fi

start=$(date +%s)
work=$(mktemp -d "${ANTIFRAUD_CACHE}/image-python.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
debootstrap_bookworm "$rootfs" python3,python3-venv
python_version=$(chroot "$rootfs" python3 -c 'import platform; print(platform.python_version())')
case "$python_version" in 3.11.*) ;; *) echo "the stand-in's Python is $python_version, not 3.11" >&2; exit 1 ;; esac
ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
mkdir -p "$rootfs/etc/ssl/certs"
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
commit_rootfs "$image" "$rootfs" --env PYTHON_VERSION="$python_version" \
  --env PIP_CERT=/etc/ssl/certs/ca-certificates.crt --env LANG=C.UTF-8 --cmd python3
log "$image built in $(( $(date +%s) - start )) s"
mark_current image-python "$key"
