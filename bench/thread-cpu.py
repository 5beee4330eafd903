#!/usr/bin/env python3
"""Where each member JVM's CPU goes, by kind of thread, per transaction (bench/group-sysbench.sh).

  thread-cpu.py sample SECONDS OUT LABEL=PID ...   CPU ticks and context switches of every thread of each
                                                    PID over SECONDS (from /proc/PID/task), written to OUT
  thread-cpu.py report OUT LABEL=TPS ...            those figures per transaction, by kind of thread

A thread's kind comes from its name (KINDS, first match). The report gives user+system ms of CPU per
transaction for each kind, the system part, and voluntary context switches per transaction (hand-offs
between threads: a commit that crosses threads wakes each of them).
"""
import os
import re
import sys
import time

KINDS = [
    ("sessions", r"^jgr-sql-\d"),
    ("applier", r"^jgr-(applier|recovery-applier)-"),
    ("group messages", r"^(runner-|Connection\.Rece|TQ-Bundler|Timer runner|jgroups-|TcpServer|jgr-gcs-)"),
    ("housekeeper", r"^jgr-store-house"),
    ("JIT", r"^C\d CompilerThre"),
    ("GC (VM Thread)", r"^(VM Thread|GC )"),
]
ORDER = [k for k, _ in KINDS] + ["other"]
# The group messages' threads one by one (a second line of the report): which hop of a commit costs.
GROUP_PARTS = [
    ("Raft runner", r"^runner-"),
    ("receivers", r"^Connection\.Rece"),
    ("bundler", r"^TQ-Bundler"),
    ("timers", r"^Timer runner"),
    ("control", r"^jgr-gcs-"),
]
HZ = os.sysconf("SC_CLK_TCK")


def kind(name):
    for k, pattern in KINDS:
        if re.search(pattern, name):
            return k
    return "other"


def group_part(name):
    for part, pattern in GROUP_PARTS:
        if re.search(pattern, name):
            return part
    return "other"


def snapshot(pid):
    """{tid: (name, user ticks, system ticks, voluntary switches)} of every live thread of pid."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            status = open(f"/proc/{pid}/task/{tid}/status").read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        vcsw = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
        out[tid] = (name, int(fields[11]), int(fields[12]), vcsw)
    return out


def sample(seconds, path, members):
    before = {label: snapshot(pid) for label, pid in members}
    time.sleep(seconds)
    after = {label: snapshot(pid) for label, pid in members}
    with open(path, "w") as f:
        f.write(f"seconds {seconds}\n")
        for label, _ in members:
            sums = {}
            for tid, (name, user, system, vcsw) in after[label].items():
                _, u0, s0, v0 = before[label].get(tid, (name, 0, 0, 0))
                keys = [kind(name)]
                if keys[0] == "group messages":
                    keys.append("group messages/" + group_part(name))
                for key in keys:
                    s = sums.setdefault(key, [0, 0, 0])
                    s[0] += user - u0
                    s[1] += system - s0
                    s[2] += vcsw - v0
            for k, (user, system, vcsw) in sums.items():
                f.write(f"{label}\t{k}\t{user}\t{system}\t{vcsw}\n")


def report(path, tps):
    lines = open(path).read().splitlines()
    seconds = float(lines[0].split()[1])
    rows = {}
    for line in lines[1:]:
        label, k, user, system, vcsw = line.split("\t")
        rows.setdefault(label, {})[k] = (int(user), int(system), int(vcsw))
    for label, rate in tps:
        if label not in rows or rate <= 0:
            continue
        tx = rate * seconds
        ms = lambda ticks: ticks * 1000.0 / HZ / tx
        kinds = rows[label]
        total = sum(u + s for k, (u, s, _) in kinds.items() if "/" not in k)

        def line(names, prefix=""):
            parts = []
            for k in names:
                if prefix + k in kinds and sum(kinds[prefix + k][:2]) > 0:
                    u, s, v = kinds[prefix + k]
                    parts.append(f"{k} {ms(u + s):.3f} (sys {ms(s):.3f}, {v / tx:.1f} waits)")
            return ", ".join(parts)

        print(f"{label}: {ms(total):.3f} ms = " + line(ORDER))
        detail = line([p for p, _ in GROUP_PARTS] + ["other"], "group messages/")
        if detail:
            print(f"  {label}'s group messages: {detail}")


def pairs(args, convert):
    return [(a.split("=", 1)[0], convert(a.split("=", 1)[1])) for a in args]


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "sample":
        sample(float(sys.argv[2]), sys.argv[3], pairs(sys.argv[4:], int))
    elif len(sys.argv) >= 3 and sys.argv[1] == "report":
        report(sys.argv[2], pairs(sys.argv[3:], float))
    else:
        sys.exit(__doc__)
