#!/usr/bin/env python3
"""bench/trace_summary.py TRACE...: what one wgmesh operation cost on each host.

Each TRACE is `strace -f -tt -q -e trace=execve,write,clone,clone3,fork,vfork
-p <sshd listener>` output of one lab node during the operation
(bench/host_phases.sh makes them). A connection is a child of the listener;
only connections that ran `sh -s` (wgmesh's scripts, on stdin) are counted.
Prints, per node, one line per connection: accept -> `sh -s` (SSH handshake,
auth, session), then the time of each "@@step" phase of the script, and the
processes it executed. Then the totals per host. Timings are under strace
(every traced syscall stops the process): use them for proportions.
"""
import re
import sys
from datetime import datetime

LINE = re.compile(r"^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$")
CHILD = re.compile(r"(?:clone3?|v?fork)\(.*= (\d+)$|<\.\.\. (?:clone3?|v?fork) resumed>.*= (\d+)$")


def seconds(stamp):
    t = datetime.strptime(stamp, "%H:%M:%S.%f")
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6


def summarize(path):
    parent, first_seen, execs, events, last = {}, {}, {}, [], {}
    listener = None
    for raw in open(path, errors="replace"):
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            continue
        pid, t, rest = int(m.group(1)), seconds(m.group(2)), m.group(3)
        if listener is None:
            listener = pid
        first_seen.setdefault(pid, t)
        last[pid] = t
        c = CHILD.search(rest)
        if c:
            child = int(c.group(1) or c.group(2))
            if child > 0:
                parent[child] = pid
                first_seen.setdefault(child, t)
        if rest.startswith("execve(") and rest.endswith("= 0") or (
                rest.startswith("<... execve resumed>") and rest.endswith("= 0")):
            execs.setdefault(pid, []).append(t)
        if rest.startswith("execve("):
            events.append((t, pid, "exec", rest))
        if rest.startswith('write(1, "@@step '):
            step = rest.split('"', 2)[1][len("@@step "):].replace("\\n", "")
            events.append((t, pid, "step", step))

    def connection_of(pid):
        while pid in parent and parent[pid] != listener:
            pid = parent[pid]
        return pid if parent.get(pid) == listener else None

    conns = {}
    for pid in set(parent) | set(first_seen):
        c = connection_of(pid)
        if c is not None:
            conns.setdefault(c, set()).add(pid)
    out = []
    for c in sorted(conns, key=lambda p: first_seen.get(p, 0)):
        pids = conns[c]
        evs = sorted(e for e in events if e[1] in pids)
        sh = [e for e in evs if e[2] == "exec" and re.search(r'\["(sudo|sh)", .*"-s"\]', e[3])]
        if not sh:
            continue  # not a wgmesh script (the bench's own ssh commands)
        start = sh[0][0]
        end = max(last[p] for p in pids)
        n_exec = sum(len(execs.get(p, [])) for p in pids)
        phases, mark, name = [], start, "script start (lock, fingerprint check / read)"
        counts = {}
        for t, pid, kind, what in evs:
            if kind == "exec" and t >= start:
                counts[name] = counts.get(name, 0) + 1
            if kind == "step":
                phases.append((name, t - mark, counts.get(name, 0)))
                mark, name = t, what
        phases.append((name, end - mark, counts.get(name, 0)))
        out.append({"accept_to_sh": start - first_seen[c], "script": end - start,
                    "execs": n_exec, "phases": phases})
    return out


def main():
    for path in sys.argv[1:]:
        conns = summarize(path)
        node = path.rsplit("/", 1)[-1].split(".")[0]
        total_exec = sum(c["execs"] for c in conns)
        print(f"{node}: {len(conns)} connection(s), {total_exec} processes executed")
        for i, c in enumerate(conns, 1):
            print(f"  connection {i}: accept->sh {c['accept_to_sh']:.2f} s, script {c['script']:.2f} s,"
                  f" {c['execs']} execs")
            for name, dur, n in c["phases"]:
                print(f"    {dur:6.2f} s {n:4d} execs  {name}")


if __name__ == "__main__":
    main()
