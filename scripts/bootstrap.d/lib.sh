# Helpers shared by the bootstrap steps. A step is current when the hash of its inputs equals its stamp.
log() { echo "bootstrap[$(basename "$0" .sh)]: $*"; }
stamp_file() { echo "${ANTIFRAUD_CACHE:?}/stamps/$1"; }
is_current() { [ -f "$(stamp_file "$1")" ] && [ "$(cat "$(stamp_file "$1")")" = "$2" ]; }
mark_current() { echo "$2" > "$(stamp_file "$1")"; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
# A minimal Debian bookworm root filesystem in $1 (extra packages: $2, comma-separated), package cache cleared.
debootstrap_bookworm() {
  local rootfs="$1" include="${2:-}" logfile
  logfile="$(dirname "$rootfs")/debootstrap.log"
  log "debootstrap --variant=minbase${include:+ --include=$include} bookworm (Debian's packages)"
  debootstrap --variant=minbase ${include:+--include="$include"} bookworm "$rootfs" http://deb.debian.org/debian \
    >"$logfile" 2>&1 || { tail -20 "$logfile"; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
}
# Commits root filesystem $2 as image $1 in the storage given by the array `storage`; the remaining
# arguments are `buildah config` options.
commit_rootfs() {
  local image="$1" rootfs="$2" container
  shift 2
  log "committing $image"
  buildah "${storage[@]}" rmi -f "$image" >/dev/null 2>&1 || true
  container=$(buildah "${storage[@]}" from scratch)
  buildah "${storage[@]}" copy "$container" "$rootfs" / >/dev/null
  buildah "${storage[@]}" config "$@" "$container"
  buildah "${storage[@]}" commit --quiet --rm "$container" "$image" >/dev/null
}
# True when step stamp $1 holds key $2 and image $3 exists in the storage given by the array `storage`.
image_current() { is_current "$1" "$2" && buildah "${storage[@]}" inspect --type image "$3" >/dev/null 2>&1; }
