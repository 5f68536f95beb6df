#!/usr/bin/env bash
# Builds the fuzz targets (clang + libFuzzer + ASan/UBSan, WGMESH_FUZZ=ON) in
# build-fuzz/ and runs each from its seed corpus (tests/fuzz/corpus/<name>) for
# a bounded time, as many at once as there are cores. Fails when any fuzzer
# finds a crash, a sanitizer error, a timeout (> 10 s for one input) or an
# out-of-memory; the input that did it is left in build-fuzz/fuzz-artifacts/
# (add it to tests/fuzz/corpus/<name>/ so every later run replays it, make it a
# regression test, then fix it).
#   tests/fuzz/run.sh [SECONDS] [NAME...]   SECONDS per fuzzer (default 60), all by default
# ctest runs it as the `fuzz` tier (tests/CMakeLists.txt, WGMESH_FUZZ_SECONDS).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(mesh_yaml mesh_json node_config wg_dump ip_json msgpack struct_value json_value)
names=("${@:-${all[@]}}")

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
  local name=$1 work=build-fuzz/fuzz-corpus/$1 log=$out/$1.log  # work: what this machine found
  mkdir -p "$work"
  if build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix=build-fuzz/fuzz-artifacts/"$name"- \
       "$work" tests/fuzz/corpus/"$name" >"$log" 2>&1; then
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $name: ok, ${runs:-?} executions in ${seconds} s"
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
