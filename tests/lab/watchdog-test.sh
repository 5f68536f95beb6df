#!/usr/bin/env bash
# tests/lab/watchdog-test.sh
# Proves the lab watchdog (tests/lab/lab-guard.sh) on a lab of its own: boots a
# separate 1-node lab (own WGMESH_LAB_DIR and WGMESH_LAB_PORT_BASE; the shared lab
# is never touched), then runs a small ctest project whose lab tests go through the
# guard like the real ones:
#   1. the VM hangs in the middle of a test (SIGSTOP to QEMU: sshd stops answering,
#      as with the soft lockups seen on a loaded CI machine): that test is stopped
#      within a minute and every remaining lab test fails at once, with one clear
#      message and the console tail;
#   2. the VM crashes (SIGKILL to QEMU) in the middle of a test: the same;
#   3. through tests/lab/ctest.sh (as scripts/test runs the suite), the VM crashes
#      once: the tests it failed run again on a newly booted lab, pass, and the run
#      exits 0, with the dead VM's console kept.
# Environment: WGMESH_WATCHDOG_PORT_BASE (default 22290; node 1 listens on BASE+1).
# Exits non-zero when any check fails; the last line is "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
guard=$here/lab-guard.sh
lab=$here/../../scripts/lab
export WGMESH_LAB_DIR WGMESH_LAB_PORT_BASE=${WGMESH_WATCHDOG_PORT_BASE:-22290}
WGMESH_LAB_DIR=$(mktemp -d /tmp/wgmesh-watchdog.XXXXXX)
work=$WGMESH_LAB_DIR/ctest
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
check() { # NAME CMD...
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

vm=""
cleanup() {
  [[ -n $vm ]] && kill -CONT "$vm" 2>/dev/null
  "$lab" down >/dev/null 2>&1
  rm -rf "$WGMESH_LAB_DIR"
}
trap cleanup EXIT

if ! "$lab" up 1 2>"$WGMESH_LAB_DIR/up.log"; then
  cat "$WGMESH_LAB_DIR/up.log" >&2
  bad "a 1-node lab of its own boots (ports from $WGMESH_LAB_PORT_BASE)"
  echo "$pass passed, $fail failed"
  exit 1
fi
vm=$(sed -n 's/^LAB_VM_PID=//p' "$WGMESH_LAB_DIR/lab.env")
cfg=$WGMESH_LAB_DIR/ssh_config
echo "# own lab: $WGMESH_LAB_DIR, VM pid $vm, n1 on 127.0.0.1:$((WGMESH_LAB_PORT_BASE + 1))"

# A ctest project like tests/CMakeLists.txt makes it: a "lab" fixture and lab tests
# that all run through the guard. "during" breaks the VM halfway; "after1" and
# "after2" would each wait up to their 600 s timeout for node 1 without the guard.
# $1: how "during" breaks the VM (STOP: hang, KILL: crash); with $2 = once, only on
# its first run (a rerun then meets a healthy lab).
write_project() { # signal [once]
  local wait_for_n1="until ssh -F $cfg -o ConnectTimeout=5 n1 true; do sleep 1; done"
  local break_vm="kill -$1 $vm"
  [[ ${2:-} == once ]] && break_vm="{ [ -e $work/broke ] || { touch $work/broke && $break_vm; }; }"
  rm -rf "$work"
  mkdir -p "$work"
  cat >"$work/CTestTestfile.cmake" <<EOF
add_test(lab_health "$guard" --probe)
set_tests_properties(lab_health PROPERTIES FIXTURES_SETUP lab)
add_test(before "$guard" ssh -F "$cfg" n1 true)
add_test(during "$guard" bash -c "ssh -F $cfg n1 true && $break_vm && $wait_for_n1")
add_test(after1 "$guard" bash -c "$wait_for_n1")
add_test(after2 "$guard" bash -c "$wait_for_n1")
set_tests_properties(before during after1 after2 PROPERTIES FIXTURES_REQUIRED lab TIMEOUT 600)
set_tests_properties(during PROPERTIES DEPENDS before)
set_tests_properties(after1 PROPERTIES DEPENDS during)
set_tests_properties(after2 PROPERTIES DEPENDS after1)
EOF
}

# ctest's result line for a test: "passed|failed SECONDS".
result() { # output name
  awk -v t="$2" '$0 ~ "Test +#[0-9]+: " t " " {
    print ($0 ~ /Passed/ ? "passed" : "failed"), $(NF - 1); exit }' <<<"$1"
}

