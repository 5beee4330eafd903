#!/bin/sh
# In-process figures for the SQL engine (µs per statement) beside raw H2 on the same machine.
set -e
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Djmh.ignoreLock=true -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.jgr.bench.SqlEngineBench "$@"
