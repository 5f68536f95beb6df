#!/usr/bin/env bash
# tests/cli/graph_offline_test.sh WGMESH: `wgmesh graph --from-spec` draws the
# planned topology without contacting any host:
#   - a partial mesh (a ring of 4 listed as peers): one edge per peering and
#     no other, the STP root (lowest bridge priority) marked, nothing dashed or
#     red (no live state), the bridge MTU `render -J` plans in the legend
#   - a full mesh: every pair, no STP root
#   - -J graph holds the same edges; -T svg and -T png go through Graphviz
#   - a host that cannot be read is drawn gray and the exit status is 1
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_test_init graph_offline_test.sh "${1:-}"
same() { # same DESCRIPTION WANT GOT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1:"; diff <(echo "$2") <(echo "$3") | sed 's/^/     /'; fi
}

# Any connection attempt would run this ProxyCommand and leave a file.
cat >"$work/ssh_config" <<CONF
Host *
  ProxyCommand sh -c 'touch $work/contacted; nc %h %p'
CONF
cat >"$work/ring.yaml" <<'YAML'
name: ring
network: 10.60.0.0/24
full: false
nodes:
  a: {addr: 10.60.0.1/24, ssh: a.invalid, endpoint: 192.0.2.1, peers: [b, d]}
  b: {addr: 10.60.0.2/24, ssh: b.invalid, endpoint: 192.0.2.2, peers: [c]}
  c: {addr: 10.60.0.3/24, ssh: c.invalid, endpoint: 192.0.2.3, peers: [d], prio: 100}
  d: {addr: 10.60.0.4/24, ssh: d.invalid, endpoint: 192.0.2.4, peers: [a]}
YAML
g() { "$wgmesh" --ssh-config "$work/ssh_config" "$@"; }

g -f "$work/ring.yaml" graph --from-spec >"$work/ring.dot" 2>"$work/err"; rc=$?
same "graph --from-spec of a partial mesh exits 0" 0 "$rc"
same "one solid edge per peering, no other; the STP root is c (prio 100)" \
  "$(printf '%s\n' "a b solid black" "a d solid black" "b c solid black" "c d solid black" "root c")" \
  "$(python3 "$here/dot_edges.py" "$work/ring.dot")"
grep -q '"c" \[label="c\\n10.60.0.3\\nc.invalid\\nSTP root"' "$work/ring.dot" &&
  ok "each node shows its name, address and host" || bad "node labels: $(grep '^  "c"' "$work/ring.dot")"
mtu=$("$wgmesh" -q -J -f "$work/ring.yaml" render | python3 -c 'import json,sys; print(json.load(sys.stdin)["bridge_mtu"])')
grep -q "label=\"bridge MTU $mtu," "$work/ring.dot" && ok "the legend holds the bridge MTU ($mtu)" ||
  bad "no bridge MTU $mtu in the legend"
[[ ! -e $work/contacted ]] && ok "no host was contacted" || bad "a host was contacted"
g -J -f "$work/ring.yaml" graph --from-spec >"$work/ring.json"
same "-J graph has the same edges, none blocked, and the root" \
  "$(printf '%s\n' "a b False" "a d False" "b c False" "c d False" "root c")" \
  "$(python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert g["format_version"] == 1 and g["command"] == "graph" and g["ok"] and not g["live"], g
for e in g["edges"]: print(e["a"], e["b"], e["blocked"])
for n in g["nodes"]:
    if n["stp_root"]: print("root", n["name"])' "$work/ring.json")"

g -f "$root/examples/lab-mesh.yaml" graph --from-spec >"$work/full.dot"
same "a full mesh: every pair, no STP root" \
  "$(printf '%s\n' "mesh1 mesh2 solid black" "mesh1 mesh3 solid black" "mesh2 mesh3 solid black")" \
  "$(python3 "$here/dot_edges.py" "$work/full.dot")"
grep -q "STP off (full mesh" "$work/full.dot" && ok "the legend says STP is off" || bad "no STP off in the legend"

if command -v dot >/dev/null; then
  g -f "$work/ring.yaml" graph --from-spec -T svg -o "$work/ring.svg" &&
    grep -q "<svg" "$work/ring.svg" && grep -q "<title>a&#45;&#45;b</title>" "$work/ring.svg" &&
    ok "-T svg -o writes an SVG with the edges" || bad "-T svg"
  g -f "$work/ring.yaml" graph --from-spec -T png >"$work/ring.png" &&
    [[ $(head -c 4 "$work/ring.png" | od -An -c | tr -d ' ') == '211PNG' ]] &&
    ok "-T png writes a PNG to stdout" || bad "-T png: $(head -c 8 "$work/ring.png" | od -An -c)"
else
  bad "Graphviz's dot is not installed (scripts/deps installs graphviz)"
fi
out=$(g -f "$work/ring.yaml" graph --from-spec -T gif 2>&1); rc=$?
same "-T gif is a usage error (exit 2)" 2 "$rc"

cat >"$work/dead.yaml" <<'YAML'
name: dead
network: 10.1.0.0/24
nodes:
  a: {addr: 10.1.0.1/24, endpoint: 192.0.2.1, ssh: {host: 127.0.0.1, port: 1, connect_attempts: 1, insecure_skip_host_key_check: true}}
  b: {addr: 10.1.0.2/24, endpoint: 192.0.2.2, ssh: {host: 127.0.0.1, port: 1, connect_attempts: 1, insecure_skip_host_key_check: true}}
YAML
"$wgmesh" -q -f "$work/dead.yaml" graph >"$work/dead.dot" 2>/dev/null; rc=$?
same "graph with unreadable hosts exits 1" 1 "$rc"
grep -q '"a" \[label="a\\n10.1.0.1\\n127.0.0.1\\n(not read)", color=gray' "$work/dead.dot" &&
  ok "an unreadable host is drawn gray" || bad "unreadable host: $(grep '^  "a"' "$work/dead.dot")"

finish
