#!/usr/bin/env python3
"""Times Terraform/OpenTofu provider plugins for bench/*.sh (stdlib only).

  plugin_time.py handshake RUNS CLIENT_CERT BIN...
      exec -> go-plugin handshake line on stdout, the way tofu starts a plugin: magic
      cookie, PLUGIN_PROTOCOL_VERSIONS=6 and a client certificate (AutoMTLS, so the
      plugin's own certificate generation is included); then SIGKILL (and removes the
      socket the plugin leaves behind). The binaries are
      run interleaved. One line per BIN: "BIN<TAB>median<TAB>min<TAB>max<TAB>VmHWM_kB",
      times in ms, VmHWM read right after the handshake line (max over runs).

  plugin_time.py command RUNS MODE DIR...
      `tofu providers schema -json` in each DIR (interleaved), tofu from PATH.
      MODE wall:  the command's wall time.
      MODE rss:   the same, polling /proc every ~1 ms for tofu's child processes and
                  keeping their VmHWM (peak RSS), by executable name; tofu's own peak
                  comes from wait4's ru_maxrss (the larger of tofu and its children).
      MODE trace: TF_LOG=trace; the time from OpenTofu's "GRPCProvider.v6:
                  GetProviderSchema" log line to its next "GRPCProvider.v6:" line (the
                  RPC round trip plus the client's decoding; ms resolution).
      One line per DIR: "DIR<TAB>median<TAB>min<TAB>max<TAB>extra", extra being
      "name=kB,..." for rss and empty otherwise.

  plugin_time.py run RUNS CMD...
      CMD's wall time (stdout and stderr to /dev/null; it must exit 0):
      "median min max" in ms.
"""
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"


def vmhwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def handshake_once(binary, env):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL)
    line = p.stdout.readline()
    ms = (time.perf_counter() - t0) * 1000
    hwm = vmhwm_kb(p.pid)
    p.send_signal(signal.SIGKILL)
    p.wait()
    if not line.startswith(b"1|6|"):
        sys.exit(f"{binary}: unexpected handshake line {line!r}")
    remove_socket(line)
    return ms, hwm


def remove_socket(line):
    """A killed plugin leaves its unix socket (go-plugin: /tmp/pluginNNN; wgmesh:
    /tmp/plugin-wgmesh-XXXXXX/p.sock): remove it, and its own directory."""
    fields = line.decode(errors="replace").split("|")
    if len(fields) < 4 or fields[2] != "unix":
        return
    path = fields[3]
    try:
        os.unlink(path)
    except OSError:
        return
    parent = os.path.dirname(path)
    if os.path.basename(parent).startswith("plugin"):
        try:
            os.rmdir(parent)
        except OSError:
            pass


def handshake(runs, cert_file, binaries):
    cert = open(cert_file).read()
    env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="6",
               PLUGIN_CLIENT_CERT=cert, PLUGIN_MIN_PORT="10000", PLUGIN_MAX_PORT="25000")
    times = {b: [] for b in binaries}
    hwm = {b: 0 for b in binaries}
    for _ in range(runs):
        for b in binaries:
            ms, kb = handshake_once(b, env)
            times[b].append(ms)
            hwm[b] = max(hwm[b], kb)
    for b in binaries:
        t = times[b]
        print(f"{b}\t{statistics.median(t):.1f}\t{min(t):.1f}\t{max(t):.1f}\t{hwm[b]}")


def children_of(ppid, seen, kids):
    """Adds to kids the pids (not yet seen) whose parent is ppid."""
    for name in os.listdir("/proc"):
        if not name.isdigit() or name in seen:
            continue
        seen.add(name)
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == ppid:
            try:
                kids[name] = os.path.basename(os.readlink(f"/proc/{name}/exe"))
            except OSError:
                kids[name] = "?"


def rpc_ms(trace_text):
    stamps = []
    for line in trace_text.splitlines():
        m = re.match(r"(\S+Z) \[TRACE\] GRPCProvider\.v6: (\S+)", line)
        if m:
            stamps.append((m.group(2), datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%fZ")))
    for i, (name, t) in enumerate(stamps):
        if name == "GetProviderSchema" and i + 1 < len(stamps):
            return (stamps[i + 1][1] - t).total_seconds() * 1000
    return None


def command_once(workdir, mode):
    env = dict(os.environ)
    if mode == "trace":
        env["TF_LOG"] = "trace"
    out = open(os.path.join(workdir, "schema.json"), "wb")
    err = open(os.path.join(workdir, "schema.err"), "wb")
    t0 = time.perf_counter()
    p = subprocess.Popen(["tofu", "providers", "schema", "-json"], cwd=workdir, env=env,
                         stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    peaks = {}
    if mode == "rss":
        seen, kids = set(), {}
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            children_of(p.pid, seen, kids)
            for k, name in kids.items():
                kb = vmhwm_kb(k)
                if kb:
                    peaks[name] = max(peaks.get(name, 0), kb)
            time.sleep(0.001)
    else:
        pid, status, usage = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    p.returncode = 0  # reaped by wait4 above
    out.close()
    err.close()
    if status != 0:
        sys.exit(f"tofu providers schema -json failed in {workdir}: see {workdir}/schema.err")
    peaks["tofu"] = usage.ru_maxrss
    if mode == "trace":
        ms = rpc_ms(open(os.path.join(workdir, "schema.err"), errors="replace").read())
        if ms is None:
            sys.exit(f"no GetProviderSchema in the trace of {workdir}")
    return ms, peaks


def command(runs, mode, dirs):
    times = {d: [] for d in dirs}
    peaks = {d: {} for d in dirs}
    for _ in range(runs):
        for d in dirs:
            ms, pk = command_once(d, mode)
            times[d].append(ms)
            for name, kb in pk.items():
                peaks[d][name] = max(peaks[d].get(name, 0), kb)
    for d in dirs:
        t = times[d]
        extra = ",".join(f"{k}={v}" for k, v in sorted(peaks[d].items())) if mode == "rss" else ""
        print(f"{d}\t{statistics.median(t):.1f}\t{min(t):.1f}\t{max(t):.1f}\t{extra}")


def run(runs, cmd):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"{statistics.median(times):.1f} {min(times):.1f} {max(times):.1f}")


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "handshake":
        handshake(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 5 and sys.argv[1] == "command" and sys.argv[3] in ("wall", "rss", "trace"):
        command(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(int(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
