#!/usr/bin/env bash
# tests/lab/ctest.sh BUILD_DIR [CTEST ARGS...]
# ctest over BUILD_DIR, run under tests/lab/with-lab.sh (scripts/test does), with one
# second chance for the tests a dead lab VM failed: when the lab's kernel hangs or
# QEMU dies mid-run, tests/lab/lab-guard.sh records it and fails every lab test left
# with "THE LAB IS DEAD". Those tests, and only those, run once more on a freshly
# booted lab (WGMESH_LAB_NODES, WGMESH_LAB_UNDERLAY), after the dead VM's console
# tail (the kernel's stacks, tests/lab/stage2-init) is printed. Every other failure
# stands. Exit status: 0 when every test passed, on the first run or the second.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lab=$here/../../scripts/lab
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}
build=${1:?usage: tests/lab/ctest.sh BUILD_DIR [CTEST ARGS...]}
shift

ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
status=$?
((status == 0)) && exit 0
[[ -e $dir/dead ]] || exit "$status"

# The failed tests (LastTestsFailed.log: "N:NAME") whose output carries the guard's
# verdict, and how many others failed. LastTest.log holds each finished test's
# output in a block that starts "N/M Testing: NAME".
read -r dead_tests other_failures < <(python3 - "$build/Testing/Temporary" <<'PY'
import re, sys
tmp = sys.argv[1]
failed = [l.split(":", 1)[1].strip() for l in open(f"{tmp}/LastTestsFailed.log") if ":" in l]
log = open(f"{tmp}/LastTest.log", errors="replace").read()
blocks = {}
for block in re.split(r"^(?=\d+/\d+ Testing: )", log, flags=re.M):
    m = re.match(r"\d+/\d+ Testing: (\S+)", block)
    if m:
        blocks[m.group(1)] = block
dead = [n for n in failed if "lab-guard: THE LAB IS DEAD" in blocks.get(n, "")]
print("|".join(re.sub(r"([.+*?\[\]()|^$\\])", r"\\\1", n) for n in dead) or "-",
      len(failed) - len(dead))
PY
)
[[ -n ${dead_tests:-} && $dead_tests != - ]] || exit "$status"

# The dead VM's console (the new boot overwrites it): kept beside the test logs, and
# its first kernel report printed (a soft lockup's stacks run ~100 lines).
kept=$build/Testing/Temporary/dead-lab-console.log
cp "$dir/console.log" "$kept"
first=$(grep -n -m 1 -E 'BUG:|stall|Oops|panic' "$kept" | cut -d: -f1)
echo "=== ctest.sh: the lab VM died during this run; its console (all of it: $kept):"
if [[ -n $first ]]; then sed -n "$first,$((first + 150))p" "$kept"; else tail -n 40 "$kept"; fi
echo "=== ctest.sh: $(tr '|' '\n' <<<"$dead_tests" | wc -l) tests failed because the lab was dead;" \
  "running them once more on a new lab ($other_failures other failures stand)"
args=("${WGMESH_LAB_NODES:-3}")
[[ ${WGMESH_LAB_UNDERLAY:-ipv6} == ipv4 ]] && args+=(--ipv4-underlay)
"$lab" down
"$lab" up "${args[@]}" || exit 1
# A new with-lab.sh exports the new VM's lab.env (shared: the outer one stops the lab).
"$here/with-lab.sh" ctest --test-dir "$build" --output-on-failure -R "^($dead_tests)\$"
rerun=$?
((other_failures == 0 && rerun == 0))
