#!/usr/bin/env bash
# tests/faults/tofu-faults.sh BUILD_DIR
# The engine interrupted, with OpenTofu and examples/terraform/main.tf over all six
# lab nodes (mesh "ftt", network 10.74.1.0/24, listen port 52450; tests/faults/lib.sh):
#   sigint   Ctrl-C (SIGINT) during `tofu apply -parallelism=10` that creates the
#            mesh, once a node runs `wg-quick up`: tofu stops within 2 minutes (no
#            deadlock), without a crash; the next apply converges, the plan is empty
#   sigkill  tofu SIGKILLed during an apply repairing n2 (its links deleted), in
#            n2's `wg-quick up`: no provider process is left behind, the state is not
#            locked, the next apply converges with the same keys, the plan is empty
# Then `tofu destroy` leaves no link and no config of the mesh on any node.
set -uo pipefail
build=$(cd "${1:?usage: tofu-faults.sh BUILD_DIR}" && pwd -P)
export FAULTS_MESH=ftt FAULTS_NET=10.74.1
# shellcheck source=tests/faults/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
((LAB_NODES >= 6)) || { echo "needs a lab with 6 nodes"; exit 1; }
all=(1 2 3 4 5 6)
port=52450

tofu_dir=$("$faults_root/scripts/install-tofu" 2>/dev/null | tail -n 1) && [[ -x $tofu_dir/tofu ]] ||
  { echo "no tofu (scripts/install-tofu)"; exit 1; }
export PATH=$tofu_dir:$PATH
root=$faults_root
# shellcheck source=../e2e/lib/provider-mirror.sh
. "$faults_root/tests/e2e/lib/provider-mirror.sh"
provider_mirror "$build" "$work" || { echo "install-plugins failed"; exit 1; }
mkdir -p "$work/tf"
cp "$faults_root/examples/terraform/main.tf" "$work/tf/"
cd "$work/tf" || exit 1
"$faults_root/examples/terraform/lab-tfvars" "$LAB_DIR/lab.env" 6 |
  sed -e "s|\"ssh_host\"|\"listen_port\": $port, \"ssh_host\"|" -e "s|\"10\.0\.0\.|\"$net.|" >vars.json
tf_vars=(-no-color -var mesh_name="$mesh" -var network="$net.0/24" -var-file=vars.json)
tf() { tofu "$@" "${tf_vars[@]}"; }

cleanup() {
  [[ -n ${watcher:-} ]] && kill "$watcher" 2>/dev/null
  [[ -n ${cmd_pid:-} ]] && kill -KILL "$cmd_pid" 2>/dev/null
  tf destroy -auto-approve >/dev/null 2>&1
  reset_nodes "${all[@]}" >/dev/null 2>&1
  close_connections
  rm -rf "$work"
}
trap cleanup EXIT

# `tofu apply` signalled during node N's `wg-quick up` (signal_during_apply in lib.sh).
apply_and_signal() { # SIGNAL N LOG APPLY_ARGS...
  local sig=$1 n=$2 log=$3
  shift 3
  signal_during_apply "$sig" "$n" "$log" tofu apply -auto-approve "${tf_vars[@]}" "$@"
  tofu_rc=$cmd_rc
}
no_changes() { tf plan -detailed-exitcode >"$work/plan.out" 2>&1; }
# The next apply (no manual step: no unlock, no state edit) converges.
apply_converges() { # WHAT LOG APPLY_ARGS...
  local what=$1 log=$2
  shift 2
  engine_converges "$what" "$log" tf apply -auto-approve "$@"
}
no_provider_left() { none_left "$work/.*terraform-provider-wgmesh"; }

step "init"
reset_nodes "${all[@]}"
check "tofu init finds the provider" tf init -input=false >"$work/init.out" 2>&1 || { cat "$work/init.out"; finish; exit; }

step "sigint: Ctrl-C during apply -parallelism=10 over 6 nodes"
apply_and_signal INT 3 "$work/apply1.out" -parallelism=10
out=$(<"$work/apply1.out")
check "sigint: a node ran wg-quick up before the Ctrl-C" grep -q '^HIT' "$work/watch"
check "sigint: tofu stopped within 120 s (${stopped_in} s): no deadlock" test "$stopped_in" -le 120
check "sigint: no crash (no panic, no plugin crash)" bash -c '! grep -qiE "panic|plugin (did not respond|exited unexpectedly)|crash" <<<"$1"' _ "$out"
check "sigint: tofu says it was interrupted" grep -qiE 'interrupt|cancel|stopping' <<<"$out"
check "sigint: no provider process left" no_provider_left
apply_converges sigint "$work/apply2.out" -parallelism=10
record "Ctrl-C during apply -parallelism=10 (6 nodes)" tofu "stops in ${stopped_in} s (exit $tofu_rc), no crash; next apply converges" "$converge_s"

step "sigkill: tofu SIGKILLed during n2's wg-quick up"
before=$(snapshot "${all[@]}")
delete_links 2
apply_and_signal KILL 2 "$work/apply3.out"
check "sigkill: killed during n2's wg-quick up" grep -q '^HIT' "$work/watch"
check "sigkill: no provider process left" no_provider_left
now=$(snapshot "${all[@]}")
check "sigkill: no private key and no config lost on any host" nothing_lost "$before" "$now"
check "sigkill: no temp file holding a secret" no_secret_left "$now"
apply_converges sigkill "$work/apply4.out"
check "sigkill: same private keys as before" nothing_lost "$before" "$(snapshot "${all[@]}")"
record "tofu SIGKILLed during wg-quick up" tofu "no provider left; next apply converges, same keys" "$converge_s"

destroy_leaves_nothing tf destroy -auto-approve
finish
