#!/usr/bin/env bash
# Group engine benchmark: 3 in-process members on 127.0.0.1..3, ordered-delivery throughput and
# p50/p99 latency, TLS VERIFY_IDENTITY vs DISABLED, and the time to a formed group.
# Usage: bench/gcs.sh [messages per member] [fixed total rate msg/s] [fixed-rate seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dlogback.configurationFile=src/main/resources/logback.xml io.jgr.bench.GroupBench "$@" 2>target/bench-gcs.log
