#!/usr/bin/env bash
# bench/peer_update_loss.sh WGMESH [REPEATS]: packets lost between two unchanged
# mesh nodes while the peers of one of them are updated, by each way of doing
# it. On the lab (lab.env; under tests/lab/with-lab.sh). A 3-node mesh "plx"
# (nodes 1-3, ports 52371-52373) made by WGMESH; node 1 pings node 2's bridge
# address 500 times a second while it runs one update REPEATS times (default
# 150), for each of:
#   none          nothing (the baseline)
#   syncconf      `wg syncconf` of the unchanged config (what wgmesh did on
#                 every peer change until 2026-12-07: it resends every peer)
#   addconf       `wg addconf` of one new peer, then `wg set ... remove` of it
#                 (what wgmesh does to add and remove a peer)
#   set-endpoint  `wg set ... endpoint` of an unchanged peer (what wgmesh does
#                 when the plan changes an endpoint)
# Prints one line per way: transmitted, received, ICMP errors.
set -uo pipefail
wgmesh=$(realpath "${1:?usage: peer_update_loss.sh PATH/TO/wgmesh [REPEATS]}")
repeats=${2:-150}
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
work=$(mktemp -d)
on() { local k=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$k" "$@"; }
wgm() { "$wgmesh" -q -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
trap 'wgm down -r >/dev/null 2>&1; rm -rf "$work"' EXIT
printf 'name: plx\nnetwork: 10.52.71.0/24\nnodes:\n' >"$work/mesh.yaml"
for k in 1 2 3; do
  printf '  n%s:\n    addr: 10.52.71.%s/24\n    ssh: n%s\n    endpoint: "%s"\n    listen_port: %s\n' \
    "$k" "$k" "$k" "$(eval echo "\$LAB_NODE${k}_UNDERLAY_ADDR")" $((52370 + k)) >>"$work/mesh.yaml"
done
wgm up || exit 1
on 1 'ping -c 3 -W 2 10.52.71.2 >/dev/null' || { echo "the mesh does not answer"; exit 1; }
for way in none syncconf addconf set-endpoint; do
  # shellcheck disable=SC2016 # the updates expand on node 1, not here
  case $way in
    none) update='sleep 0.05' ;;
    syncconf) update='wg showconf wg-plx | wg syncconf wg-plx /dev/stdin' ;;
    addconf) update='printf "[Peer]\nPublicKey = %s\nAllowedIPs = 10.52.71.99/32\n" "$spare" |
      wg addconf wg-plx /dev/stdin && wg set wg-plx peer "$spare" remove' ;;
    set-endpoint) update='wg set wg-plx peer "$k2" endpoint "$e2"' ;;
  esac
  printf '%-13s ' "$way"
  on 1 "spare=\$(wg genkey | wg pubkey); k2=\$(wg show wg-plx endpoints | head -1 | cut -f1)
    e2=\$(wg show wg-plx endpoints | head -1 | cut -f2)
    ping -q -i 0.002 -W 1 -c $((repeats * 40)) 10.52.71.2 >/tmp/plx.ping 2>&1 & p=\$!
    sleep 0.5; for i in \$(seq 1 $repeats); do $update || exit 1; done; wait \$p
    grep transmitted /tmp/plx.ping; rm -f /tmp/plx.ping"
done
