#!/usr/bin/env bash
# New member connection cost (connect + TLS handshake + 1-byte echo) per group_replication_ssl_mode
# and key type, both ends in one JVM over loopback. Prints JMH's table (ms per connection: mean and percentiles, lower is better).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main TlsHandshakeBench \
  -f 1 -wi 2 -w 2s -i 3 -r 3s "$@"
