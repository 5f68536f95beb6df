# Sourced by the tests/cli scripts after `set -uo pipefail`:
#   cli_test_init SCRIPT_NAME WGMESH   sets wgmesh (absolute), here (tests/cli),
#                                      root (the checkout), work (a temp dir,
#                                      removed on exit) and the counters
#   ok / bad DESCRIPTION               count and print one result
#   finish                             prints the counts; exit status 1 on a failure
#   lab_endpoint NODE PORT             lab node NODE's underlay address with PORT
#                                      (an IPv6 one bracketed: bare, it is ambiguous)
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
lab_endpoint() {
  local var=LAB_NODE${1}_UNDERLAY_ADDR
  if [[ ${!var} == *:* ]]; then echo "[${!var}]:$2"; else echo "${!var}:$2"; fi
}
