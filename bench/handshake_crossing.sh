#!/usr/bin/env bash
# bench/handshake_crossing.sh WGMESH [REPEATS [INTERVAL]]: how long two nodes wait for
# each other when both send their first packet at the same moment. On the lab
# (lab.env; under tests/lab/with-lab.sh), nodes 1 and 2 in a mesh "hx".
# Each repetition: both nodes forget their WireGuard session (the peer removed and
# added back from its own config), then both ping each other every INTERVAL seconds
# (default 0.5) from the same instant; printed: each end's time to its first answer
# ("NO ANSWER" when ping gave up: at 60 s, or at an ICMP error, which ends `ping -w`),
# and the kernel's count of "Invalid handshake response" messages (crossed
# initiations; the lab kernel logs them, see tests/lab/stage2-init).
# A crossing: each end gets the other's initiation while its own is in flight,
# answers it, and so drops the answer to its own; neither has a session it may send
# with, and both try again after WireGuard's 5 s (+ up to 1/3 s of jitter).
set -uo pipefail
wgmesh=$(realpath "${1:?usage: handshake_crossing.sh PATH/TO/wgmesh [REPEATS [INTERVAL]]}")
repeats=${2:-10}
interval=${3:-0.5}
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= 2)) || { echo "needs a lab with 2 nodes"; exit 1; }
work=$(mktemp -d)
on() { local k=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$k" "$@"; }
wgm() { "$wgmesh" -q -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
trap 'on 1 "rm -f /run/hx.peer"; on 2 "rm -f /run/hx.peer"; wgm down -r >/dev/null 2>&1; rm -rf "$work"' EXIT
printf 'name: hx\nnetwork: 10.52.78.0/24\nnodes:\n' >"$work/mesh.yaml"
for k in 1 2; do
  printf '  n%s:\n    addr: 10.52.78.%s/24\n    ssh: n%s\n    endpoint: "%s"\n    listen_port: %s\n' \
    "$k" "$k" "$k" "$(eval echo "\$LAB_NODE${k}_UNDERLAY_ADDR")" $((52480 + k)) >>"$work/mesh.yaml"
done
wgm up || exit 1
# The peer's section of the live config (its preshared key included: root-only file).
for k in 1 2; do on "$k" "umask 077; wg showconf wg-hx | sed -n '/^\[Peer\]/,\$p' >/run/hx.peer"; done
crossed=0
for ((rep = 1; rep <= repeats; rep++)); do
  on 1 'dmesg -c >/dev/null'
  start=$(($(date +%s%N) + 2500000000)) # the lab's nodes share one clock
  for k in 1 2; do
    on "$k" "p=\$(wg show wg-hx peers); wg set wg-hx peer \$p remove; wg addconf wg-hx /run/hx.peer
      while [ \$(date +%s%N) -lt $start ]; do :; done
      s=\$(date +%s%N); ping -c 1 -i $interval -w 60 10.52.78.$((3 - k)) >/dev/null && r=ms || r='ms, NO ANSWER'
      echo \"n$k \$(( (\$(date +%s%N) - s) / 1000000 )) \$r\"" >"$work/first.$k" &
  done
  wait
  invalid=$(on 1 'dmesg | grep -c "Invalid handshake response"')
  ((invalid > 0)) && ((++crossed))
  echo "repetition $rep: first answer $(cat "$work/first.1"), $(cat "$work/first.2"); invalid handshake responses: $invalid"
done
echo "$crossed of $repeats repetitions had crossed initiations"
