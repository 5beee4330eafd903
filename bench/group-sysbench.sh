#!/usr/bin/env bash
# sysbench oltp_write_only TPS, in one run, for: one standalone jgr member; the primary of a 3-member
# single-primary group with group_replication_ssl_mode=DISABLED; the same with VERIFY_IDENTITY (EC P-256
# certificates with IP SANs from a throwaway CA made here with openssl). Prints the ratios, and the
# single-client commit p50 (sysbench oltp_update_index, 1 thread: one autocommit UPDATE per event).
# Members are separate JVMs on 127.0.0.1-3 (loopback only); the client port is plaintext for sysbench.
#
# Sets of figures, each in the same run (--sets; shared and equal by default; docs/replication.md, "Performance"):
#   shared - every process on the shared machine, unconstrained (as before);
#   equal  - "equal machines": each member JVM and the sysbench client in its own cgroup-v1 CPU cgroup
#            with the SAME quota (--quota cores each, default 0.5: 3 members + client = 2 cores); the
#            standalone run gets exactly one member-sized quota. Needs root and /sys/fs/cgroup/cpu; the
#            sub-cgroups are created under /sys/fs/cgroup/cpu/jgr-bench-<pid>/ and always removed.
#            The period is short (2 ms) because the set stands for slower machines, not for machines
#            that stop: with 10 ms a throttled member froze for up to 5 ms, on every hop of a commit
#            through three members, and neither a member nor the standalone one used its quota.
#   paired - the standalone member (127.0.0.4) and the group measured AT THE SAME TIME, each member JVM and
#            each of the two sysbench clients in its own cgroup with the same quota (1/3 core each: six
#            cgroups = 2 cores; period 3 ms, as the kernel takes no quota under 1 ms). In the other sets
#            the standalone run and the group run take turns, minutes apart, and the host's speed changes
#            between them: in slow periods every member needs a third more CPU per transaction, the
#            secondaries too (docs/replication.md, sessions 15 and 18). Measured in one window, both see
#            the same host, and the standalone member shares the cores and caches with five other busy
#            processes as each group member does. The ratio is per window; VERIFY_IDENTITY / DISABLED
#            divides the two windows' ratios. No single-client p50 in this set. Each window also prints
#            every member's CPU per transaction by kind of thread (sessions, applier, group messages,
#            housekeeper, JIT, GC; bench/thread-cpu.py), read from /proc over the middle third of the run:
#            where a primary spends more than the standalone member.
# Usage: bench/group-sysbench.sh [--time=60] [--warmup=90] [--threads=16] [--table-size=10000] [--p50-time=15]
#                                [--sets=shared,equal,paired] [--quota=0.5] [--cfs-period-us=2000] [--paired-quota=0.3333]
#                                [--targets=standalone,DISABLED,VERIFY_IDENTITY] [--rounds=1]
#                                [--warmup-max=480] [--jit-quiet=0.02] [--jit-quiet-steps=3] [--p50-warmup=15]
#                                [--p50-warmup-max=90]
#                                [--primary=1]
# --threads: 16 by default: with 4 the group was bound by its commit latency, not by its members' CPU, so
#           the ratio read the latency; with 16 the standalone member and the primary both use their quota
#           (docs/replication.md, session 8), the peak-throughput comparison GR's 84 % was.
# --targets: which of the three to run (a subset, e.g. to profile one; the ratios need all three).
# --rounds: runs the targets N times in turn (standalone, DISABLED, VERIFY_IDENTITY, standalone, …) and
#           reports each round and the medians: the same build has varied by ±20 % between single runs
#           (docs/replication.md, session 8), more than what the ratios are asked to tell apart.
# --warmup: seconds of the same workload run first and not measured, on every target alike. A member is
#           a JVM: until the JIT has compiled the SQL engine, the codecs and the group stack, its C2
#           compiler threads take a third of a core or more, and a member that sees 400 transactions a
#           second gets there ten times later than one that sees 4,000. Inside the equal set's half-core
#           quotas 30 s were not enough: the group's CPU per transaction was twice its warm figure
#           (docs/replication.md, session 4).
# --warmup-max, --jit-quiet, --jit-quiet-steps: the warm-up runs in 15 s steps for at least --warmup seconds,
#           then goes on until no member's JIT compiler threads used more than --jit-quiet of a core in each of
#           the last --jit-quiet-steps steps (one step until session 33: a primary's C2 thread works in bursts of
#           big compiles, and a quiet step between two of them ended warm-ups whose measured minute then
#           spent 1.2-1.8 s compiling on the primary, 0.04-0.08 ms per transaction), or until --warmup-max
#           seconds. A primary in a half-core quota still recompiled H2's B-tree code
#           90 s in, at up to 40 % of its quota, in some runs and not others (docs/replication.md, session
#           13): the measured minute then read the JIT, not the member. Each run prints how long its
#           warm-up took and the compiler threads' CPU seconds during the measured run, member by member.
# --p50-warmup, --p50-warmup-max: the same for the single-client workload before its p50 is measured.
#           Its code path (one autocommit UPDATE, a lone commit) is not the one the 16 threads warmed: right
#           after them, a primary's C2 thread took 0.59 s of the 2.3 s of CPU the primary used in 5 s of the
#           single-client run (docs/replication.md, session 14).
# --primary: 2 appoints member 2 primary (group_replication_set_as_primary) once the group is ONLINE: the group
#           after a planned switch, where the new primary takes the Raft lead from member 1, which bootstrapped
#           (docs/group-engine.md, "The leader follows the primary"; before session 33 member 1 kept it and the
#           primary's commits were a follower's). sysbench then runs against member 2. Default 1.
# Environment: JGR_BENCH_JAVA_OPTS adds JVM options to every member (e.g. -Djgr.replication.stageTimers=true
# logs where a commit's time goes, docs/replication.md); JGR_BENCH_KEEP=1 keeps the run directory;
# JGR_BENCH_JFR=<dir> records each member with Java Flight Recorder and dumps <dir>/<set>-<target>[-m<i>].jfr
# before the members stop (JGR_BENCH_JFR_SETTINGS: the recording's settings, default "default"; "profile" samples
# twice as often).
set -euo pipefail
cd "$(dirname "$0")/.."
time=60 warmup=90 threads=16 size=10000 p50time=15 sets=shared,equal quota=0.5 paired_quota=0.3333 period=2000
targets=standalone,DISABLED,VERIFY_IDENTITY rounds=1 warmup_max=480 jit_quiet=0.02 jit_quiet_steps=3 p50warmup=15 p50warmup_max=90
primary=1
for a in "$@"; do
  case "$a" in
    --time=*) time="${a#*=}" ;;
    --warmup=*) warmup="${a#*=}" ;;
    --threads=*) threads="${a#*=}" ;;
    --table-size=*) size="${a#*=}" ;;
    --p50-time=*) p50time="${a#*=}" ;;
    --sets=*) sets="${a#*=}" ;;
    --quota=*) quota="${a#*=}" ;;
    --paired-quota=*) paired_quota="${a#*=}" ;;
    --cfs-period-us=*) period="${a#*=}" ;;
    --targets=*) targets="${a#*=}" ;;
    --rounds=*) rounds="${a#*=}" ;;
    --warmup-max=*) warmup_max="${a#*=}" ;;
    --jit-quiet=*) jit_quiet="${a#*=}" ;;
    --jit-quiet-steps=*) jit_quiet_steps="${a#*=}" ;;
    --p50-warmup=*) p50warmup="${a#*=}" ;;
    --p50-warmup-max=*) p50warmup_max="${a#*=}" ;;
    --primary=*) primary="${a#*=}" ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
