#!/usr/bin/env bash
# tests/cli/cli_lab_test.sh WGMESH: the `wgmesh` command against the lab, as a
# user runs it. The mesh is examples/lab-mesh.yaml moved to the last three lab
# nodes (own name, network and listen ports, so it can share the lab):
#   1. one unreachable host: the others come up, exit 1, the summary names the
#      host and the step, nothing is deleted on the others
#   2. the example mesh: up, ping matrix, info -J (every node up), info YAML
#      (the fields a user reads), info in the original tool's shape (keys,
#      order, types: tests/data/original/info_shape.py), a second up is a
#      no-op (exit 0, says so)
#   3. an endpoint edit: plan shows exactly that change, sync applies it
#      without restarting any interface (same ifindex), sync again exits 0
#   4. down -r with an unreachable host removes no config anywhere; with
#      --skip-unreachable it removes the mesh from the reachable hosts, leaves
#      them clean and lists the skipped one
# Needs lab.env (tests/lab/with-lab.sh exports it; else $WGMESH_LAB_DIR).
set -uo pipefail
wgmesh=$(realpath "${1:?usage: cli_lab_test.sh PATH/TO/wgmesh}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= 3)) || { echo "needs a lab with 3 nodes"; exit 1; }

mesh=cl # this test's own mesh name, network 10.52.3.0/24, ports 52320-52322
a=$((LAB_NODES - 2)) b=$((LAB_NODES - 1)) c=$LAB_NODES
work=$(mktemp -d)
spec=$work/mesh.yaml
failed=0 passed=0
t0=$SECONDS

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { # shows the output of the command under test
  echo "FAIL $*"; failed=$((failed + 1))
  [[ -n ${out:-} ]] && tail -n 15 <<<"$out" | sed 's/^/     | /'
}
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
wg() { "$wgmesh" -f "$spec" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
on() { local n=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$n" "$@"; }
contains() { grep -qF -- "$2" <<<"$1"; }
step() { echo "== $* ($((SECONDS - t0)) s)"; }

# The example, moved: hosts n$a n$b n$c, endpoints fd00:10::{a,b,c}, own ports.
make_spec() { # make_spec ENDPOINT_OF_MESH3
  sed -e "s/^name: mesh/name: $mesh/" -e 's/10\.99\.0\./10.52.3./g' \
      -e "s/ssh: n1 /ssh: n$a /" -e "s/host: n2/host: n$b/" -e "s/root@n3/root@n$c/" \
      -e "s/fd00:10::1\$/fd00:10::$a\n    listen_port: 52320/" \
      -e "s/\[fd00:10::2\]:51821/[fd00:10::$b]:52321/" -e 's/listen_port: 51821/listen_port: 52321/' \
      -e "s/\"fd00:10::3\" .*/\"$1\"\n    listen_port: 52322/" \
      "$root/examples/lab-mesh.yaml" >"$spec"
}

restore_address() {
  on "$c" "ip addr add fd00:10::$c/64 dev eth1 nodad 2>/dev/null; ip addr del fd00:10::1$c/64 dev eth1 2>/dev/null; true"
}
cleanup() {
  wg -q down -r >/dev/null 2>&1
  restore_address >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

make_spec "fd00:10::$c"
grep -q "listen_port: 52322" "$spec" && grep -q "ssh: n$a" "$spec" || { echo "spec edit failed"; cat "$spec"; exit 1; }

step "1. one unreachable host"
cp "$spec" "$work/good.yaml"
cat >>"$spec" <<YAML
  mesh4:
    addr: 10.52.3.4/24
    ssh: {host: 127.0.0.1, port: 1, user: root, connect_attempts: 1}
    endpoint: 192.0.2.4
YAML
out=$(wg up 2>&1); rc=$?
check "up with an unreachable host exits non-zero" test $rc -ne 0
check "the summary names the failed host and step" \
  contains "$out" 'wgmesh up: mesh4 (127.0.0.1) FAILED at step "reading keys"'
check "the error says why (connection refused)" grep -qiE "mesh4.*(refused|connect)" <<<"$out"
check "the summary counts the failure and says nothing was deleted" \
  contains "$out" "1 of 4 node(s) failed; the other nodes were left configured, nothing was torn down or deleted"
check "the other three came up" contains "$out" "3 of 4 node(s) up"
for n in $a $b $c; do
  check "n$n keeps its interface and configs" \
    on "$n" "test -e /sys/class/net/wg-$mesh && test -s /etc/wireguard/wg-$mesh.conf && test -s /etc/wireguard/wg-$mesh.json"
done
cp "$work/good.yaml" "$spec"

step "2. the example mesh"
out=$(wg up 2>&1); rc=$?
check "up without the unreachable host exits 0" test $rc -eq 0
check "up removes the tunnel to mesh4" contains "$out" "remove tunnel gt-$mesh-4 (no longer a peer)"
check "nobody restarted" bash -c '! grep -q "interface restarted" <<<"$1"' _ "$out"
for from in $a $b $c; do
  for to in 1 2 3; do
    check "ping n$from -> 10.52.3.$to" on "$from" sh /run/lab/first-answer "10.52.3.$to"
  done
done
ifindex_before=$(for n in $a $b $c; do on "$n" cat /sys/class/net/wg-$mesh/ifindex; done)

json=$(wg -q -J info); rc=$?
check "info -J exits 0" test $rc -eq 0
check "info -J: every node up, configs present, in sync, every peer handshaked" python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["name"] == "cl" and d["network"] == "10.52.3.0/24", d
assert d["is_up"] == 1.0 and d["config_exists"] == 1.0, d
assert set(d["nodes"]) == {"mesh1", "mesh2", "mesh3"}, d["nodes"].keys()
for name, n in d["nodes"].items():
    assert n["is_up"] and n["config_exists"] and n["in_sync"], (name, n)
    assert n["bridge_mtu"] == 1362, (name, n["bridge_mtu"])
    assert sorted(n["peers"]) == sorted({"mesh1", "mesh2", "mesh3"} - {name}), (name, n["peers"])
    assert set(n["peer_status"]) == set(n["peers"]), (name, n["peer_status"])
    for p, peer in n["peer_status"].items():
        assert peer["latest_handshake"] != "never" and peer["connected"], (name, p, peer)
    assert len(n["bridge_ports"]) == 2, n["bridge_ports"]
    for port in n["bridge_ports"].values():
        assert port["stp_state"] == "forwarding" and port["peer"] in n["peers"], port
PY
yaml=$(wg -q info); rc=$?
check "info (YAML) exits 0" test $rc -eq 0
for field in "name: $mesh" "network: 10.52.3.0/24" "is_up: 1.0" "config_exists: 1.0" "nodes:" \
             "  mesh1:" "host: n$a" "host: root@n$c" "address: 10.52.3.2" "peers:" "- mesh1" \
             "latest_handshake: 20" "bridge_mtu: 1362" "stp_state: forwarding" "in_sync: true"; do
  check "info shows \"$field\"" contains "$yaml" "$field"
done
check "info: the address has no prefix, as the original printed it" \
  bash -c '! grep -q "address: .*/" <<<"$1"' _ "$yaml"
check "info shows no secret" bash -c '! grep -qiE "private|preshared" <<<"$1"' _ "$yaml"

# The original's shape: its own `info` on this very mesh file when it is
# installed (scripts/install-original), else its captured output for the
# example (keys, order and types only).
data=$root/tests/data/original
printf '%s\n' "$yaml" >"$work/info.yaml"
printf '%s\n' "$json" >"$work/info.json"
original_python=
for marker in "${WGMESH_CACHE:-/var/cache/wgmesh}"/original-venv/.complete-wireguard-mesh-*; do
  [[ -f $marker ]] && original_python="$(dirname "$marker")/bin/python"
done
if [[ -n $original_python ]]; then
  "$original_python" "$data/original_info.py" "$spec" >"$work/original.yaml"
  "$original_python" "$data/original_info.py" "$spec" -J >"$work/original.json"
  shape=(--same-mesh "$work/original")
else
  shape=("$data/info/original")
fi
for fmt in yaml json; do
  out=$(python3 "$data/info_shape.py" "${shape[@]}.$fmt" "$work/info.$fmt" 2>&1)
  check "info ($fmt) has the original's keys, order and types${original_python:+ and values}" \
    test -z "$out"
done

out=$(wg up 2>&1); rc=$?
check "a second up exits 0" test $rc -eq 0
check "a second up says nothing changed" contains "$out" "all 3 node(s) already up to date; nothing changed"

out=$(wg -q show); rc=$?
check "show exits 0 and hides the keys" bash -c '[[ $2 == 0 ]] && grep -q "private key: (hidden)" <<<"$1" && grep -q "preshared key: (hidden)" <<<"$1"' _ "$out" "$rc"

step "3. an endpoint edit"
make_spec "fd00:10::1$c"
out=$(wg -q plan); rc=$?
check "plan exits 0" test $rc -eq 0
check "plan: mesh3 itself does not change" contains "$out" "mesh3 (root@n$c): no changes"
check "plan: mesh1 and mesh2 change the endpoint of peer mesh3" \
  test "$(grep -c '^  ~ peer mesh3: endpoint changed$' <<<"$out")" -eq 2
check "plan: no other change" test "$(grep -c '^  ~ ' <<<"$out")" -eq 2
check "plan: the host steps only rewrite the configs (and the peer), no restart" \
  test "$(grep '^    - ' <<<"$out" | grep -vc -e 'update peer mesh3: endpoint$' -e 'set endpoint of peer mesh3$' -e 'write the wg-quick config file' -e 'write the node config file')" -eq 0
check "plan changed nothing" bash -c "[[ \$(ssh -F '$LAB_SSH_CONFIG' n$a wg show wg-$mesh endpoints) != *'fd00:10::1$c'* ]]"
# The host really moves to the new address: WireGuard roams a peer's endpoint
# to wherever its packets come from, so an endpoint that is not where the host
# sends from would not stay set.
on "$c" "ip addr add fd00:10::1$c/64 dev eth1 nodad && ip addr del fd00:10::$c/64 dev eth1"
out=$(wg sync 2>&1); rc=$?
check "sync exits 0" test $rc -eq 0
check "sync changed 2 nodes" contains "$out" "3 of 3 node(s) up (2 changed)"
check "n$a now sends to the new endpoint" bash -c "ssh -F '$LAB_SSH_CONFIG' n$a wg show wg-$mesh endpoints | grep -qF '[fd00:10::1$c]:52322'"
ifindex_after=$(for n in $a $b $c; do on "$n" cat /sys/class/net/wg-$mesh/ifindex; done)
check "no interface restarted (same ifindex on every node)" test "$ifindex_before" = "$ifindex_after"
check "ping n$a -> mesh3 still works" on "$a" "ping -c1 -W3 10.52.3.3 >/dev/null"
out=$(wg sync 2>&1); rc=$?
check "sync on a mesh in sync exits 0 and says so" \
  bash -c '[[ $2 == 0 ]] && grep -q "already up to date; nothing changed" <<<"$1"' _ "$out" "$rc"

step "4. down -r"
cp "$spec" "$work/good.yaml"
cat >>"$spec" <<YAML
  mesh4:
    addr: 10.52.3.4/24
    ssh: {host: 127.0.0.1, port: 1, user: root, connect_attempts: 1}
    endpoint: 192.0.2.4
YAML
out=$(wg down -r 2>&1); rc=$?
check "down -r with an unreachable host exits non-zero" test $rc -ne 0
check "down -r names the host that failed" contains "$out" "wgmesh down: mesh4 (127.0.0.1) FAILED"
check "down -r says no config was removed" contains "$out" "no config was removed on any node"
for n in $a $b $c; do
  check "n$n: interface down, configs (keys) kept" \
    on "$n" "! test -e /sys/class/net/wg-$mesh && test -s /etc/wireguard/wg-$mesh.json"
done
out=$(wg down -r --skip-unreachable 2>&1); rc=$?
check "down -r --skip-unreachable exits 0" test $rc -eq 0
check "it lists the skipped host" \
  contains "$out" "wgmesh down: mesh4 (127.0.0.1) SKIPPED (unreachable; the mesh is still configured there)"
check "it counts what it did" contains "$out" "mesh $mesh: 3 node(s) down, configs removed; 1 unreachable node(s) skipped"
for n in $a $b $c; do
  check "n$n is clean (no links, no configs)" \
    on "$n" "! ip -o link show | grep -qE '(wg|br|gt)-$mesh' && ! ls /etc/wireguard/wg-$mesh.* >/dev/null 2>&1"
done
cp "$work/good.yaml" "$spec"
out=$(wg down -r 2>&1); rc=$?
check "down -r on a removed mesh exits 0" test $rc -eq 0

restore_address

echo "$passed passed, $failed failed ($((SECONDS - t0)) s)"
((failed == 0))
