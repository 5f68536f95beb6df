#!/usr/bin/env bash
# tests/faults/pulumi-faults.sh PROVIDER_BINARY
# The Pulumi engine interrupted, and a host unreachable, with the real Pulumi CLI (YAML
# program, file backend) over all six lab nodes: mesh "pvf", network 10.86.1.0/24,
# WireGuard port 52250 (tests/faults/lib.sh, tests/e2e/lib/pulumi-stack.sh). Run under
# tests/lab/with-lab.sh.
#   sigkill-create  `pulumi up --parallel 2` creating the mesh SIGKILLed during the first
#                   host's `wg-quick up` (n1)
#   sigkill-repair  `pulumi up --refresh --parallel 2` repairing six hosts whose links are
#                   gone (a reboot) SIGKILLed later, during n6's `wg-quick up`
#   sigint          Ctrl-C (SIGINT) during `pulumi up --refresh --parallel 10` repairing six
#                   hosts, in n3's `wg-quick up`
#   unreachable     a key rotation over six hosts (`pulumi up --continue-on-error`: Pulumi
#                   stops starting new steps after an error otherwise) with n6's sshd stopped
# For each: no crash, no deadlock, no provider process left, no private key or config lost
# on any host, no temp file holding a secret; the next up converges to a pinging mesh and
# the preview after it shows no changes. After a SIGKILL the engine itself needs
# `pulumi cancel` (its file backend's lock stays) and `pulumi refresh --clear-pending-creates`
# (operations it never saw end); nothing else by hand. Then destroy leaves no trace.
# Prints RESULT lines for docs/reliability.md and "N passed, M failed" last.
set -uo pipefail
provider=$(realpath "${1:?usage: pulumi-faults.sh PROVIDER_BINARY}")
export FAULTS_MESH=pvf FAULTS_NET=10.86.1
# shellcheck source=tests/faults/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
((LAB_NODES >= 6)) || { echo "needs a lab with 6 nodes"; exit 1; }
all=(1 2 3 4 5 6)
port=52250
root=$faults_root
# shellcheck source=../e2e/lib/pulumi-stack.sh
. "$faults_root/tests/e2e/lib/pulumi-stack.sh"
pulumi_setup "$work" "$provider" || { echo "no pulumi (scripts/install-pulumi)"; exit 1; }
prog=$work/prog
mkdir -p "$prog"
cd "$prog" || exit 1
program() { pulumi_mesh_program "$prog/Pulumi.yaml" "$mesh" "$net" "$port" "$1" "${all[@]}"; }

cleanup() {
  [[ -n ${watcher:-} ]] && kill "$watcher" 2>/dev/null
  [[ -n ${cmd_pid:-} ]] && kill -KILL "$cmd_pid" 2>/dev/null
  [[ -n ${sshd_holder:-} ]] && sshd_start 6 5 >/dev/null 2>&1
  pulumi cancel --yes --non-interactive >/dev/null 2>&1
  pulumi destroy --yes --non-interactive --skip-preview >/dev/null 2>&1
  reset_nodes "${all[@]}" >/dev/null 2>&1
  close_connections
  rm -rf "$work"
}
trap cleanup EXIT

up() { pulumi up --yes --non-interactive --skip-preview "$@"; }
no_provider_left() { none_left "$pulumi_plugin_dir/pulumi-resource-wgmesh"; }
no_changes() { pulumi preview --non-interactive --expect-no-changes >"$work/preview.out" 2>&1; }
# What the engine asks for after it was killed: its lock released, and the operations it
# never saw end cleared (a create may have configured a host: the next up's create takes
# that host over, with the same keys).
engine_recovery() {
  pulumi cancel --yes --non-interactive >"$work/cancel.out" 2>&1 &&
    pulumi refresh --yes --non-interactive --skip-preview --clear-pending-creates >"$work/refresh.out" 2>&1
}
# The next up converges (engine_converges in lib.sh).
up_converges() { # WHAT LOG UP_ARGS...
  local what=$1 log=$2
  shift 2
  engine_converges "$what" "$log" up "$@"
}
# Every node that had a private key in BEFORE has the same one in NOW.
keys_kept() { # BEFORE NOW
  local n key
  while read -r n key; do
    [[ $key == "$(awk -v n="$n" '$1 == n { print $2 }' <<<"$2")" ]] || return 1
  done < <(awk '$3 != "absent" { print $1, $2 }' <<<"$1")
}
# The engine stopped by SIGNAL: no crash, no provider left, nothing lost since BEFORE.
after_signal() { # WHAT BEFORE
  local now
  out=$(<"$work/$1.out")
  check "$1: the signal came during a host's wg-quick up" test "$signal_hit" = 1
  check "$1: pulumi stopped within 120 s (${stopped_in} s): no deadlock" test "$stopped_in" -le 120
  check "$1: no crash (no panic, no plugin crash)" \
    bash -c '! grep -qiE "panic|plugin .*(exited unexpectedly|crash)" <<<"$1"' _ "$out"
  check "$1: no provider process left" no_provider_left
  now=$(snapshot "${all[@]}")
  check "$1: no private key lost on any host" keys_kept "$2" "$now"
  check "$1: no temp file holding a secret" no_secret_left "$now"
  snap_after=$now
}

