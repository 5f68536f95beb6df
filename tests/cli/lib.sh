# Sourced by the tests/cli scripts after `set -uo pipefail`:
#   cli_test_init SCRIPT_NAME WGMESH   sets wgmesh (absolute), here (tests/cli),
#                                      root (the checkout), work (a temp dir,
#                                      removed on exit) and the counters
#   ok / bad DESCRIPTION               count and print one result
#   finish                             prints the counts; exit status 1 on a failure
cli_test_init() {
  wgmesh=$(realpath "${2:?usage: $1 PATH/TO/wgmesh}") || exit 2
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
  root=$(cd "$here/../.." && pwd -P)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  failed=0 passed=0
}
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
}
