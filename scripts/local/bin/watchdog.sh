#!/usr/bin/env bash
# Runs a local service so that it never outlives its owner: usage `watchdog.sh OWNER_PID GRACE_S CMD...`.
# OWNER_PID 0 means "no owner" (local:up). SIGTERM/SIGINT to the watchdog stop the service gracefully;
# when the owner process disappears (even by SIGKILL) the service is stopped within about a second.
set -u
owner=$1 grace=$2
shift 2
"$@" &
child=$!

stop_child() {
  kill -TERM "$child" 2>/dev/null
  local waited=0
  while kill -0 "$child" 2>/dev/null && [ "$waited" -lt $((grace * 10)) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$child" 2>/dev/null
}

trap 'stop_child; wait "$child"; exit 143' TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
  if [ "$owner" != 0 ] && ! kill -0 "$owner" 2>/dev/null; then
    stop_child
    break
  fi
  sleep 1 &
  wait $!
done
wait "$child"
