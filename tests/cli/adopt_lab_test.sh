#!/usr/bin/env bash
# tests/cli/adopt_lab_test.sh WGMESH: a mesh the original `mesh` tool
# (wireguard-mesh 0.2.5, from PyPI) deployed on three lab nodes, taken over
# by `wgmesh up --adopt` with the user's unchanged mesh description:
#   1. the original brings its mesh up and it pings
#   2. wgmesh sees it: plan shows the adoption, up without --adopt and
#      down -r refuse it and change nothing
#   3. up --adopt migrates it keeping every private key, preshared key and
#      tunnel address; the packets a continuous ping between two nodes loses
#      meanwhile are printed (bench/RESULTS.md records them); every pair pings
#   4. plan is empty afterwards; down -r leaves the hosts clean
# Needs lab.env (tests/lab/with-lab.sh exports it) and python3 >= 3.11.
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # lab_endpoint; ok/bad are this script's own
wgmesh=$(realpath "${1:?usage: adopt_lab_test.sh PATH/TO/wgmesh}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= 3)) || { echo "needs a lab with 3 nodes"; exit 1; }
original_bin=$("$root/scripts/install-original") || { echo "cannot install the original tool"; exit 1; }

mesh=adp
nodes=(1 2 3)
work=$(mktemp -d)
failed=0 passed=0
t0=$SECONDS

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() {
  echo "FAIL $*"; failed=$((failed + 1))
  [[ -n ${out:-} ]] && tail -n 15 <<<"$out" | sed 's/^/     | /'
}
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
contains() { grep -qF -- "$2" <<<"$1"; }
step() { echo "== $* ($((SECONDS - t0)) s)"; }
on() { local n=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$n" "$@"; }
wg() { "$wgmesh" -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
orig() { (cd "$work" && "$original_bin/mesh" -f "$work/orig.yaml" "$@"); }

# One mesh, described twice only in how to reach the hosts: the original
# (Fabric) gets connection arguments, wgmesh the lab's ssh_config aliases.
describe() { # describe SSH_FORM_FUNCTION
  printf 'name: %s\nnetwork: 10.94.0.0/24\nnodes:\n' "$mesh"
  for k in "${nodes[@]}"; do
    printf '  n%s:\n    addr: 10.94.0.%s/24\n    endpoint: "%s"\n    listen_port: 53%s0\n    ssh: %s\n' \
      "$k" "$k" "$(lab_endpoint "$k" "53${k}0")" "$k" "$("$1" "$k")"
  done
}
fabric_ssh() {
  local port; port=$(eval echo "\$LAB_NODE${1}_PORT")
  echo "{host: 127.0.0.1, port: $port, user: root, connect_kwargs: {key_filename: $LAB_SSH_KEY}}"
}
alias_ssh() { echo "n$1"; }
describe fabric_ssh >"$work/orig.yaml"
describe alias_ssh >"$work/mesh.yaml"

cleanup() {
  wg -q down -r >/dev/null 2>&1
  orig down -r >/dev/null 2>&1
  for k in "${nodes[@]}"; do
    on "$k" "for l in \$(ip -o link show | sed -n 's/^[0-9]*: \\([^:@]*\\).*/\\1/p' | grep -- '-$mesh'); do ip link del \$l; done; rm -f /etc/wireguard/*$mesh*" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
bridge_ip() { echo "10.94.0.$1"; }
pings() { on "$1" "ping -c 1 -W 2 $(bridge_ip "$2") >/dev/null 2>&1"; }
wait_ping() { # wait_ping FROM TO SECONDS: STP keeps new ports blocked ~30 s
  on "$1" sh /run/lab/first-answer "$(bridge_ip "$2")" "$3"
}
keys_of() { # the node's private key and preshared keys as the kernel has them
  on "$1" "wg show $2 private-key; wg show $2 preshared-keys | awk '{print \$2}' | sort"
}

step "1. the original tool deploys the mesh"
out=$(orig up 2>&1); rc=$?
check "mesh up (the original) exits 0" test $rc -eq 0
check "the original's mesh pings (n1 -> n2, after STP)" wait_ping 1 2 90
declare -A before
for k in "${nodes[@]}"; do before[$k]=$(keys_of "$k" "wg-$mesh$k"); done
check "the original's interfaces are wg-${mesh}<n>" test -n "${before[1]}"

step "2. wgmesh recognises it and touches nothing without --adopt"
out=$(wg plan 2>&1); rc=$?
check "plan exits 0" test $rc -eq 0
check "plan shows the adoption with the rename" \
  contains "$out" "adopt the mesh deployed by the original mesh tool"
check "plan names the interface rename" contains "$out" "rename wg-${mesh}1 -> wg-$mesh"
out=$(wg up 2>&1); rc=$?
check "up without --adopt exits 1" test $rc -eq 1
check "up without --adopt says how to adopt" contains "$out" "wgmesh up --adopt"
out=$(wg down -r 2>&1); rc=$?
check "down -r refuses a mesh it did not create" test $rc -ne 0
check "down -r names what it found" contains "$out" "wg-${mesh}1"
out=$(on 1 "wg show wg-${mesh}1 >/dev/null && test -f /etc/wireguard/wg-${mesh}1.conf && echo intact")
check "the original's mesh is intact" test "$out" = intact
check "and still pings" pings 1 2

step "3. up --adopt keeps every key"
on 1 "ping -i 0.2 -c 400 -W 1 $(bridge_ip 2) > /tmp/adopt-ping.txt 2>&1 &" </dev/null
started=$SECONDS
out=$(wg up --adopt 2>&1); rc=$?
adopt_s=$((SECONDS - started))
check "up --adopt exits 0" test $rc -eq 0
check "up --adopt says the keys were kept" contains "$out" "adopted, keys kept"
for k in "${nodes[@]}"; do
  after=$(keys_of "$k" "wg-$mesh")
  check "n$k: private and preshared keys kept" test "$after" = "${before[$k]}"
done
out=$(on 1 "ip -o link show | grep -c -- 'wg-${mesh}1\\|gt-${mesh}[0-9]'; ls /etc/wireguard | grep -- '${mesh}'")
check "the original's links are gone, its config kept aside" \
  test "$out" = "$(printf '0\nwg-%s.conf\nwg-%s.json\nwg-%s.owner\nwg-%s1.conf.wgmesh-adopted' "$mesh" "$mesh" "$mesh" "$mesh")"
all=1
for a in "${nodes[@]}"; do for b in "${nodes[@]}"; do
  [[ $a == "$b" ]] || wait_ping "$a" "$b" 45 || all=0 # crossed handshakes: docs/reliability.md
done; done
check "every pair pings after the adoption" test $all -eq 1
until_ping_s=$((SECONDS - started))
sleep 3
out=$(on 1 "pkill -INT -x ping; sleep 1; tail -n 3 /tmp/adopt-ping.txt; rm -f /tmp/adopt-ping.txt")
echo "adoption: up --adopt ${adopt_s} s, every pair pinging after ${until_ping_s} s; n1->n2 ping (every 0.2 s): $(grep -o '[0-9]* packets transmitted, [0-9]* received' <<<"$out")"

step "4. afterwards"
out=$(wg plan 2>&1)
check "plan: no changes" contains "$out" "no changes; every node is up to date"
out=$(wg down -r 2>&1); rc=$?
check "down -r exits 0" test $rc -eq 0
left=$(for k in "${nodes[@]}"; do on "$k" "ip -o link show | grep -c -- '-$mesh'; ls /etc/wireguard | grep -c -- '$mesh'"; done | tr '\n' ' ')
check "down -r leaves the hosts clean" test "$left" = "0 0 0 0 0 0 "

echo "$passed passed, $failed failed"
((failed == 0))
