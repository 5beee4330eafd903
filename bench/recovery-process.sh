#!/usr/bin/env bash
# End-to-end distributed recovery with real member processes (two `jgr server` JVMs on 127.0.0.1/2):
# the donor holds a large gap, the joiner (stored credentials, recovery TLS with CA + identity check,
# REQUIRE SSL account) runs START GROUP_REPLICATION → ONLINE. Prints MB/s and transactions/s of the
# transfer + apply, and START → ONLINE time. Args: [transactions=2000] [rows-per-transaction=10] [row-bytes=4000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx512m ${JGR_BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=src/test/resources/logback-test.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.jgr.bench.RecoveryProcessBench "$@"
