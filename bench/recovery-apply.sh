#!/usr/bin/env bash
# The joiner's recovery apply path alone (io.jgr.bench.RecoveryApplyBench): generated transactions into
# RecoveryApplier on a fresh H2 engine, no donor, no TLS. Args: [transactions] [rows-per-transaction] [row-bytes] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx1g ${JGR_BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=src/test/resources/logback-test.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.jgr.bench.RecoveryApplyBench "$@"
