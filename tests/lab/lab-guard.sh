#!/usr/bin/env bash
# tests/lab/lab-guard.sh --probe | CMD [ARGS...]
# The lab watchdog: ctest runs every lab test through it (tests/CMakeLists.txt), so
# no lab test spends minutes discovering that the lab VM is gone or hung.
#
#   --probe   the ctest fixture "lab": exit 0 when the lab is healthy, else 1
#   CMD...    run one lab test: check the lab first, then run CMD while watching it
#
# Healthy: the VM process runs and every node's sshd sends its banner within a few
# seconds (`scripts/lab health`). Before a test every node must answer (one retry
# with a longer timeout, for a loaded machine). While a test runs, the lab counts as
# dead only when the VM process is gone or no node at all answers twice in a row
# (a test may stop one node's sshd on purpose); the guard then stops the test.
#
# A dead lab is recorded in $WGMESH_LAB_DIR/dead for the VM's pid: every later
# test of this lab fails at once with the same message and the console tail. The
# next `scripts/lab up` (a new VM) clears it.
#
# No lab.env (no lab at all): CMD runs unguarded and reports that itself. gtest's
# test discovery (--gtest_list_tests) needs no lab and runs unguarded too.
# Exit status: CMD's; 1 when the lab is dead or unhealthy.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lab=$here/../../scripts/lab
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}
marker=$dir/dead
# Seconds between checks while a test runs, and the banner timeouts (a loaded 2-core
# machine was seen taking 10 s for an ssh login: be patient before a verdict).
watch_every=${WGMESH_LAB_WATCH_EVERY:-10}
quick=5 patient=15

if (($# == 0)); then
  echo "usage: tests/lab/lab-guard.sh --probe | CMD [ARGS...]" >&2
  exit 2
fi
for arg in "$@"; do
  [[ $arg == --gtest_list_tests ]] && exec "$@"
done

vm_pid=""
if [[ -r $dir/lab.env ]]; then
  vm_pid=$(sed -n 's/^LAB_VM_PID=//p' "$dir/lab.env")
fi
if [[ -z $vm_pid ]]; then
  if [[ $1 == --probe ]]; then
    echo "lab-guard: no lab ($dir/lab.env): run under tests/lab/with-lab.sh" >&2
    exit 1
  fi
  exec "$@"
fi

labcmd() { WGMESH_LAB_DIR=$dir "$lab" "$@"; }

report_dead() { # the verdict, once per failing test
  {
    echo "lab-guard: THE LAB IS DEAD: $(sed -n 2p "$marker")"
    echo "lab-guard: every remaining lab test of this VM (pid $vm_pid) fails at once;" \
      "scripts/lab down && scripts/lab up (or tests/lab/with-lab.sh) boots a new one"
    labcmd console 20
  } >&2
}

declare_dead() { # reason
  # First line: the VM pid the verdict is about; second: why.
  printf '%s\n%s (at %s)\n' "$vm_pid" "$1" "$(date +%T)" >"$marker.tmp" && mv "$marker.tmp" "$marker"
  report_dead
}

if [[ -r $marker && $(head -n 1 "$marker") == "$vm_pid" ]]; then
  report_dead
  exit 1
fi

# Before the test: every node answers.
if ! why=$(labcmd health -t "$quick") && ! why=$(labcmd health -t "$patient"); then
  if labcmd health --any -t "$quick" >/dev/null; then
    echo "lab-guard: the lab is unhealthy, not running the test: $why" >&2
    exit 1
  fi
  declare_dead "$why"
  exit 1
fi
[[ $1 == --probe ]] && exit 0

# The test in its own session (pid = process group id): the guard can stop all of it.
setsid "$@" &
test_pid=$!
trap 'kill -TERM -- -"$test_pid" 2>/dev/null' INT TERM

misses=0
while :; do
  sleep "$watch_every" &
  sleeper=$!
  wait -n "$test_pid" "$sleeper"
  if ! kill -0 "$test_pid" 2>/dev/null; then
    kill "$sleeper" 2>/dev/null
    break
  fi
  if why=$(labcmd health --any -t "$patient"); then
    misses=0
    continue
  fi
  misses=$((misses + 1))
  # A gone VM is certain at once; silence may be a moment of load: ask twice.
  if ((misses >= 2)) || ! kill -0 "$vm_pid" 2>/dev/null; then
    declare_dead "$why (during the test)"
    kill -TERM -- -"$test_pid" 2>/dev/null
    sleep 3
    kill -KILL -- -"$test_pid" 2>/dev/null
    wait "$test_pid" 2>/dev/null
    exit 1
  fi
done
wait "$test_pid"
