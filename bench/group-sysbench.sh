#!/usr/bin/env bash
# sysbench oltp_write_only TPS, in one run, for: one standalone jgr member; the primary of a 3-member
# single-primary group with group_replication_ssl_mode=DISABLED; the same with VERIFY_IDENTITY (EC P-256
# certificates with IP SANs from a throwaway CA made here with openssl). Prints the ratios, and the
# single-client commit p50 (sysbench oltp_update_index, 1 thread: one autocommit UPDATE per event).
# Members are separate JVMs on 127.0.0.1-3 (loopback only); the client port is plaintext for sysbench.
# Usage: bench/group-sysbench.sh [--time=60] [--threads=4] [--table-size=10000] [--p50-time=15]
set -euo pipefail
cd "$(dirname "$0")/.."
time=60 threads=4 size=10000 p50time=15
for a in "$@"; do
  case "$a" in
    --time=*) time="${a#*=}" ;;
    --threads=*) threads="${a#*=}" ;;
    --table-size=*) size="${a#*=}" ;;
    --p50-time=*) p50time="${a#*=}" ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
for tool in sysbench mariadb openssl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
[[ -d target/lib && -d target/classes ]] || mvn -B -q -Dmaven.test.skip=true package
base="$(mktemp -d /tmp/jgr-group-sysbench.XXXXXX)"
pids=()
stop_all() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_all; rm -rf "$base"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }

# --- a throwaway CA and one certificate per member (IP SAN = the member's address)
pki="$base/pki"; mkdir -p "$pki"
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/ca-key.pem" 2>/dev/null
openssl req -x509 -new -key "$pki/ca-key.pem" -subj "/CN=jgr bench CA" -days 2 -out "$pki/ca.pem" 2>/dev/null
for i in 1 2 3; do
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/m$i-key.pem" 2>/dev/null
  openssl req -new -key "$pki/m$i-key.pem" -subj "/CN=member$i" -out "$pki/m$i.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.%s,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature\n' "$i" >"$pki/m$i.ext"
  openssl x509 -req -in "$pki/m$i.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca-key.pem" -CAcreateserial -days 2 \
    -extfile "$pki/m$i.ext" -out "$pki/m$i-cert.pem" 2>/dev/null
done

sql() { # sql <ip> <port> <statements>
  mariadb --no-defaults --protocol=TCP -h"$1" -P"$2" -uroot -pbench-root --skip-ssl --batch --skip-column-names -e "$3"
}

# start_member <dir> <ip> <extra my.cnf lines>; sets $port
start_member() {
  local dir="$1" ip="$2" extra="$3"
  mkdir -p "$dir"
  port=$(free_port "$ip")
  cat >"$dir/my.cnf" <<CNF
[mysqld]
datadir = $dir/data
bind_address = $ip
report_host = $ip
port = $port
log_error = $dir/error.log
ssl_ca = $pki/ca.pem
$extra
[jgr]
jgr_root_password = bench-root
CNF
  java -Xmx768m -cp "target/classes:target/lib/*" io.jgr.cli.Main server --defaults-file="$dir/my.cnf" >"$dir/out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 450); do grep -q 'ready for connections' "$dir/error.log" 2>/dev/null && return 0; sleep 0.2; done
  cat "$dir/error.log" "$dir/out" >&2; exit 1
}

# sysbench_on <ip> <port> <label>: prepare, run oltp_write_only, then the single-client p50
declare -A tps p50 errs
sysbench_on() {
  local ip="$1" port="$2" label="$3"
  sql "$ip" "$port" "CREATE DATABASE sbtest; CREATE USER sb@'%' IDENTIFIED BY 'Sb-pass-1'; GRANT ALL ON sbtest.* TO sb@'%'"
  local sb=(--db-driver=mysql --mysql-host="$ip" --mysql-port="$port" --mysql-user=sb --mysql-password=Sb-pass-1
            --mysql-db=sbtest --mysql-ssl=off --tables=1 --table-size="$size" --db-ps-mode=disable --report-interval=0)
  sysbench oltp_write_only "${sb[@]}" --threads=2 prepare >"$base/$label-prepare.txt"
  sysbench oltp_write_only "${sb[@]}" --threads="$threads" --time="$time" run >"$base/$label-run.txt"
  tps[$label]=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$base/$label-run.txt")
  errs[$label]=$(awk '/ignored errors:/ {print $3}' "$base/$label-run.txt")
  sysbench oltp_update_index "${sb[@]}" --threads=1 --percentile=50 --time="$p50time" run >"$base/$label-p50.txt"
  p50[$label]=$(awk '/50th percentile:/ {print $3}' "$base/$label-p50.txt")
  printf '%-28s oltp_write_only %s threads %ss: %9s TPS, ignored errors %s; single-client autocommit UPDATE p50 %s ms\n' \
    "$label" "$threads" "$time" "${tps[$label]}" "${errs[$label]}" "${p50[$label]}"
}

