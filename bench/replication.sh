#!/usr/bin/env bash
# Replication benchmark: in-JVM commit throughput and single-client commit p50/p99, a standalone
# engine vs the primary of a 3-member single-primary group (127.0.0.1..3, TLS off).
# Usage: bench/replication.sh [single-client commits] [clients] [commits per client]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dlogback.configurationFile=src/main/resources/logback.xml io.jgr.bench.ReplicationBench "$@" 2>target/bench-replication.log
