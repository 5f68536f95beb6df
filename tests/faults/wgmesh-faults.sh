#!/usr/bin/env bash
# tests/faults/wgmesh-faults.sh WGMESH [ROUND...]
# Faults caused for real on lab nodes while the `wgmesh` command manages mesh "ft"
# (tests/faults/lib.sh). For each fault: the error names the host and the step and
# says why; no private key and no config file is lost on any host; no temp file
# holding a secret is left; the next `wgmesh up` converges to a pinging mesh. At
# the end `down -r` leaves no link and no config on any node.
#
# ROUNDs (default: all, in this order; each fault on its own node, so one `up`
# shows several at once, each named with its host and step):
#   steps      mesh f1..f3 up, then f4 and f5 join while
#                n1: sshd stopped (connection refused)            -> connect
#                n2: the filesystem of /etc/wireguard is full     -> write config
#                n3: kernel "lacks" ip6gretap (FAKE `ip` wrapper
#                    refusing that kind: the nodes share a kernel) -> preflight
#                n4: a broken `wg` (FAKE, exits 1) first on PATH  -> read back, verify
#                    (wg-quick runs the wg beside it; wgmesh's own `wg show` fails)
#              f5 converges; the next up converges all five
#   mid-apply  n2 and n3 lose their links (a rebuild with `wg-quick up`); during it
#                n2: its SSH session is killed (the session's sshd processes)
#                n3: its underlay is cut (scripts/lab link 3 down)
#   sigkill    the wgmesh process SIGKILLed 1 s in (connecting, reading keys), then
#              during n2's `wg-quick up`; the next up converges
#   reboot     n3 "rebooted": links gone, files kept, boot's `wg-quick up`; the
#              mesh pings and the next plan is empty
#   partial    a 6-node up (f6 joins) while n5 hangs (sshd SIGSTOPped): the other
#              five converge, the error names f5, the next up finishes it
# Lines "RESULT | fault | front end | outcome | s |" feed docs/reliability.md.
set -uo pipefail
WGMESH=$(realpath "${1:?usage: wgmesh-faults.sh PATH/TO/wgmesh [ROUND...]}")
shift
# shellcheck source=tests/faults/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
((LAB_NODES >= 6)) || { echo "needs a lab with 6 nodes"; exit 1; }
rounds=("$@")
((${#rounds[@]})) || rounds=(steps mid-apply sigkill reboot partial)
all=(1 2 3 4 5 6)

cleanup() {
  [[ -n ${watcher:-} ]] && kill "$watcher" 2>/dev/null
  [[ -n ${watcher2:-} ]] && kill "$watcher2" 2>/dev/null
  [[ -n ${wgm_pid:-} ]] && kill -KILL "$wgm_pid" 2>/dev/null
  [[ -n ${sshd_holder:-} ]] && sshd_start 1 6 >/dev/null 2>&1
  [[ -n ${sshd_frozen:-} ]] && sshd_thaw 1 >/dev/null 2>&1
  "$lab_cmd" link 3 up >/dev/null 2>&1
  unfake_tools 3 >/dev/null 2>&1
  unfake_tools 4 >/dev/null 2>&1
  unfill_etc_wireguard 2 >/dev/null 2>&1
  reset_nodes "${all[@]}" >/dev/null 2>&1
  close_connections
  rm -rf "$work"
}
trap cleanup EXIT

# What every fault ends with, right after the failed up: nothing lost, no secret
# in a temp file.
no_damage() { # WHAT SNAPSHOT_BEFORE N...
  local what=$1 before=$2 now
  shift 2
  now=$(snapshot "$@")
  check "$what: no private key and no config lost on any host" nothing_lost "$before" "$now"
  check "$what: no temp file holding a secret" no_secret_left "$now"
}
# A round starts: its title, and the nodes' keys and configs before it (in $before).
start_round() { # TITLE N...
  step "$1"
  shift
  before=$(snapshot "$@")
}
# After the converging up: no temp file at all.
clean_after() { # WHAT N...
  local what=$1
  shift
  check "$what: after the next up no temp file is left" no_leftovers "$(snapshot "$@")"
}

round_steps() {
  local before
  start_round "steps: f4 and f5 join while n1..n4 each fail at another step" 1 2 3
  sshd_stop 1
  fill_etc_wireguard 2
  fake_tool 3 /usr/local/sbin ip '#!/bin/sh
# FAKE (wgmesh fault tests): this host "lacks" ip6gretap support (on the
# command line or in a -batch on stdin).
case " $* " in *" ip6gretap "*) echo "Error: Unknown device type." >&2; exit 2 ;; esac
case " $* " in *" -batch - "*)
  batch=$(cat)
  case "$batch" in *" ip6gretap "*) echo "Error: Unknown device type." >&2; exit 1 ;; esac
  printf "%s\\n" "$batch" | exec /usr/sbin/ip "$@" ;;
esac
exec /usr/sbin/ip "$@"'
  fake_tool 4 /usr/local/bin wg '#!/bin/sh
# FAKE (wgmesh fault tests): a broken wg.
echo "wg: broken on purpose (wgmesh fault test)" >&2
exit 1'
  local files2
  files2=$(snapshot 2)
  make_spec 1 2 3 4 5
  run_wgm up
  check "steps: up exits 1" test "$rc" = 1
  check "steps: f1 named with its step: connection refused" names_host_and_step 1 'refused|connect'
  check "steps: f2 named with its step: no space left" names_host_and_step 2 'no space'
  check "steps: f3 named with its step: ip6gretap" names_host_and_step 3 'ip6gretap'
  check "steps: f4 named with its step and wg's own error" names_host_and_step 4 'broken on purpose'
  check "steps: f5 converged" bash -c '! grep -q "f5 (n5) FAILED" <<<"$1" && grep -q "1 of 5 node(s) up" <<<"$1"' _ "$out"
  local t_fail=$took files2_now
  files2_now=$(snapshot 2)
  check "steps: n2's files on the full filesystem are those from before" \
    test "$(files_of "$files2_now")" = "$(files_of "$files2")"
  check "steps: n2: no half-written config holding a secret" no_secret_left "$files2_now"
  check "steps: n3 changed nothing (preflight): it still pings n2" on 3 "ping -c1 -W3 $net.2 >/dev/null"
  sshd_start 1 6
  sshd_holder=""
  unfill_etc_wireguard 2
  unfake_tools 3
  unfake_tools 4
  no_damage steps "$before" 1 2 3
  converge steps 1 2 3 4 5
  clean_after steps 1 2 3 4 5
  record "sshd stopped (connect)" wgmesh "exit 1 after ${t_fail} s naming f1 and the step (connection refused); others go on; $converged" "$converge_s"
  record "/etc/wireguard full (write config)" wgmesh "exit 1 naming f2, the step and ENOSPC; old files intact; $converged" "$converge_s"
  record "no ip6gretap (fake ip; preflight)" wgmesh "exit 1 naming f3 and ip6gretap; f3 unchanged, still pings; $converged" "$converge_s"
  record "broken wg (fake; read back)" wgmesh "exit 1 naming f4 and a step; $converged" "$converge_s"
}

