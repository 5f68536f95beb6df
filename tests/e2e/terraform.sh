#!/usr/bin/env bash
# OpenTofu (or ENGINE=terraform: Terraform 1.5.7) end to end against the lab: tests/e2e/terraform.sh BUILD_DIR (runs itself under
# tests/lab/with-lab.sh; WGMESH_LAB_NODES defaults to 4 for the full scenario). Uses examples/terraform/main.tf as a user
# would, with the provider from BUILD_DIR installed into a private filesystem mirror.
# Scenario: invalid config -> diagnostics on the attribute path, no host touched; init,
# plan (secrets hidden), apply (every bridge pings every other), plan empty; add a node and
# move one node's port -> only the affected nodes planned, zero loss between two others;
# drift by hand -> plan shows it -> apply repairs; import of a node -> plan empty; key_epoch
# bump -> keys rotate, pings again; SIGINT during apply -> re-apply converges; the state
# marks the secrets sensitive (`show -json`); destroy leaves every host clean.
# Prints "N passed, M failed" last; exits non-zero if anything failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
build=$(cd "${1:?usage: tests/e2e/terraform.sh BUILD_DIR}" && pwd -P)
# Run under tests/lab/with-lab.sh (it shares a running lab or starts one for us).
if [[ -z ${WGMESH_TF_E2E_IN_LAB:-} ]]; then
  export WGMESH_TF_E2E_IN_LAB=1 WGMESH_LAB_NODES=${WGMESH_LAB_NODES:-4}
  exec "$root/tests/lab/with-lab.sh" "$0" "$build"
fi
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}
mesh=tfe2e

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; return 1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
finish() { echo "$passed passed, $failed failed (${engine:-tofu})"; ((failed == 0)); exit $?; }

[[ -r $dir/lab.env ]] || { echo "no $dir/lab.env: run under tests/lab/with-lab.sh" >&2; bad "lab"; finish; }
# shellcheck disable=SC1091
. "$dir/lab.env"
((LAB_NODES >= 3)) || { bad "the lab needs at least 3 nodes (has $LAB_NODES)"; finish; }
# Nodes used (a shared lab may have more): WGMESH_TF_E2E_NODES, default 4.
N=${WGMESH_TF_E2E_NODES:-4}
((N > LAB_NODES)) && N=$LAB_NODES

