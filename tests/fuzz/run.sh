#!/usr/bin/env bash
# Builds the fuzz targets (clang + libFuzzer + ASan/UBSan, WGMESH_FUZZ=ON) in
# build-fuzz/ and runs each from its seed corpus (tests/fuzz/corpus/<name>) for
# a bounded time. Fails when any fuzzer finds a crash, a sanitizer error, a
# timeout (> 10 s for one input) or an out-of-memory; the input that did it is
# left in build-fuzz/fuzz-artifacts/ (make it a regression test, then fix it).
#   tests/fuzz/run.sh [SECONDS] [NAME...]   SECONDS per fuzzer (default 60), all by default
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(mesh_yaml mesh_json node_config wg_dump ip_json msgpack struct_value json_value)
names=("${@:-${all[@]}}")

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang libclang-rt-14-dev >/dev/null
  else
    echo "tests/fuzz/run.sh: needs clang and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
    exit 1
  fi
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DWGMESH_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${names[@]/#/fuzz_}"

mkdir -p build-fuzz/fuzz-artifacts build-fuzz/fuzz-logs
failed=()
for name in "${names[@]}"; do
  work=build-fuzz/fuzz-corpus/$name  # what this machine found, kept between runs
  log=build-fuzz/fuzz-logs/$name.log
  mkdir -p "$work"
  if build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix=build-fuzz/fuzz-artifacts/"$name"- \
       "$work" tests/fuzz/corpus/"$name" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $name: ok, ${runs:-?} executions in ${seconds} s"
  else
    failed+=("$name")
    echo "fuzz $name: FAILED (log $log)" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)|Test unit written' "$log" | sed -n '1,20p' >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "tests/fuzz/run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
