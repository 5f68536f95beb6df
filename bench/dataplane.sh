#!/usr/bin/env bash
# bench/dataplane.sh WGMESH: the data plane between two lab nodes, over the mesh
# bridge (gretap in WireGuard) vs the bare WireGuard interface vs the underlay:
# iperf3 throughput (n1 -> n2, 5 s, TCP), ping latency (20 pings), and the
# largest IPv4 packet that passes with DF set over the bridge. Prints a
# Markdown table. Run under the lab lock:
#   flock /tmp/wgmesh-lab-tests.lock tests/lab/with-lab.sh bench/dataplane.sh build/cli/wgmesh
# Mesh spd (10.52.80.0/24, ports 52391-52392) on n1 and n2, removed afterwards.
# Needs iperf3 on the build machine (the nodes run its programs): apt-get install iperf3.
set -uo pipefail
wgmesh=$(realpath "${1:?usage: dataplane.sh PATH/TO/wgmesh}")
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
command -v iperf3 >/dev/null || { echo "no iperf3 (apt-get install iperf3)"; exit 1; }
work=$(mktemp -d)
on() { local k=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$k" "$@"; }
{
  printf 'name: spd\nnetwork: 10.52.80.0/24\nnodes:\n'
  for k in 1 2; do
    printf '  n%s:\n    addr: 10.52.80.%s/24\n    ssh: n%s\n    endpoint: "%s"\n    listen_port: %s\n' \
      "$k" "$k" "$k" "$(eval echo "\$LAB_NODE${k}_UNDERLAY_ADDR")" $((52390 + k))
  done
} >"$work/mesh.yaml"
wgm() { "$wgmesh" -q -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
cleanup() { wgm down -r >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
wgm up || { echo "up failed"; exit 1; }
until on 1 "ping -c1 -W1 10.52.80.2 >/dev/null"; do sleep 1; done

underlay=$LAB_NODE2_UNDERLAY_ADDR
tunnel=$(on 2 "ip -o addr show dev wg-spd" | awk '!t { split($4, a, "/"); t = a[1] } END { print t }')
bridge=10.52.80.2
echo "load $(cut -d' ' -f1-3 /proc/loadavg); underlay $underlay, WireGuard $tunnel, bridge $bridge"
echo
echo "| path | iperf3 n1 -> n2 (TCP, 5 s) | ping avg (20) | load (1 min) |"
echo "|---|---|---|---|"
declare -A mbps
for path in underlay wireguard bridge; do
  case $path in underlay) a=$underlay ;; wireguard) a=$tunnel ;; bridge) a=$bridge ;; esac
  on 2 "iperf3 -s -1 -D -p 52399 >/dev/null 2>&1"
  sleep 1
  bps=$(on 1 "iperf3 -c $a -p 52399 -t 5 -J" | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])' 2>/dev/null)
  rtt=$(on 1 "ping -c 20 -i 0.2 $a" | sed -n 's#.* = [0-9.]*/\([0-9.]*\)/.*#\1#p')
  mbps[$path]=$(awk -v b="${bps:-0}" 'BEGIN { printf "%.0f", b / 1e6 }')
  echo "| $path ($a) | ${mbps[$path]} Mbit/s | ${rtt:-?} ms | $(cut -d' ' -f1 /proc/loadavg) |"
done
echo
awk -v b="${mbps[bridge]}" -v w="${mbps[wireguard]}" -v u="${mbps[underlay]}" 'BEGIN {
  if (w > 0 && u > 0) printf "bridge / bare WireGuard: %.0f %%; WireGuard / underlay: %.0f %%\n", 100 * b / w, 100 * w / u }'
# The largest IPv4 packet with DF that crosses the bridge (binary search).
lo=500 hi=1600
while ((lo < hi)); do
  mid=$(((lo + hi + 1) / 2))
  if on 1 "ping -M do -c1 -W1 -s $((mid - 28)) $bridge >/dev/null 2>&1"; then lo=$mid; else hi=$((mid - 1)); fi
done
echo "largest IPv4 packet with DF over the bridge: $lo bytes (bridge MTU $(on 1 cat /sys/class/net/br-spd/mtu))"
