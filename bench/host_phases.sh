#!/usr/bin/env bash
# bench/host_phases.sh WGMESH [NODES [TRACE_DIR]]: where a wgmesh host operation spends its
# time and how many processes it spawns on each host. On the lab (lab.env; run
# it under the lab lock: flock /tmp/wgmesh-lab-tests.lock tests/lab/with-lab.sh
# bench/host_phases.sh build/cli/wgmesh 6). Mesh "sph" on nodes 1..NODES-1,
# then node NODES added; ports 52350-52365.
#
# Each operation runs twice:
#   1. plain, timed at the client (command time, and the lab-wide process count:
#      the VM's PID counter, all nodes share one PID namespace);
#   2. with strace on every node's sshd listener (bench/trace_summary.py): per
#      host the connections, the SSH session setup (accept -> `sh -s`), each
#      script phase ("@@step" lines) and the processes executed in it.
# Operations: fresh up, no-op up, add one node, down -r. With TRACE_DIR, the
# raw traces are kept there (TRACE_DIR/OP/nK.trace).
set -uo pipefail
wgmesh=$(realpath "${1:?usage: host_phases.sh PATH/TO/wgmesh [NODES]}")
n=${2:-6}
keep=${3:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= n)) || { echo "needs a lab with $n nodes"; exit 1; }
mesh=sph
work=$(mktemp -d)
on() { local k=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$k" "$@"; }
spec() { # spec LAST_NODE
  printf 'name: %s\nnetwork: 10.52.50.0/24\nnodes:\n' "$mesh"
  for ((k = 1; k <= $1; k++)); do
    printf '  n%s:\n    addr: 10.52.50.%s/24\n    ssh: n%s\n    endpoint: "%s"\n    listen_port: %s\n' \
      "$k" "$k" "$k" "$(eval echo "\$LAB_NODE${k}_UNDERLAY_ADDR")" $((52350 + k))
  done
}
wgm() { "$wgmesh" -q -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
cleanup() {
  spec "$n" >"$work/mesh.yaml"
  wgm down -r >/dev/null 2>&1
  for ((k = 1; k <= n; k++)); do on "$k" 'test -f /tmp/sph.strace && kill "$(cat /tmp/sph.strace)"; rm -f /tmp/sph.trace /tmp/sph.strace' 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

last_pid() { on 1 "cut -d' ' -f5 /proc/loadavg"; }
trace_start() {
  for ((k = 1; k <= n; k++)); do
    on "$k" 'nohup strace -f -tt -q -s 120 -e trace=execve,write,clone,clone3,fork,vfork -e signal=none \
      -o /tmp/sph.trace -p "$(cat /run/sshd.pid)" </dev/null >/dev/null 2>&1 & echo $! >/tmp/sph.strace; sleep 0.5' &
  done
  wait
  sleep 1
}
trace_stop() { # trace_stop NAME: fetches each node's trace to $work/NAME/nK.trace
  mkdir -p "$work/$1"
  local k
  for ((k = 1; k <= n; k++)); do on "$k" 'kill -INT "$(cat /tmp/sph.strace)"; rm -f /tmp/sph.strace' & done
  wait
  sleep 1
  for ((k = 1; k <= n; k++)); do on "$k" 'cat /tmp/sph.trace; rm -f /tmp/sph.trace' >"$work/$1/n$k.trace"; done
}
op() { # op NAME SPEC_NODES WGMESH_ARGS...
  local name=$1 nodes=$2; shift 2
  spec "$nodes" >"$work/mesh.yaml"
  local p0 p1 t0 t1 rc
  p0=$(last_pid); t0=$(date +%s.%N)
  wgm "$@" >"$work/out" 2>&1; rc=$?
  t1=$(date +%s.%N); p1=$(last_pid)
  printf '%-10s plain: %.1f s (exit %s), %s PIDs allocated in the lab VM (less ~4 for the 2 counting ssh), load %s\n' \
    "$name" "$(echo "$t1 - $t0" | bc)" "$rc" $((p1 - p0)) "$(cut -d' ' -f1-3 /proc/loadavg)"
  ((rc == 0)) || sed 's/^/    | /' "$work/out"
}
traced() { # traced NAME SPEC_NODES WGMESH_ARGS...: the op under strace
  local name=$1 nodes=$2; shift 2
  spec "$nodes" >"$work/mesh.yaml"
  trace_start
  local t0 t1; t0=$(date +%s.%N)
  wgm "$@" >"$work/out" 2>&1
  t1=$(date +%s.%N)
  trace_stop "$name"
  printf '%-10s traced: %.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"
  python3 "$here/trace_summary.py" "$work/$name"/n*.trace | sed 's/^/    /'
  if [[ -n $keep ]]; then mkdir -p "$keep" && cp -r "$work/$name" "$keep/"; fi
}

echo "== $(date -u +%FT%TZ), $n-node lab, $(cut -d' ' -f1-3 /proc/loadavg)"
wgm down -r >/dev/null 2>&1
m=$((n - 1))
op fresh "$m" up
op noop "$m" up
op add "$n" up
op down "$n" down -r
traced fresh  "$m" up   # after the plain down -r: a fresh mesh again
traced noop  "$m" up
traced add  "$n" up
traced down  "$n" down -r