# ENGINE=tofu (default) or ENGINE=terraform (1.5.7, scripts/install-terraform).
engine=${ENGINE:-tofu}
engine_dir=$("$root/scripts/install-$engine" | tail -n 1) || { bad "install-$engine"; finish; }
export PATH=$engine_dir:$PATH
work=$(mktemp -d /tmp/wgmesh-tf-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/provider-mirror.sh
. "$here/lib/provider-mirror.sh"
provider_mirror "$build" "$work" || { bad "install-plugins"; finish; }
mkdir -p "$work/tf"
cp "$root/examples/terraform/main.tf" "$work/tf/"
cd "$work/tf" || exit 1

tf() { "$engine" "$@" -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json; }
# Our own WireGuard port and subnet: other tests may run meshes on the shared lab meanwhile.
port=51830
net=10.83.0
tfvars() { # nodes
  "$root/examples/terraform/lab-tfvars" "$dir/lab.env" "$1" |
    sed -e "s|\"ssh_host\"|\"listen_port\": $port, \"ssh_host\"|" -e "s|\"10\.0\.0\.|\"$net.|" >vars.json
}
# shellcheck source=lib/lab-nodes.sh
. "$here/lib/lab-nodes.sh"
plan_code() { tf plan -detailed-exitcode >"$work/plan.out" 2>&1; echo $?; }
# A plan of one in-place update of a node with no attribute changed (no "~ name = ..." line).
sensitivity_only() { # plan-output
  grep -q "Plan: 0 to add, 1 to change, 0 to destroy" "$1" &&
    grep -qE '^ *~ resource "wgmesh_node"' "$1" && test "$(grep -cE '^ *[-+~] .* = ' "$1")" = 0
}
nodes_seq() { seq "$1" | tr '\n' ' '; }

initial=$((N - 1))
tfvars $initial
check "$engine init finds the provider in the mirror" tf init -input=false >"$work/init.out" 2>&1 ||
  { cat "$work/init.out"; finish; }

# --- An invalid configuration: diagnostics on the attribute path, no host touched.
sed -i "s|\"addr\": \"$net.1/24\"|\"addr\": \"10.9.0.1/24\"|" vars.json
tf plan >"$work/invalid.out" 2>&1
check "invalid config fails the plan" test $? -ne 0
check "the diagnostic names nodes[\"n1\"].addr and the rule" \
  grep -q 'nodes\["n1"\].addr: must lie inside network' "$work/invalid.out"
check "an invalid plan touched no host" host_clean 1
tfvars $initial

# --- plan, apply, empty plan.
check "plan proposes the mesh and $initial nodes" test "$(plan_code)" = 2
check "plan hides the node configs" grep -q 'config *= (sensitive value)' "$work/plan.out"
check "plan output carries no key material" bash -c "! grep -q '\"private_key\"' '$work/plan.out'"
tf apply -auto-approve >"$work/apply1.out" 2>&1
check "apply creates the mesh" test $? -eq 0 || tail -30 "$work/apply1.out"
check "every bridge pings every other ($initial nodes)" all_ping $(nodes_seq $initial)
check "plan after apply is empty" test "$(plan_code)" = 0
check "  ... and says No changes" grep -q "No changes" "$work/plan.out"

# --- Add node N and move n2 to the next port: only affected nodes change; n1<->n3 lose nothing.
tfvars "$N"
sed -i "s|\\(\"n2\": {[^}]*\"listen_port\": \\)$port|\\1$((port + 1))|" vars.json
code=$(plan_code)
check "adding a node plans changes" test "$code" = 2
check "  ... one node to add, none to destroy" grep -q "Plan: 1 to add, .* to change, 0 to destroy" "$work/plan.out"
check "  ... existing nodes update in place" grep -q 'wgmesh_node.lab\["n1"\] will be updated in-place' "$work/plan.out"
if ((N >= 4)); then
  node_ssh 1 "ping -i 0.2 $net.3 >/tmp/tf-e2e-ping.log 2>&1 & echo \$! >/tmp/tf-e2e-ping.pid"
  sleep 1
fi
tf apply -auto-approve >"$work/apply2.out" 2>&1
check "apply adds the node and moves the port" test $? -eq 0 || tail -30 "$work/apply2.out"
if ((N >= 4)); then
  sleep 1
  loss=$(node_ssh 1 'kill -INT $(cat /tmp/tf-e2e-ping.pid); sleep 1; tail -n 2 /tmp/tf-e2e-ping.log')
  echo "  n1 -> n3 during apply: $(echo "$loss" | head -n 1)"
  check "zero loss between n1 and n3 during the update" grep -q ' 0% packet loss' <<<"$loss"
else
  echo "skip zero-loss check: needs 4 lab nodes (WGMESH_LAB_NODES=4)"
fi
check "every bridge pings every other ($N nodes)" all_ping $(nodes_seq "$N")
check "plan after the update is empty" test "$(plan_code)" = 0

# --- Drift by hand on n1 -> plan shows it -> apply repairs.
node_ssh 1 "ip link del gt-$mesh-3"
code=$(plan_code)
check "plan after a hand-made change shows drift" test "$code" = 2
check "  ... as an in-place update of n1" grep -q 'wgmesh_node.lab\["n1"\] will be updated in-place' "$work/plan.out"
check "  ... in_sync false -> true" grep -q 'in_sync *= false -> true' "$work/plan.out"
check "  ... and only n1" bash -c "! grep -q 'wgmesh_node.lab\[\"n2\"\] will be' '$work/plan.out'"
tf apply -auto-approve >"$work/apply3.out" 2>&1
check "apply repairs the drift" test $? -eq 0
check "n1 reaches n3 again" all_ping 1 3
check "plan after the repair is empty" test "$(plan_code)" = 0

# --- Import a node into a fresh state entry.
"$engine" state rm -no-color 'wgmesh_node.lab["n1"]' >/dev/null 2>&1
"$engine" import -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json \
  'wgmesh_node.lab["n1"]' "$mesh/root@127.0.0.1:$LAB_NODE1_PORT" >"$work/import.out" 2>&1
check "$engine import of node n1" test $? -eq 0 || cat "$work/import.out"
# Terraform 1.5 keeps no sensitivity marks for an imported object (its state has none until
# an apply records the marks its config gives), so its first plan "updates" the node with
# no attribute changed; applying that writes only the marks (the provider is not called).
# OpenTofu derives the marks from the schema: its plan is empty at once.
code=$(plan_code)
if [[ $engine == terraform && $code == 2 ]]; then
  check "plan after import changes only sensitivity marks (Terraform 1.5)" sensitivity_only "$work/plan.out" ||
    grep -v '^$' "$work/plan.out" | head -40
  tf apply -auto-approve >"$work/apply-import.out" 2>&1
  check "  ... applying it succeeds" test $? -eq 0 || tail -20 "$work/apply-import.out"
  code=$(plan_code)
fi
check "plan after import is empty" test "$code" = 0 || grep -v '^$' "$work/plan.out" | head -40

# --- Rotate every key.
before=$("$engine" output -no-color -json public_keys)
"$engine" apply -auto-approve -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json -var key_epoch=1 >"$work/apply4.out" 2>&1
check "apply with key_epoch = 1" test $? -eq 0
after=$("$engine" output -no-color -json public_keys)
check "every public key rotated" test "$before" != "$after"
check "every bridge pings every other after rotation" all_ping $(nodes_seq "$N")

# --- SIGINT (Ctrl-C) during apply, then a re-apply converges.
"$engine" apply -auto-approve -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json -var key_epoch=2 >"$work/apply5.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "Modifying\.\.\." "$work/apply5.out" && break; sleep 0.1; done
kill -INT $pid
wait $pid
echo "  interrupted apply exited $?"
"$engine" apply -auto-approve -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json -var key_epoch=2 >"$work/apply6.out" 2>&1
check "re-apply after SIGINT converges" test $? -eq 0 || tail -20 "$work/apply6.out"
code=$("$engine" plan -detailed-exitcode -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json -var key_epoch=2 >/dev/null 2>&1; echo $?)
check "  ... and the next plan is empty" test "$code" = 0
check "  ... and the mesh pings" all_ping $(nodes_seq "$N")

# --- The state marks the secrets sensitive, as `show -json` reports it to tools reading it
# (both engines add the schema's sensitive attributes there).
"$engine" show -json >"$work/show.json" 2>"$work/show.err"
check "state marks seed, node_configs and every node's config sensitive" python3 - "$work/show.json" <<'PY'
import json, sys
resources = json.load(open(sys.argv[1]))["values"]["root_module"]["resources"]
def sens(t):
    return [r.get("sensitive_values", {}) for r in resources if r["type"] == t]
mesh, nodes = sens("wgmesh_mesh"), sens("wgmesh_node")
ok = (len(mesh) == 1 and mesh[0].get("seed") is True and mesh[0].get("node_configs") is True
      and nodes and all(n.get("config") is True for n in nodes))
sys.exit(0 if ok else 1)
PY

# --- Destroy leaves every host clean.
"$engine" destroy -auto-approve -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json -var key_epoch=2 >"$work/destroy.out" 2>&1
check "destroy" test $? -eq 0 || tail -20 "$work/destroy.out"
for n in $(nodes_seq "$N"); do check "n$n is clean after destroy" host_clean "$n"; done
finish