for tool in sysbench mariadb openssl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
[[ -d target/lib && -d target/classes ]] || mvn -B -q -Dmaven.test.skip=true package
base="$(mktemp -d /tmp/jgr-group-sysbench.XXXXXX)"
pids=()
declare -A jfr_file # member pid -> where its recording is dumped
dump_jfr() { for p in "${pids[@]}"; do [[ -z "${jfr_file[$p]:-}" ]] || jcmd "$p" JFR.dump name=1 filename="${jfr_file[$p]}" >/dev/null 2>&1 || true; done; }
stop_all() { dump_jfr; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }

# --- equal machines: one CPU cgroup per member and one for the client, all with the same quota
cgroot=/sys/fs/cgroup/cpu
cgbase=""   # set while the equal or the paired set runs: $cgroot/jgr-bench-<pid>
cg=""       # the cgroup the next member / client starts in (empty: unconstrained)
cg_groups="m1 m2 m3 client sa saclient" # sa, saclient: the paired set's standalone member and its client
cg_setup() { # cg_setup <quota in cores> <period in µs> (the kernel takes no quota under 1,000 µs)
  cgbase="$cgroot/jgr-bench-$$"
  mkdir "$cgbase"
  local q; q=$(python3 -c "import sys; print(round(float(sys.argv[1])*int(sys.argv[2])))" "$1" "$2")
  for g in $cg_groups; do
    mkdir "$cgbase/$g"
    echo "$2" >"$cgbase/$g/cpu.cfs_period_us"
    echo "$q" >"$cgbase/$g/cpu.cfs_quota_us"
  done
}
cg_remove() {
  [[ -n "$cgbase" && -d "$cgbase" ]] || return 0
  for g in $cg_groups; do
    [[ -d "$cgbase/$g" ]] || continue
    # anything still inside (it should be empty) goes back to the root first, or rmdir fails
    while read -r t; do echo "$t" >"$cgroot/cgroup.procs" 2>/dev/null || true; done <"$cgbase/$g/cgroup.procs"
    rmdir "$cgbase/$g" 2>/dev/null || true
  done
  rmdir "$cgbase" 2>/dev/null || true
  cgbase=""
}
# in_cg <group> <command…>: runs the command inside that sub-cgroup (joined before exec, so every thread
# the JVM or sysbench creates is in it), or unconstrained in the shared set. It execs, so `in_cg … &`
# leaves $! = the command's own pid (stop_all kills the JVM, not a wrapper).
in_cg() {
  local g="$1"; shift
  if [[ -z "$cgbase" ]]; then exec "$@"; else exec sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cgbase/$g" "$@"; fi
}
keep_why="" # set when the members disagree: their datadirs and logs are kept for a look whatever JGR_BENCH_KEEP says
cleanup() {
  stop_all; cg_remove
  if [[ -n "${JGR_BENCH_KEEP:-}" || -n "$keep_why" ]]; then echo "run directory kept${keep_why:+ ($keep_why)}: $base"; else rm -rf "$base"; fi
}
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

