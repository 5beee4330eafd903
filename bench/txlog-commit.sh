#!/usr/bin/env bash
# What the transaction log's index row costs a commit: alternated passes, one JVM each, of commits with the
# row (as the replicator writes them) and with the payload in the file only; prints every pass and the
# medians of process CPU per commit (docs/replication.md, "Session 25").
# Usage: bench/txlog-commit.sh [pairs=6] [commits per pass=40000]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-6} commits=${2:-40000}
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
out=$(for ((i = 0; i < pairs; i++)); do
  for mode in row file; do
    java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
      io.jgr.bench.TransactionLogCommitBench "$mode" "$commits" 2>/dev/null
  done
done)
echo "$out"
for mode in row file; do
  echo "$out" | awk -v m="$mode" '$1 == m {print $2}' | sort -n |
    awk -v m="$mode" '{v[NR] = $1} END {printf "%s: median %.1f us CPU per commit over %d passes\n", m, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR}'
done
