#!/usr/bin/env bash
# sysbench oltp_read_write against one real jgr member (a separate JVM on 127.0.0.1, plaintext
# client port) with --db-ps-mode=auto and =disable; prints TPS. With --engine, then runs
# bench/sql-engine.sh for the H2-in-process figures to read beside them.
# Usage: bench/sysbench-member.sh [--time=10] [--threads=1] [--table-size=1000] [--engine]
set -euo pipefail
cd "$(dirname "$0")/.."
time=10 threads=1 size=1000 engine=no
for a in "$@"; do
  case "$a" in
    --time=*) time="${a#*=}" ;;
    --threads=*) threads="${a#*=}" ;;
    --table-size=*) size="${a#*=}" ;;
    --engine) engine=yes ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
command -v sysbench >/dev/null || { echo "sysbench is not installed (apt-get install sysbench)" >&2; exit 1; }
[[ -d target/lib && -d target/classes ]] || mvn -B -q -Dmaven.test.skip=true package
dir="$(mktemp -d /tmp/jgr-sysbench.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$dir/my.cnf" <<CNF
[mysqld]
datadir = $dir/data
bind_address = 127.0.0.1
port = $port
log_error = $dir/error.log
[jgr]
jgr_root_password = bench-root
CNF
java -Xmx512m -cp "target/classes:target/lib/*" io.jgr.cli.Main server --defaults-file="$dir/my.cnf" >"$dir/out" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q 'ready for connections' "$dir/error.log" 2>/dev/null && break; sleep 0.2; done
grep -q 'ready for connections' "$dir/error.log" || { cat "$dir/error.log" "$dir/out" >&2; exit 1; }
mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$port" -uroot -pbench-root --skip-ssl \
  -e "CREATE DATABASE sbtest; CREATE USER sb@'%' IDENTIFIED BY 'sb-pass'; GRANT ALL ON sbtest.* TO sb@'%'"
sb=(sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=sb
    --mysql-password=sb-pass --mysql-db=sbtest --mysql-ssl=off --tables=1 --table-size="$size" --threads="$threads")
"${sb[@]}" prepare >"$dir/prepare.txt"
declare -A tps
for mode in auto disable; do
  "${sb[@]}" --db-ps-mode="$mode" --time="$time" --report-interval=0 run >"$dir/run-$mode.txt"
  errors=$(awk '/ignored errors:/ {print $3}' "$dir/run-$mode.txt")
  tps[$mode]=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$dir/run-$mode.txt")
  lat=$(awk '/95th percentile:/ {print $3}' "$dir/run-$mode.txt")
  printf 'jgr member, sysbench oltp_read_write, --db-ps-mode=%-7s threads=%s: %8s TPS  p95 %s ms  ignored errors %s\n' \
    "$mode" "$threads" "${tps[$mode]}" "$lat" "$errors"
done
if [[ "$engine" == yes ]]; then
  echo "H2 in-process figures (bench/sql-engine.sh, µs per statement):"
  bench/sql-engine.sh
fi
