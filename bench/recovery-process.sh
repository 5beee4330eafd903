#!/usr/bin/env bash
# End-to-end distributed recovery with real member processes (two `jgr server` JVMs on 127.0.0.1/2):
# the donor holds a large gap, the joiner (stored credentials, recovery TLS with CA + identity check,
# REQUIRE SSL account) runs START GROUP_REPLICATION → ONLINE, once for a gap of small sysbench-like rows, once
# for a gap of large rows. Prints, labelled by row shape, MB/s and transactions/s of the
# transfer + apply, START → ONLINE, the joiner CPU and the load average.
# Args: [small-transactions=10000] [large-transactions=1000] [large-row-bytes=32768]; the large gap is recovered
# twice into the same joiner (cold JVM, then warm; -Djgr.bench.largeRounds=N in JGR_BENCH_JAVA_OPTS).
# A gap large enough that a fresh joiner's JIT warm-up does not dominate it (3.3 GB, about 16 s; docs/recovery.md,
# session 18): JGR_BENCH_JAVA_OPTS=-Djgr.bench.largeRounds=1 bench/recovery-process.sh 300 25000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx512m ${JGR_BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=src/test/resources/logback-test.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.jgr.bench.RecoveryProcessBench "$@"