round_mid_apply() {
  local before nodes=(1 2 3 4 5)
  start_round "mid-apply: n2's SSH session killed and n3's underlay cut during wg-quick up" "${nodes[@]}"
  delete_links 2
  delete_links 3
  watch_apply 2 kill-session "$work/watch2"
  watcher2=$watcher
  watch_apply 3 report "$work/watch3"
  (wait_hit "$work/watch3" 180 && "$lab_cmd" link 3 down >/dev/null) &
  local cutter=$!
  run_wgm up
  wait "$cutter"
  check "mid-apply: n2's session was killed during wg-quick up" grep -q '^HIT' "$work/watch2"
  check "mid-apply: n3's underlay was cut during wg-quick up" grep -q '^HIT' "$work/watch3"
  wait "$watcher" "$watcher2" 2>/dev/null
  watcher="" watcher2=""
  check "mid-apply: up exits 1" test "$rc" = 1
  check "mid-apply: f2 named with its step" names_host_and_step 2 '.'
  check "mid-apply: only f2 failed: n3's apply needs no underlay" only_failed
  local t_fail=$took
  check "mid-apply: n1 cannot reach n3 while its underlay is cut" on 1 "! ping -c1 -W2 $net.3 >/dev/null"
  no_damage mid-apply "$before" "${nodes[@]}"
  "$lab_cmd" link 3 up >/dev/null
  converge mid-apply "${nodes[@]}"
  clean_after mid-apply "${nodes[@]}"
  record "SSH session killed during wg-quick up" wgmesh "exit 1 after ${t_fail} s naming f2; $converged" "$converge_s"
  record "underlay cut during wg-quick up" wgmesh "the apply completes (exit 0 for f3); traffic resumes once the link is back; $converged" "$converge_s"
}