# checksums of sbtest1 on every member of the group (must be identical)
checksums() {
  local sums=()
  for ep in "$@"; do
    sums+=("$(sql "${ep%:*}" "${ep#*:}" "SELECT * FROM sbtest.sbtest1 ORDER BY id" | sha256sum | cut -c1-16)")
  done
  echo "  sbtest1 checksums: ${sums[*]}"
}

# group <ssl_mode>: three members, member 1 bootstraps; sysbench against it (the primary)
group() {
  local mode="$1" gname; gname=$(python3 -c 'import uuid; print(uuid.uuid4())')
  local gaddr=() eps=()
  for i in 1 2 3; do gaddr+=("127.0.0.$i:$(free_port 127.0.0.$i)"); done
  local seeds; seeds=$(IFS=,; echo "${gaddr[*]}")
  for i in 1 2 3; do
    start_member "$base/$mode/m$i" "127.0.0.$i" "ssl_cert = $pki/m$i-cert.pem
ssl_key = $pki/m$i-key.pem
plugin_load_add = group_replication.so
group_replication_start_on_boot = OFF
group_replication_group_name = $gname
group_replication_local_address = ${gaddr[$((i-1))]}
group_replication_group_seeds = $seeds
group_replication_ip_allowlist = 127.0.0.1,127.0.0.2,127.0.0.3
group_replication_ssl_mode = $mode"
    eps+=("127.0.0.$i:$port")
  done
  local p1="${eps[0]#*:}"
  sql 127.0.0.1 "$p1" "SET GLOBAL group_replication_bootstrap_group = ON; START GROUP_REPLICATION; SET GLOBAL group_replication_bootstrap_group = OFF"
  for i in 2 3; do sql "127.0.0.$i" "${eps[$((i-1))]#*:}" "START GROUP_REPLICATION"; done
  for _ in $(seq 1 300); do
    [[ "$(sql 127.0.0.1 "$p1" "SELECT COUNT(*) FROM performance_schema.replication_group_members WHERE MEMBER_STATE='ONLINE'")" == 3 ]] && break
    sleep 0.2
  done
  sysbench_on 127.0.0.1 "$p1" "group-$mode"
  for _ in $(seq 1 300); do # the secondaries apply what is left in their queues
    g=(); for ep in "${eps[@]}"; do g+=("$(sql "${ep%:*}" "${ep#*:}" "SELECT @@gtid_executed")"); done
    [[ "${g[0]}" == "${g[1]}" && "${g[0]}" == "${g[2]}" ]] && break
    sleep 0.5
  done
  checksums "${eps[@]}"
  stop_all
}

start_member "$base/standalone" 127.0.0.1 ""
sysbench_on 127.0.0.1 "$port" standalone
stop_all
group DISABLED
group VERIFY_IDENTITY

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }
echo "group (DISABLED) / standalone:        $(ratio "${tps[group-DISABLED]}" "${tps[standalone]}")   (target >= 0.84)"
echo "VERIFY_IDENTITY / DISABLED:           $(ratio "${tps[group-VERIFY_IDENTITY]}" "${tps[group-DISABLED]}")   (target >= 0.95)"
echo "single-client commit p50 in the group: ${p50[group-DISABLED]} ms DISABLED, ${p50[group-VERIFY_IDENTITY]} ms VERIFY_IDENTITY (target <= 1 ms)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