# start_member <dir> <ip> <cgroup m1|m2|m3> <extra my.cnf lines>; sets $port
start_member() {
  local dir="$1" ip="$2" group="$3" extra="$4"
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
  # shellcheck disable=SC2086 # JGR_BENCH_JAVA_OPTS: extra JVM options, e.g. -Djgr.replication.stageTimers=true
  local jfr=() label="${dir#"$base"/}"
  [[ -n "${JGR_BENCH_JFR:-}" ]] && jfr=("-XX:StartFlightRecording=settings=${JGR_BENCH_JFR_SETTINGS:-default}")
  in_cg "$group" java -Xmx768m ${JGR_BENCH_JAVA_OPTS:-} "${jfr[@]}" -cp "target/classes:target/lib/*" io.jgr.cli.Main server --defaults-file="$dir/my.cnf" >"$dir/out" 2>&1 &
  pids+=($!)
  (( ${#jfr[@]} == 0 )) || jfr_file[$!]="$JGR_BENCH_JFR/${label//\//-}.jfr"
  for _ in $(seq 1 450); do grep -q 'ready for connections' "$dir/error.log" 2>/dev/null && return 0; sleep 0.2; done
  cat "$dir/error.log" "$dir/out" >&2; exit 1
}

# sysbench_on <ip> <port> <label>: prepare, run oltp_write_only, then the single-client p50
declare -A tps p50 errs cpu jit warmed steal
# the machine's steal time so far (/proc/stat, ticks): CPU the hypervisor gave to other guests while ours waited
steal_ticks() { awk '/^cpu / {print $9}' /proc/stat; }
# user+system CPU ticks of every member JVM now running, in start order
cpu_ticks() { for p in "${pids[@]}"; do awk '{print $14+$15}' "/proc/$p/stat"; done | tr '\n' ' '; }
# user+system CPU ticks of the JIT compiler threads (C1, C2) of every member JVM now running, in start order
jit_ticks() {
  python3 -c "
import glob,sys
out=[]
for p in sys.argv[1:]:
    n=0
    for t in glob.glob(f'/proc/{p}/task/*'):
        try:
            if open(t+'/comm').read().startswith(('C1 CompilerThre','C2 CompilerThre')):
                f=open(t+'/stat').read().rsplit(')',1)[1].split(); n+=int(f[11])+int(f[12])
        except OSError: pass
    out.append(str(n))
print(' '.join(out))" "${pids[@]}"
}
# tick_seconds <before> <after>: seconds between two lists of clock ticks (jit_ticks, steal_ticks), item by
# item, joined by ' + '
tick_seconds() {
  python3 -c "
import sys
b=[int(x) for x in sys.argv[1].split()]; a=[int(x) for x in sys.argv[2].split()]; hz=int(sys.argv[3])
print(' + '.join(f'{max(y-x,0)/hz:.1f}' for x,y in zip(b,a)) + ' s')" "$1" "$2" "$(getconf CLK_TCK)"
}
# jit_share <before> <after> <seconds>: the largest share of a core some member's compilers used, in tenths of a %
jit_share() {
  python3 -c "
import sys
b=[int(x) for x in sys.argv[1].split()]; a=[int(x) for x in sys.argv[2].split()]; hz,secs=int(sys.argv[3]),float(sys.argv[4])
print(round(1000*max((y-x)/hz/secs for x,y in zip(b,a))))" "$1" "$2" "$(getconf CLK_TCK)" "$3"
}
# warm_up <min s> <max s> <load> <its arguments…>: runs `<load> <seconds> <its arguments…>` unmeasured in
# 15 s steps for at least <min> seconds, then until no member's compilers used more than --jit-quiet of a
# core in each of the last --jit-quiet-steps steps, or <max> seconds; prints how long it ran and, step by step,
# the largest share of a core a member's compilers used
warm_up() {
  local min="$1" max="$2" load="$3"; shift 3
  local warmed_up=0 step=15 settled="" j0 j1 share quiet=0 trace=""
  local limit; limit=$(python3 -c "print(round(1000*float('$jit_quiet')))")
  while (( min > 0 && warmed_up < max )); do
    j0=$(jit_ticks)
    "$load" "$step" "$@" || return 1 # errexit is off in $(…)
    j1=$(jit_ticks)
    warmed_up=$((warmed_up + step))
    share=$(jit_share "$j0" "$j1" "$step"); trace+=" $((share / 10)).$((share % 10))"
    if (( share <= limit )); then quiet=$((quiet + 1)); else quiet=0; fi
    if (( warmed_up >= min && quiet >= jit_quiet_steps )); then settled=yes; break; fi
  done
  echo "${warmed_up}s$( [[ -n $settled || $min == 0 ]] || echo ", the JIT still busy")$( [[ -z $trace ]] || echo " (JIT % of a core per step:$trace)")"
}
# client_load <seconds> <output> <sysbench test and options…>: that workload from the client's cgroup,
# its output appended
client_load() {
  local secs="$1" out="$2" test="$3"; shift 3
  (in_cg client sysbench "$test" "$@" --time="$secs" run) >>"$out"
}
# member_cpu <before> <after> <transactions> <first> <last>: CPU ms per transaction of the member JVMs
# first..last (0-based, start order) between two cpu_ticks, each and summed
member_cpu() {
  python3 -c "
import sys
b=[int(x) for x in sys.argv[1].split()]; a=[int(x) for x in sys.argv[2].split()]; n=int(sys.argv[3]); hz=int(sys.argv[4])
d=[(y-x)*1000/hz/n for x,y in zip(b,a)][int(sys.argv[5]):int(sys.argv[6])+1]
print(' + '.join(f'{v:.2f}' for v in d) + f' = {sum(d):.2f} ms')" "$1" "$2" "$3" "$(getconf CLK_TCK)" "$4" "$5"
}

# sb_setup <ip> <port> <label>: sysbench's database, account and table on that member; sets sb, its options
sb_setup() {
  local ip="$1" port="$2" label="$3"
  sql "$ip" "$port" "CREATE DATABASE sbtest; CREATE USER sb@'%' IDENTIFIED BY 'Sb-pass-1'; GRANT ALL ON sbtest.* TO sb@'%'"
  sb=(--db-driver=mysql --mysql-host="$ip" --mysql-port="$port" --mysql-user=sb --mysql-password=Sb-pass-1
      --mysql-db=sbtest --mysql-ssl=off --tables=1 --table-size="$size" --db-ps-mode=disable --report-interval=0)
  sysbench oltp_write_only "${sb[@]}" --threads=2 prepare >"$base/$label-prepare.txt"
}
sb=()
sysbench_on() {
  local ip="$1" port="$2" label="$3"
  sb_setup "$ip" "$port" "$label"
  : >"$base/$label-warmup.txt"
  warmed[$label]=$(warm_up "$warmup" "$warmup_max" client_load "$base/$label-warmup.txt" oltp_write_only --threads="$threads" "${sb[@]}")
  local before; before=$(cpu_ticks); j0=$(jit_ticks); local s0; s0=$(steal_ticks)
  (in_cg client sysbench oltp_write_only "${sb[@]}" --threads="$threads" --time="$time" run) >"$base/$label-run.txt"
  local after; after=$(cpu_ticks); j1=$(jit_ticks)
  steal[$label]=$(tick_seconds "$s0" "$(steal_ticks)")
  jit[$label]=$(tick_seconds "$j0" "$j1")
  tps[$label]=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$base/$label-run.txt")
  local count; count=$(awk '/transactions:/ {print $2}' "$base/$label-run.txt")
  # CPU time the member JVMs spent per transaction during the run (user+system; less sensitive to the
  # other engineers' load than TPS): each member, in start order
  cpu[$label]=$(member_cpu "$before" "$after" "$count" 0 $((${#pids[@]} - 1)))
  errs[$label]=$(awk '/ignored errors:/ {print $3}' "$base/$label-run.txt")
  : >"$base/$label-p50-warmup.txt"
  warmed[$label-p50]=$(warm_up "$p50warmup" "$p50warmup_max" client_load "$base/$label-p50-warmup.txt" oltp_update_index --threads=1 "${sb[@]}")
  j0=$(jit_ticks)
  (in_cg client sysbench oltp_update_index "${sb[@]}" --threads=1 --percentile=50 --time="$p50time" run) >"$base/$label-p50.txt"
  j1=$(jit_ticks)
  jit[$label-p50]=$(tick_seconds "$j0" "$j1")
  p50[$label]=$(awk '/50th percentile:/ {print $3}' "$base/$label-p50.txt")
  printf '%-34s oltp_write_only %s threads %ss: %9s TPS, ignored errors %s; single-client autocommit UPDATE p50 %s ms\n' \
    "$label" "$threads" "$time" "${tps[$label]}" "${errs[$label]}" "${p50[$label]}"
  printf '%-34s member CPU per transaction: %s\n' "" "${cpu[$label]}"
  printf '%-34s warm-up %s; JIT compiler CPU during the run: %s; steal time of the machine during the run: %s\n' "" \
    "${warmed[$label]}" "${jit[$label]}" "${steal[$label]}"
  printf '%-34s single client: warm-up %s; JIT compiler CPU during the p50 run: %s\n' "" "${warmed[$label-p50]}" "${jit[$label-p50]}"
}

# checksums of sbtest1 on every member of the group (must be identical)
checksums() {
  local sums=()
  for ep in "$@"; do
    sums+=("$(sql "${ep%:*}" "${ep#*:}" "SELECT * FROM sbtest.sbtest1 ORDER BY id" | sha256sum | cut -c1-16)")
  done
  echo "  sbtest1 checksums: ${sums[*]}"
  [[ $(printf '%s\n' "${sums[@]}" | sort -u | wc -l) == 1 ]] || keep_why="checksums differ"
}

# group_up <ssl_mode> <run dir>: three members, member 1 bootstraps; sets eps (ip:port of each), pip and p1 (the
# primary's address and port: member --primary, appointed if not 1) once all three are ONLINE
group_up() {
  local mode="$1" dir="$2" gname; gname=$(python3 -c 'import uuid; print(uuid.uuid4())')
  local gaddr=(); eps=()
  for i in 1 2 3; do gaddr+=("127.0.0.$i:$(free_port 127.0.0.$i)"); done
  local seeds; seeds=$(IFS=,; echo "${gaddr[*]}")
  for i in 1 2 3; do
    start_member "$dir/m$i" "127.0.0.$i" "m$i" "ssl_cert = $pki/m$i-cert.pem
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
  p1="${eps[0]#*:}"
  sql 127.0.0.1 "$p1" "SET GLOBAL group_replication_bootstrap_group = ON; START GROUP_REPLICATION; SET GLOBAL group_replication_bootstrap_group = OFF"
  for i in 2 3; do sql "127.0.0.$i" "${eps[$((i-1))]#*:}" "START GROUP_REPLICATION"; done
  for _ in $(seq 1 300); do
    [[ "$(sql 127.0.0.1 "$p1" "SELECT COUNT(*) FROM performance_schema.replication_group_members WHERE MEMBER_STATE='ONLINE'")" == 3 ]] && break
    sleep 0.2
  done
  pip=127.0.0.1
  if [[ "$primary" != 1 ]]; then
    local uuid; uuid=$(sql "127.0.0.$primary" "${eps[$((primary-1))]#*:}" "SELECT @@server_uuid")
    sql 127.0.0.1 "$p1" "SELECT group_replication_set_as_primary('$uuid')" >/dev/null
    pip="127.0.0.$primary" p1="${eps[$((primary-1))]#*:}"
    for _ in $(seq 1 300); do # the answer came once member 1 applied the switch; member 2 may not have yet
      [[ "$(sql "$pip" "$p1" "SELECT @@super_read_only")" == 0 ]] && break
      sleep 0.2
    done
    local leader="" who
    for _ in $(seq 1 25); do # the table follows the group engine's leader within its 100 ms control tick
      leader=$(sql "$pip" "$p1" "SELECT WRITE_CONSENSUS_LEADERS_ACTUAL FROM performance_schema.replication_group_communication_information")
      [[ "$leader" == "$uuid" ]] && break
      sleep 0.2
    done
    if [[ "$leader" == "$uuid" ]]; then who="it took the Raft lead from member 1"; else who="the Raft leader is $leader, not it"; fi
    echo "  member $primary appointed primary ($who)"
  fi
}
eps=() p1="" pip=""
# group <ssl_mode>: sysbench against the primary of a new group, then the group's checks
group() {
  group_up "$1" "$base/$run/$1"
  sysbench_on "$pip" "$p1" "$run/group-$1"
  group_check
  stop_all
}
# group_check: flow control on the primary, then gtid_executed and the checksums on every member
group_check() {
  # whether flow control held commits: a run far below its usual rate says if this was why (session 16: it was not)
  local held; held=$(sql "$pip" "$p1" "SHOW STATUS LIKE 'Gr_flow_control_throttle_%'" | awk '{print $2}' | tr '\n' ' ')
  printf '%-34s flow control on the primary since its start: %s\n' "" \
    "$(echo "$held" | awk '{printf "%d commits held, %.1f s in all", $2, $3/1e6}')"
  local same=""
  for _ in $(seq 1 300); do # the secondaries apply what is left in their queues
    g=(); for ep in "${eps[@]}"; do g+=("$(sql "${ep%:*}" "${ep#*:}" "SELECT @@gtid_executed")"); done
    [[ "${g[0]}" == "${g[1]}" && "${g[0]}" == "${g[2]}" ]] && { same=yes; break; }
    sleep 0.5
  done
  # checksums taken before the members agree on gtid_executed compare different points in the group's history
  [[ -n $same ]] || { echo "  gtid_executed still differs after 150 s: ${g[*]}"; keep_why="gtid_executed differs"; }
  checksums "${eps[@]}"
}

# --- the paired set: a standalone member and a group, measured at the same time on the same cores
# paired_load <seconds> <group's output> <standalone's output>: the 16-thread workload against both at once
sb_group=() sb_alone=()
paired_load() {
  (in_cg client sysbench oltp_write_only "${sb_group[@]}" --threads="$threads" --time="$1" run) >>"$2" &
  local g=$!
  (in_cg saclient sysbench oltp_write_only "${sb_alone[@]}" --threads="$threads" --time="$1" run) >>"$3" &
  local a=$!
  wait "$g" && wait "$a"
}
# role <i>: how the per-thread lines name member i
role() { if [[ "$1" == "$primary" ]]; then echo primary; else echo "secondary-$1"; fi; }
# paired <ssl_mode>: the standalone member (127.0.0.4) and a 3-member group, each with its own client; both
# warm up together (warm_up) and are measured in one window
declare -A pratio
paired() {
  local mode="$1" dir="$base/$run/$1" label="$run/$1" alone_port
  start_member "$dir/standalone" 127.0.0.4 sa ""; alone_port="$port"
  group_up "$mode" "$dir"
  sb_setup 127.0.0.4 "$alone_port" "$label-standalone"; sb_alone=("${sb[@]}")
  sb_setup "$pip" "$p1" "$label-group"; sb_group=("${sb[@]}")
  local warm j0 j1 before after s0
  : >"$base/$label-group-warmup.txt"; : >"$base/$label-standalone-warmup.txt"
  warm=$(warm_up "$warmup" "$warmup_max" paired_load "$base/$label-group-warmup.txt" "$base/$label-standalone-warmup.txt")
  : >"$base/$label-group-run.txt"; : >"$base/$label-standalone-run.txt"
  before=$(cpu_ticks); j0=$(jit_ticks); s0=$(steal_ticks)
  # per kind of thread, over the middle third of the measured minute (bench/thread-cpu.py)
  (sleep $((time / 3)); python3 bench/thread-cpu.py sample $((time / 3)) "$base/$label-threads.txt" \
    standalone="${pids[0]}" "$(role 1)=${pids[1]}" "$(role 2)=${pids[2]}" "$(role 3)=${pids[3]}") &
  local sampler=$!
  paired_load "$time" "$base/$label-group-run.txt" "$base/$label-standalone-run.txt"
  after=$(cpu_ticks); j1=$(jit_ticks)
  wait "$sampler" || true
  local t
  for t in standalone group; do
    tps[$label/$t]=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$base/$label-$t-run.txt")
    errs[$label/$t]=$(awk '/ignored errors:/ {print $3}' "$base/$label-$t-run.txt")
  done
  cpu[$label/standalone]=$(member_cpu "$before" "$after" "$(awk '/transactions:/ {print $2}' "$base/$label-standalone-run.txt")" 0 0)
  cpu[$label/group]=$(member_cpu "$before" "$after" "$(awk '/transactions:/ {print $2}' "$base/$label-group-run.txt")" 1 3)
  pratio[$label]=$(ratio "${tps[$label/group]}" "${tps[$label/standalone]}")
  printf '%-34s oltp_write_only %s threads %ss, both at once: standalone %s TPS (errors %s), group %s TPS (errors %s); group/standalone %s\n' \
    "$label" "$threads" "$time" "${tps[$label/standalone]}" "${errs[$label/standalone]}" "${tps[$label/group]}" "${errs[$label/group]}" "${pratio[$label]}"
  printf '%-34s member CPU per transaction: standalone %s; group %s\n' "" "${cpu[$label/standalone]}" "${cpu[$label/group]}"
  printf '%-34s CPU per transaction by kind of thread, %ss in the middle of the run (ms; sys = its system time; waits = voluntary context switches):\n' "" $((time / 3))
  python3 bench/thread-cpu.py report "$base/$label-threads.txt" standalone="${tps[$label/standalone]}" \
    "$(role 1)=${tps[$label/group]}" "$(role 2)=${tps[$label/group]}" "$(role 3)=${tps[$label/group]}" | sed 's/^/                                     /'
  printf '%-34s warm-up %s; JIT compiler CPU during the run (standalone, m1, m2, m3): %s; steal time of the machine during the run: %s\n' "" \
    "$warm" "$(tick_seconds "$j0" "$j1")" "$(tick_seconds "$s0" "$(steal_ticks)")"
  group_check
  stop_all
}
# paired_summary: each round's ratios, their medians; VERIFY_IDENTITY / DISABLED from the two pairs of a round
paired_summary() {
  local r k rd rv vals=() vi=()
  echo "--- paired, round by round (each ratio from one window; VERIFY_IDENTITY / DISABLED = the two windows' ratios divided):"
  for r in $(seq 1 "$rounds"); do
    k=paired; (( rounds == 1 )) || k="paired-round$r"
    rd="${pratio[$k/DISABLED]:-}" rv="${pratio[$k/VERIFY_IDENTITY]:-}"
    vals+=("$rd"); vi+=("$(ratio "$rv" "$rd")")
    echo "  round $r: group DISABLED / standalone ${rd:-n/a}, group VERIFY_IDENTITY / standalone ${rv:-n/a}, VERIFY_IDENTITY / DISABLED ${vi[-1]}"
  done
  echo "  group (DISABLED) / standalone:        $(median "${vals[@]}")   (target >= 0.84; median of the rounds)"
  echo "  VERIFY_IDENTITY / DISABLED:           $(median "${vi[@]/n\/a/}")   (target >= 0.95; median of the rounds)"
}

ratio() { [[ -n "$1" && -n "$2" ]] || { echo n/a; return; }; python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }
median() { python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:] if x]; print(f'{statistics.median(v):.2f}' if v else '')" "$@"; }
# medians <set>: each target's median TPS and p50 over the rounds become the set's figures; every round's
# TPS, ratios and CPU per transaction are printed
medians() {
  local set="$1" t r vals p50s
  for t in standalone group-DISABLED group-VERIFY_IDENTITY; do
    vals=(); p50s=()
    for r in $(seq 1 "$rounds"); do vals+=("${tps[$set-round$r/$t]:-}"); p50s+=("${p50[$set-round$r/$t]:-}"); done
    tps[$set/$t]=$(median "${vals[@]}"); p50[$set/$t]=$(median "${p50s[@]}")
    cpu[$set/$t]="see the rounds"
  done
  echo "--- $set, round by round:"
  for r in $(seq 1 "$rounds"); do
    local k="$set-round$r"
    echo "  round $r: standalone ${tps[$k/standalone]:-} TPS (${cpu[$k/standalone]:-}), DISABLED ${tps[$k/group-DISABLED]:-} (${cpu[$k/group-DISABLED]:-}), VERIFY_IDENTITY ${tps[$k/group-VERIFY_IDENTITY]:-} (${cpu[$k/group-VERIFY_IDENTITY]:-}); group/standalone $(ratio "${tps[$k/group-DISABLED]:-}" "${tps[$k/standalone]:-}"), VERIFY_IDENTITY/DISABLED $(ratio "${tps[$k/group-VERIFY_IDENTITY]:-}" "${tps[$k/group-DISABLED]:-}")"
  done
}
declare -A load
run_set() { # run_set shared|equal
  set="$1"
  [[ $set != paired ]] || echo "=== paired: the standalone member and the group at the same time, on the same two cores, each member JVM and each client in its own cgroup, quota $paired_quota core each (6 cgroups; cfs_quota_us/cfs_period_us = $(python3 -c "import sys; print(round(float(sys.argv[1])*3000))" "$paired_quota")/3000); the single-client p50 is not measured in this set"
  [[ $set == paired ]] || echo "=== $set: $(if [[ $set == equal ]]; then echo "each member JVM and the sysbench client in its own cgroup, quota $quota core each (cfs_quota_us/cfs_period_us = $(python3 -c "import sys; print(int(float(sys.argv[1])*int(sys.argv[2])))" "$quota" "$period")/$period); standalone: one member-sized quota"; else echo "unconstrained on the shared machine ($(nproc) cores)"; fi); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  case "$set" in equal) cg_setup "$quota" "$period" ;; paired) cg_setup "$paired_quota" 3000 ;; esac
  for r in $(seq 1 "$rounds"); do
    run="$set"; (( rounds == 1 )) || run="$set-round$r"
    for target in ${targets//,/ }; do
      case "$set/$target" in
        paired/standalone) ;; # in every pair
        paired/DISABLED|paired/VERIFY_IDENTITY) paired "$target" ;;
        */standalone) start_member "$base/$run/standalone" 127.0.0.1 m1 ""
                      sysbench_on 127.0.0.1 "$port" "$run/standalone"
                      stop_all ;;
        */DISABLED|*/VERIFY_IDENTITY) group "$target" ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
      esac
    done
  done
  (( rounds == 1 )) || [[ $set == paired ]] || medians "$set"
  cg_remove
  load[$set]=$(cut -d' ' -f1-3 /proc/loadavg)
}
summary() { # summary <set>
  local set="$1"
  echo "--- $set: load average after: ${load[$set]}"
  echo "  group (DISABLED) / standalone:        $(ratio "${tps[$set/group-DISABLED]:-}" "${tps[$set/standalone]:-}")   (target >= 0.84)"
  echo "  VERIFY_IDENTITY / DISABLED:           $(ratio "${tps[$set/group-VERIFY_IDENTITY]:-}" "${tps[$set/group-DISABLED]:-}")   (target >= 0.95)"
  echo "  single-client commit p50 in the group: ${p50[$set/group-DISABLED]:-} ms DISABLED, ${p50[$set/group-VERIFY_IDENTITY]:-} ms VERIFY_IDENTITY (target <= 1 ms)"
  echo "  member CPU per transaction: standalone ${cpu[$set/standalone]:-}; DISABLED ${cpu[$set/group-DISABLED]:-}; VERIFY_IDENTITY ${cpu[$set/group-VERIFY_IDENTITY]:-}"
}
done_sets=()
for set in ${sets//,/ }; do
  case "$set" in
    shared) ;;
    equal|paired)
      if [[ $(id -u) != 0 || ! -w $cgroot ]]; then echo "$set set skipped: needs root and a writable $cgroot (cgroup v1 cpu controller)"; continue; fi ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  run_set "$set"
  done_sets+=("$set")
done
echo
echo "=== summary ($threads sysbench threads, ${time}s each after at least ${warmup}s of warm-up and until the JIT was quiet (each run says how long); single-client p50 over ${p50time}s after its own warm-up (at least ${p50warmup}s)$( (( rounds == 1 )) || echo "; medians of $rounds rounds"))"
for set in "${done_sets[@]}"; do
  if [[ $set == paired ]]; then paired_summary; continue; fi
  printf '%-7s standalone %9s TPS | group DISABLED %9s TPS | group VERIFY_IDENTITY %9s TPS\n' "$set" \
    "${tps[$set/standalone]:-}" "${tps[$set/group-DISABLED]:-}" "${tps[$set/group-VERIFY_IDENTITY]:-}"
  summary "$set"
done
