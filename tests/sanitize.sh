#!/usr/bin/env bash
# Builds the unit and protocol test tiers with AddressSanitizer and
# UndefinedBehaviorSanitizer (WGMESH_SANITIZE=ON) in build-asan/ and runs them
# with ctest. Fails on any test failure or sanitizer report.
#   tests/sanitize.sh [CTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ccache.sh
# -O0 -g1: line tables for the reports, and about half the compile time of
# RelWithDebInfo's -O2 -g (the tests run quickly either way).
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O0 -g1" \
  -DWGMESH_SANITIZE=ON "${ccache_launcher[@]}" >/dev/null
# Every test binary of the two tiers and the programs their tests start.
targets=(unit_tests protocol_tests tf_provider_tests pulumi_protocol_tests node_resource_tests
         invalid_catalogue_tests wgmesh wgmesh-gen-docs)
available=$(cmake --build build-asan --target help | sed -n 's/: phony$//p')
build=()
for t in "${targets[@]}"; do grep -qx "$t" <<<"$available" && build+=("$t"); done
cmake --build build-asan -j "$(nproc)" --target "${build[@]}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec ctest --test-dir build-asan -L 'unit|protocol' --output-on-failure -j "$(nproc)" "$@"
