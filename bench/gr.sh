#!/usr/bin/env bash
# Group Replication plugin benchmark: time from START GROUP_REPLICATION to ONLINE through SQL, three
# in-process members on 127.0.0.1..3, DISABLED vs VERIFY_IDENTITY. Ordered-delivery figures: bench/gcs.sh.
# Usage: bench/gr.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dlogback.configurationFile=src/main/resources/logback.xml io.jgr.bench.GrStartBench "$@" 2>target/bench-gr.log
