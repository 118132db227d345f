# Helpers shared by the bootstrap steps. A step is current when the hash of its inputs equals its stamp.
log() { echo "bootstrap[$(basename "$0" .sh)]: $*"; }
stamp_file() { echo "${ANTIFRAUD_CACHE:?}/stamps/$1"; }
is_current() { [ -f "$(stamp_file "$1")" ] && [ "$(cat "$(stamp_file "$1")")" = "$2" ]; }
mark_current() { echo "$2" > "$(stamp_file "$1")"; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
