#!/usr/bin/env bash
# tests/cli/graph_lab_test.sh WGMESH: `wgmesh graph` and `-J` against the lab.
# A ring of four nodes (r1-r2-r3-r4-r1, mesh cl1 on the last four lab nodes),
# so STP must block one port to cut the loop:
#   1. plan --detailed-exitcode is 2 before up (changes pending), up -J is one
#      document with ok true, plan --detailed-exitcode is 0 after
#   2. once STP settled: the dashed edges of `wgmesh graph` are exactly the
#      peerings with a blocking port in `bridge link` read on the hosts by this
#      test (port gt-cl1-N leads to the node with address .N), exactly one
#      edge is dashed, no edge is red (every peer handshaked), the root drawn
#      is the bridge each host names as root (/sys/.../bridge/root_id), and
#      -J graph and -J info say the same
#   3. a peer removed by hand on r2 (no handshake with r3 any more): the edge
#      r2-r3 is red, and only that one
#   4. down -r leaves every node clean
# Needs lab.env (tests/lab/with-lab.sh exports it).
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_test_init graph_lab_test.sh "${1:-}"
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= 4)) || { echo "needs a lab with 4 nodes"; exit 1; }
mesh=cl1 # this test's own mesh: network 10.52.1.0/24, ports 52510-52514
spec=$work/ring.yaml
t0=$SECONDS
nodes=() # lab node numbers of r1..r4
for i in 1 2 3 4; do nodes+=($((LAB_NODES - 4 + i))); done
on() { ssh -F "$LAB_SSH_CONFIG" "n$1" "${@:2}"; }
wg() { "$wgmesh" -f "$spec" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
same() { # same DESCRIPTION WANT GOT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1:"; diff <(echo "$2") <(echo "$3") | sed 's/^/     /'; fi
}
step() { echo "== $* ($((SECONDS - t0)) s)"; }
cleanup() { wg -q down -r >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

{
  echo "name: $mesh"
  echo "network: 10.52.1.0/24"
  echo "full: false"
  echo "nodes:"
  for i in 1 2 3 4; do
    n=${nodes[i - 1]} next=$((i % 4 + 1))
    echo "  r$i: {addr: 10.52.1.$i/24, ssh: n$n, endpoint: \"$(lab_endpoint "$n" $((52510 + i)))\","
    echo "       listen_port: $((52510 + i)), peers: [r$next]}"
  done
} >"$spec"

step "1. plan, up, plan with -J and --detailed-exitcode"
wg -q -J plan --detailed-exitcode >"$work/plan.json" 2>/dev/null; rc=$?
same "plan --detailed-exitcode before up: 2 (changes pending)" 2 "$rc"
python3 "$here/json_envelope.py" "$work/plan.json" plan true >"$work/why" &&
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes_pending"] and d["nodes_changing"] == 4, d' \
    "$work/plan.json" && ok "plan -J: ok, 4 nodes changing" || { bad "plan -J"; cat "$work/why"; }
wg -q -J up >"$work/up.json" 2>"$work/up.err"; rc=$?
same "up -J exits 0" 0 "$rc"
python3 "$here/json_envelope.py" "$work/up.json" up true >"$work/why" &&
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changed"] == 4 and d["failed"] == 0, d' \
    "$work/up.json" && ok "up -J: one document, ok, 4 nodes changed" ||
  { bad "up -J"; cat "$work/why" "$work/up.err" | tail -n 20; }
wg -q plan --detailed-exitcode >"$work/plan.txt" 2>&1; rc=$?
same "plan --detailed-exitcode after up: 0 (no changes)" 0 "$rc"
grep -q "mesh $mesh: no changes; every node is up to date" "$work/plan.txt" &&
  ok "plan's text is unchanged by the new flag" || bad "plan text: $(tail -n 3 "$work/plan.txt")"

step "2. STP settles; graph against bridge link"
# Every peer pings every other (handshakes), then no port is still
# listening/learning (2 x forward_delay).
for i in 1 2 3 4; do
  for j in 1 2 3 4; do
    ((i == j)) && continue
    on "${nodes[i - 1]}" sh /run/lab/first-answer "10.52.1.$j" || bad "r$i cannot ping r$j"
  done
done
bridge_ports() { # N: "PORT STATE" per port of br-cl1 on lab node N
  on "$1" "bridge link show" | awk -v br="br-$mesh" '$0 ~ "master " br {
    port = $2; sub(":$", "", port); sub("@.*", "", port)
    for (k = 1; k < NF; k++) if ($k == "state") print port, $(k + 1) }'
}
for try in $(seq 30); do
  settled=1
  for n in "${nodes[@]}"; do
    bridge_ports "$n" | grep -qE ' (listening|learning)$' && settled=0
  done
  ((settled)) && break
  sleep 1
done
((settled)) && ok "STP settled" || bad "ports still listening/learning after 30 s"
# The edges whose port is blocking, from the hosts: gt-cl1-N leads to r<N>.
blocked_on_hosts=$(for i in 1 2 3 4; do
  bridge_ports "${nodes[i - 1]}" | awk -v me="r$i" -v prefix="gt-$mesh-" '$2 == "blocking" {
    peer = "r" substr($1, length(prefix) + 1); print (me < peer ? me " " peer : peer " " me) }'
done | sort -u)
for i in 1 2 3 4; do bridge_ports "${nodes[i - 1]}" | sed "s/^/     r$i: /"; done
same "exactly one peering has a blocked port (the ring's loop is cut once)" 1 \
  "$(grep -c . <<<"$blocked_on_hosts")"