run_project() { # signal what
  local out t0 t1 r
  write_project "$1"
  t0=$(date +%s)
  out=$(ctest --test-dir "$work" -j1 --output-on-failure 2>&1)
  t1=$(date +%s)
  sed 's/^/     | /' <<<"$out" | grep -v '^     | *$'
  echo "# ctest with a $2 took $((t1 - t0)) s"
  check "$2: the lab fixture passes before" test "$(result "$out" lab_health | cut -d' ' -f1)" = passed
  check "$2: a test before passes" test "$(result "$out" before | cut -d' ' -f1)" = passed
  r=$(result "$out" during)
  check "$2: the test during it fails within 60 s ($r s)" \
    bash -c '[[ $1 == failed* ]] && awk -v s="${1#* }" "BEGIN { exit !(s < 60) }"' _ "$r"
  for t in after1 after2; do
    r=$(result "$out" "$t")
    check "$2: remaining test $t fails at once ($r s)" \
      bash -c '[[ $1 == failed* ]] && awk -v s="${1#* }" "BEGIN { exit !(s < 3) }"' _ "$r"
  done
  check "$2: the failures say the lab is dead" grep -q 'THE LAB IS DEAD' <<<"$out"
  check "$2: and show the VM console tail" grep -q "last lines of .*console.log" <<<"$out"
}

run_project STOP "hung VM"

# The hang was the lab's state, not a verdict for ever: resumed, the lab is healthy,
# and only the recorded verdict keeps failing tests of this VM.
kill -CONT "$vm"
healthy=1
for _ in $(seq 30); do
  "$lab" health -t 5 >/dev/null && break
  sleep 1
done
"$lab" health -t 10 >/dev/null || healthy=0
check "a resumed VM answers the probe again" test "$healthy" = 1
rm -f "$WGMESH_LAB_DIR/dead"

run_project KILL "crashed VM"

# 3. The second chance scripts/test gives a run that a dead VM spoilt.
"$lab" down >/dev/null 2>&1
if "$lab" up 1 2>"$WGMESH_LAB_DIR/up.log"; then
  vm=$(sed -n 's/^LAB_VM_PID=//p' "$WGMESH_LAB_DIR/lab.env")
  write_project KILL once
  t0=$(date +%s)
  out=$(WGMESH_LAB_NODES=1 WGMESH_LAB_UNDERLAY=ipv6 "$here/ctest.sh" "$work" -j1 2>&1)
  status=$?
  t1=$(date +%s)
  sed 's/^/     | /' <<<"$out" | grep -v '^     | *$'
  echo "# tests/lab/ctest.sh with a VM crashed once took $((t1 - t0)) s"
  vm=$(sed -n 's/^LAB_VM_PID=//p' "$WGMESH_LAB_DIR/lab.env")  # the new VM (for cleanup)
  check "ctest.sh: the dead VM's 3 tests, and only they, run again" \
    grep -q "3 tests failed because the lab was dead; running them once more on a new lab (0 other" <<<"$out"
  rerun=$(sed -n '/running them once more/,$p' <<<"$out")
  check "ctest.sh: they pass on the new lab" bash -c '[[ $(grep -cE "Test +#[0-9]+: (during|after1|after2) .*Passed" <<<"$1") == 3 ]] &&
    grep -q "100% tests passed" <<<"$1"' _ "$rerun"
  check "ctest.sh: the run exits 0 ($status)" test "$status" = 0
  check "ctest.sh: the dead VM's console is kept" test -s "$work/Testing/Temporary/dead-lab-console.log"
else
  cat "$WGMESH_LAB_DIR/up.log" >&2
  bad "the 1-node lab boots again"
fi

echo "$pass passed, $fail failed"
((fail == 0))