# What a reboot of every host leaves: config files, no links.
delete_all_links() {
  local n
  for n in "${all[@]}"; do delete_links "$n" & done
  wait
}
# `pulumi up UP_ARGS` SIGKILLed during node N's wg-quick up; the engine's recovery; the
# same up again converges, with the keys the hosts had after the kill. Sets recover_s
# (recovery and up, to the pings).
sigkill_round() { # WHAT N BEFORE UP_ARGS...
  local what=$1 n=$2 before=$3 t0
  shift 3
  signal_during_apply KILL "$n" "$work/$what.out" pulumi up --yes --non-interactive --skip-preview "$@"
  after_signal "$what" "$before"
  t0=$SECONDS
  check "$what: cancel + refresh --clear-pending-creates succeed" engine_recovery
  up_converges "$what" "$work/$what-next.out" "$@"
  recover_s=$((SECONDS - t0))
  check "$what: the keys the hosts had after the kill are kept" keys_kept "$snap_after" "$(snapshot "${all[@]}")"
}

step "init"
reset_nodes "${all[@]}"
program 0
check "a stack with the lab's credentials" pulumi_stack_init "$prog" faults

step "sigkill-create: pulumi up SIGKILLed during the first host's wg-quick up"
sigkill_round sigkill-create 1 "$(snapshot "${all[@]}")" --parallel 2
record "pulumi up SIGKILLed during the first host's wg-quick up (create, 6 nodes)" pulumi \
  "no provider left; pulumi cancel + refresh --clear-pending-creates, next up converges, same keys" \
  "$recover_s"

step "sigkill-repair: pulumi up --refresh SIGKILLed later, during n6's wg-quick up"
before=$(snapshot "${all[@]}")
delete_all_links
sigkill_round sigkill-repair 6 "$before" --refresh --parallel 2
check "sigkill-repair: every config file kept, same private keys" nothing_lost "$before" "$(snapshot "${all[@]}")"
record "pulumi up --refresh SIGKILLed during the 6th host's wg-quick up (repair, 6 nodes)" pulumi \
  "no provider left; pulumi cancel + refresh --clear-pending-creates, next up converges, same keys" \
  "$recover_s"

step "sigint: Ctrl-C during pulumi up --refresh --parallel 10 over 6 nodes"
before=$(snapshot "${all[@]}")
delete_all_links
signal_during_apply INT 3 "$work/sigint.out" pulumi up --yes --non-interactive --skip-preview --refresh --parallel 10
after_signal sigint "$before"
check "sigint: pulumi says it was cancelled" grep -qiE 'cancel|interrupt' <<<"$out"
t0=$SECONDS
up_converges sigint "$work/up3.out" --refresh --parallel 10
check "sigint: same private keys as before" nothing_lost "$before" "$(snapshot "${all[@]}")"
record "Ctrl-C during pulumi up --parallel 10 (repair, 6 nodes)" pulumi \
  "stops in ${stopped_in} s (exit $cmd_rc), no crash; next up converges (no cancel needed)" "$((SECONDS - t0))"

step "unreachable: a key rotation over 6 hosts with n6's sshd stopped"
before=$(snapshot "${all[@]}")
sshd_stop 6
program 1
up --parallel 10 --continue-on-error >"$work/unreachable.out" 2>&1
rc=$?
out=$(<"$work/unreachable.out")
check "unreachable: the up fails" test "$rc" != 0
check "unreachable: the error names n6 and its host" \
  grep -qE "\"n6\".*127\.0\.0\.1:$LAB_NODE6_PORT" <<<"$out"
check "unreachable: only n6 failed" test "$(grep -c '\*\*updating failed\*\*' <<<"$out")" = 1
check "unreachable: the other five rotated and ping each other" ping_all 1 2 3 4 5
sshd_start 6 5 && sshd_holder=""
check "unreachable: n6 kept its key and config" keys_kept "$(grep '^n6 ' <<<"$before")" "$(snapshot 6)"
up_converges unreachable "$work/up4.out" --parallel 10
record "One host unreachable (sshd stopped) in a 6-node key rotation" pulumi \
  "the other five rotate and ping, the error names n6; next up finishes it" "$converge_s"

destroy_leaves_nothing pulumi destroy --yes --non-interactive --skip-preview
finish
