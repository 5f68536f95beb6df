#!/usr/bin/env bash
# Builds the fuzz targets (clang + libFuzzer + ASan/UBSan, WGMESH_FUZZ=ON) in
# build-fuzz/ and runs each from its seed corpus (tests/fuzz/corpus/<name>), as
# many at once as there are cores. Fails when any fuzzer finds a crash, a
# sanitizer error, a timeout (> 10 s for one input) or an out-of-memory; the
# input that did it is left in build-fuzz/fuzz-artifacts/ (add it to
# tests/fuzz/corpus/<name>/ so every later run replays it, make it a regression
# test, then fix it). Two modes:
#   tests/fuzz/run.sh [SECONDS] [NAME...]   explore: SECONDS per fuzzer (default 60) from a
#       random seed, keeping what it finds in build-fuzz/fuzz-corpus/<name> for the next run
#   tests/fuzz/run.sh --gate [NAME...]      the CI gate (ctest's `fuzz` tier): a fixed seed and
#       a fixed number of executions per fuzzer from the seed corpus alone, so one commit gets
#       one verdict; a fuzzer's new find fails the exploring run, never an unrelated landing
# All fuzzers by default.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=explore seconds=60
if [ "${1:-}" = --gate ]; then
  mode=gate
  shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
all=(mesh_yaml mesh_json node_config wg_dump ip_json msgpack struct_value json_value)
names=("${@:-${all[@]}}")
# The gate's executions per fuzzer: about 40 s each on the CI machine (2 shared
# cores, docs/reliability.md "Fuzzers" has the measured rates).
declare -A gate_runs=([mesh_yaml]=100000 [mesh_json]=300000 [node_config]=150000
  [wg_dump]=250000 [ip_json]=60000 [msgpack]=400000 [struct_value]=900000 [json_value]=180000)

scripts/deps  # clang and libFuzzer (libclang-rt-dev) among them
source scripts/lib/ccache.sh
# -O1 -gline-tables-only, as OSS-Fuzz builds: quick to compile, fast enough to fuzz.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" \
  -DCMAKE_CXX_COMPILER=clang++ -DWGMESH_FUZZ=ON "${ccache_launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${names[@]/#/fuzz_}"

out=build-fuzz/fuzz-logs
mkdir -p build-fuzz/fuzz-artifacts "$out"
rm -f "$out"/*.failed

# One fuzzer; its verdict is its log plus, on failure, a .failed file.
fuzz() {
  local name=$1 log=$out/$1.log work bounds launcher
  if [ "$mode" = gate ]; then
    work=build-fuzz/fuzz-gate/$name  # fresh each time: only the seeds feed the gate
    rm -rf "$work"
    bounds=(-seed=1 -runs="${gate_runs[$name]}" -reload=0)  # reload is timed
    launcher=(setarch -R)  # no address randomisation: nothing keyed on addresses varies the path
  else
    work=build-fuzz/fuzz-corpus/$name  # what this machine found so far
    bounds=(-max_total_time="$seconds")
    launcher=()
  fi
  mkdir -p "$work"
  if "${launcher[@]}" build-fuzz/tests/fuzz/fuzz_"$name" "${bounds[@]}" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix=build-fuzz/fuzz-artifacts/"$name"- \
       "$work" tests/fuzz/corpus/"$name" >"$log" 2>&1; then
    local runs time
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    echo "fuzz $name: ok, ${runs:-?} executions in ${time:-?} s ($mode)"
  else
    touch "$out/$name.failed"
    echo "fuzz $name: FAILED (log $log)" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)|Test unit written' "$log" \
      | sed -n '1,20p' >&2 || true
  fi
}

for name in "${names[@]}"; do
  while running=$(jobs -rp) && [ "$(wc -l <<<"$running")" -ge "$(nproc)" ] && [ -n "$running" ]; do
    wait -n || true
  done
  fuzz "$name" &
done
wait
failed=()
for name in "${names[@]}"; do [ -e "$out/$name.failed" ] && failed+=("$name"); done
if [ ${#failed[@]} -gt 0 ]; then
  echo "tests/fuzz/run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