wg -q graph >"$work/ring.dot" 2>"$work/graph.err"; rc=$?
same "graph exits 0" 0 "$rc"
edges=$(python3 "$here/dot_edges.py" "$work/ring.dot")
same "four edges, one per peering" "r1 r2
r1 r4
r2 r3
r3 r4" "$(grep -v '^root' <<<"$edges" | cut -d' ' -f1,2)"
same "the dashed edges are the ones bridge link shows blocking" "$blocked_on_hosts" \
  "$(awk '$3 == "dashed" {print $1, $2}' <<<"$edges")"
same "no edge is red (every peer handshaked)" "" "$(awk '$4 == "red"' <<<"$edges")"
root_on_hosts=$(for i in 1 2 3 4; do
  n=${nodes[i - 1]}
  on "$n" "[ \$(cat /sys/class/net/br-$mesh/bridge/root_id) = \$(cat /sys/class/net/br-$mesh/bridge/bridge_id) ]" && echo "root r$i"
done)
same "the STP root drawn is the bridge the hosts elected" "$root_on_hosts" "$(grep '^root' <<<"$edges")"
wg -q -J graph >"$work/graph.json" 2>/dev/null
same "-J graph: ok and the same blocked edges" "$blocked_on_hosts" "$(python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert g["format_version"] == 1 and g["ok"] and g["live"] and g["stp"], g
for e in g["edges"]:
    if e["blocked"]: print(e["a"], e["b"])' "$work/graph.json")"
wg -q -J info >"$work/info.json" 2>/dev/null; rc=$?
python3 "$here/json_envelope.py" "$work/info.json" info true >"$work/why" && ((rc == 0)) &&
  ok "-J info: exit 0, the envelope ok" || { bad "-J info (exit $rc)"; cat "$work/why"; }
if command -v dot >/dev/null; then
  wg -q graph -T svg -o "$work/ring.svg" && grep -q "stroke-dasharray" "$work/ring.svg" &&
    ok "-T svg draws the blocked edge dashed" || bad "-T svg"
  # WGMESH_GRAPH_SVG=FILE keeps the picture (docs/images/ring-graph.svg is one).
  [[ -n ${WGMESH_GRAPH_SVG:-} ]] && cp "$work/ring.svg" "$WGMESH_GRAPH_SVG"
fi

step "3. a peer without a handshake is red"
# r2 forgets its peer r3 (the WireGuard peer removed by hand): r2 has no
# handshake with r3 from then on, so the edge r2-r3 is red and no other is.
r3_key=$(on "${nodes[2]}" wg show "wg-$mesh" public-key)
on "${nodes[1]}" wg set "wg-$mesh" peer "$r3_key" remove
wg -q graph >"$work/red.dot" 2>/dev/null
same "only the edge r2-r3 is red" "r2 r3" "$(python3 "$here/dot_edges.py" "$work/red.dot" | awk '$4 == "red" {print $1, $2}')"

step "4. down -r"
wg -q down -r >/dev/null 2>&1; rc=$?
same "down -r exits 0" 0 "$rc"
for n in "${nodes[@]}"; do
  on "$n" "! ip -o link show | grep -qE '(wg|br|gt)-$mesh' && ! ls /etc/wireguard/wg-$mesh.* >/dev/null 2>&1" &&
    ok "n$n is clean" || bad "n$n still has mesh $mesh"
done
echo "($((SECONDS - t0)) s)"
finish