round_sigkill() {
  local before nodes=(1 2 3 4 5)
  start_round "sigkill: wgmesh killed 1 s in, then during n2's wg-quick up" "${nodes[@]}"
  delete_links 2
  wgm_bg /dev/null up
  sleep 1
  kill -KILL "$wgm_pid"
  wait "$wgm_pid" 2>/dev/null
  watch_apply 2 report "$work/watch"
  wgm_bg /dev/null up
  wait_hit "$work/watch" 180 && kill -KILL "$wgm_pid"
  wait "$wgm_pid" 2>/dev/null
  wgm_pid="" watcher=""
  check "sigkill: the second kill hit n2's wg-quick up" grep -q '^HIT' "$work/watch"
  no_damage sigkill "$before" "${nodes[@]}"
  converge sigkill "${nodes[@]}"
  clean_after sigkill "${nodes[@]}"
  record "wgmesh SIGKILLed (1 s in; during wg-quick up)" wgmesh "$converged" "$converge_s"
}

round_reboot() {
  local before t0 nodes=(1 2 3 4 5)
  start_round "reboot: n3 comes back from its config file alone" "${nodes[@]}"
  delete_links 3
  t0=$SECONDS
  check "reboot: boot's wg-quick up wg-$mesh succeeds" on 3 "wg-quick up wg-$mesh >/dev/null 2>&1"
  check "reboot: the mesh pings" ping_all "${nodes[@]}"
  local back=$((SECONDS - t0))
  run_wgm -q -J plan
  check "reboot: the next plan is empty" \
    bash -c '[[ $1 == 0 ]] && grep -q "\"nodes_changing\": 0" <<<"$2" && grep -q "\"f3\"" <<<"$2"' _ "$rc" "$out"
  no_damage reboot "$before" "${nodes[@]}"
  record "host rebooted (links gone, files kept)" wgmesh "boot's wg-quick up restores it; next plan empty" "$back"
}

round_partial() {
  local before
  start_round "partial: a 6-node up while n5 hangs" 1 2 3 4 5
  sshd_freeze 5
  make_spec "${all[@]}"
  run_wgm up
  local t_fail=$took
  check "partial: up exits 1 (${took} s)" test "$rc" = 1
  check "partial: the error names f5 and the step" names_host_and_step 5 'time|connect'
  check "partial: only f5 failed" only_failed
  check "partial: the other five converged" grep -q "5 of 6 node(s) up" <<<"$out"
  check "partial: the other five ping each other" ping_all 1 2 3 4 6
  sshd_thaw 1
  no_damage partial "$before" 1 2 3 4 5
  converge partial "${all[@]}"
  clean_after partial "${all[@]}"
  record "one of 6 hosts hangs (sshd stopped by SIGSTOP)" wgmesh "exit 1 after ${t_fail} s naming f5; the other five converge; $converged" "$converge_s"
}

step "setup: mesh $mesh on n1 n2 n3"
reset_nodes "${all[@]}"
make_spec 1 2 3
run_wgm up
check "setup: up exits 0 (${took} s)" test "$rc" = 0
check "setup: the mesh pings" ping_all 1 2 3
make_spec 1 2 3 4 5
if [[ " ${rounds[*]} " != *" steps "* ]]; then converge setup 1 2 3 4 5; fi

for r in "${rounds[@]}"; do
  "round_${r//-/_}"
done

step "down -r"
make_spec "${all[@]}"
run_wgm down -r
check "down -r exits 0" test "$rc" = 0
for n in "${all[@]}"; do
  check "n$n: no link and no config of mesh $mesh left" clean_node "$n"
done
check "no temp file left" no_leftovers "$(snapshot "${all[@]}")"
finish
