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
    parent, first_seen, execs, events, last, exited = {}, {}, {}, [], {}, {}
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
        if rest.startswith("+++ exited"):
            exited[pid] = t
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

    def descendants(root):
        pids, grew = {root}, True
        while grew:
            more = {p for p, q in parent.items() if q in pids} - pids
            grew = bool(more)
            pids |= more
        return pids

    out = []
    for c in sorted(conns, key=lambda p: first_seen.get(p, 0)):
        # Each `sh -s` is one script (bash -c execs it in place: same pid).
        scripts = sorted((e[0], e[1]) for e in events if e[1] in conns[c] and e[2] == "exec"
                         and re.search(r'\["(sudo|sh)", .*"-s"\]', e[3]))
        if not scripts:
            continue  # not wgmesh (the bench's own ssh commands)
        conn = {"accept_to_sh": scripts[0][0] - first_seen[c], "scripts": []}
        for start, root in scripts:
            pids = descendants(root)
            end = exited.get(root, max(last[p] for p in pids))
            evs = sorted(e for e in events if e[1] in pids and e[0] >= start)
            phases, mark, name, counts = [], start, "start (lock and fingerprint check, or the read)", {}
            for t, pid, kind, what in evs:
                if kind == "exec" and not (pid == root and t == start):
                    counts[name] = counts.get(name, 0) + 1
                if kind == "step":
                    phases.append((name, t - mark, counts.get(name, 0)))
                    mark, name = t, what
            phases.append((name, end - mark, counts.get(name, 0)))
            conn["scripts"].append({"seconds": end - start, "phases": phases,
                                    "execs": sum(n for _, _, n in phases)})
        out.append(conn)
    return out


def main():
    for path in sys.argv[1:]:
        conns = summarize(path)
        node = path.rsplit("/", 1)[-1].split(".")[0]
        scripts = [x for c in conns for x in c["scripts"]]
        print(f"{node}: {len(conns)} connection(s), {len(scripts)} script(s), "
              f"{sum(x['execs'] for x in scripts)} processes executed by the scripts")
        for i, c in enumerate(conns, 1):
            print(f"  connection {i}: accept -> first `sh -s` {c['accept_to_sh']:.2f} s")
            for j, x in enumerate(c["scripts"], 1):
                print(f"    script {j}: {x['seconds']:.2f} s, {x['execs']} execs")
                for name, dur, n in x["phases"]:
                    print(f"      {dur:6.2f} s {n:4d} execs  {name}")


if __name__ == "__main__":
    main()
