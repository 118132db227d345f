#!/usr/bin/env bash
# The README's main command: the platform end to end on this machine, on its embedded default
# (local Kafka, Redis, Prometheus; Spark in local mode). Flags: `npm run demo -- --help`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
# Local Spark binds its driver to loopback only: no traffic to any other address.
export SPARK_LOCAL_IP=127.0.0.1
exec node --import tsx scripts/demo/src/cli.ts "$@"
