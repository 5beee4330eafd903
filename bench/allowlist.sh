#!/usr/bin/env bash
# Allowlist check cost (JMH): ns per check with 10, 1 000 and 10 000 CIDR entries, hits and misses,
# compiled matcher and full gate beside a linear scan. Takes about two minutes. Extra arguments go
# to JMH (e.g. -p entries=10000 -prof gc shows that a check allocates nothing). JMH allows one run
# per machine at a time (/tmp/jmh.lock): if another is running, wait for it.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'io.jgr.bench.AllowlistBench' -rf text -rff target/bench-allowlist.txt "$@" >&2
echo
echo "Allowlist check, ns per check (JMH average; lower is better):"
cat target/bench-allowlist.txt
