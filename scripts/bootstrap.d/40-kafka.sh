#!/usr/bin/env bash
# Apache Kafka (KRaft, single node) for tests and the local platform: the broker's runtime classpath,
# resolved from Maven Central by scripts/local/kafka/pom.xml into .cache/kafka/libs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "${ANTIFRAUD_ROOT:?}"
pom=scripts/local/kafka/pom.xml
libs="${ANTIFRAUD_CACHE:?}/kafka/libs"
key=$(hash_of "$pom")
if is_current kafka "$key" && compgen -G "$libs/kafka_2.13-*.jar" >/dev/null; then log "kafka libs current"; exit 0; fi
log "resolving the Kafka broker classpath into $libs"
rm -rf "$libs" && mkdir -p "$libs"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs"
log "$(find "$libs" -name '*.jar' | wc -l) jars, $(du -sh "$libs" | cut -f1)"
mark_current kafka "$key"
