#!/usr/bin/env bash
# Distributed-recovery transfer throughput: a joiner (127.0.0.2) fetches a large GTID range from a
# donor (127.0.0.1) over the real recovery connection (Connector/J, TLS with CA + identity checks,
# REQUIRE SSL account). Prints MB/s and transactions/s per run (higher is better).
# Args: [transactions=100000] [payload-bytes=4096] [runs=3]; JAVA_OPTS=-Drecovery.tls_ciphersuites=TLS_AES_128_GCM_SHA256
# sets group_replication_recovery_tls_ciphersuites.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx1g ${JAVA_OPTS:-} -Dlogback.configurationFile=src/test/resources/logback-test.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.jgr.bench.RecoveryThroughputBench "$@" \
  | grep -v "Plugin group_replication reported"
