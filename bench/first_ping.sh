#!/usr/bin/env bash
# bench/first_ping.sh WGMESH [NODES [REPEATS]]: is the mesh working when `wgmesh up`
# returns? On the lab (lab.env; under tests/lab/with-lab.sh). A fresh mesh "fpx" of
# nodes 1..NODES (default 5; ports 52381..), brought up REPEATS times (default 2)
# with no traffic running meanwhile (bench/compare's pingers run during the `up`).
# Right after the command returns: per node, how many peers already have a
# WireGuard handshake; then every node pings every other once, all at once, and
# each first answer's time is printed (a missing one after 15 s is FAIL).
# RTT_MS (default 0): that round trip added by `tc netem` on every node's SSH path
# and underlay, as bench/compare does. The lab kernel logs WireGuard's handshakes:
# each repetition also counts "Invalid handshake response" messages up to the
# handshake count, i.e. initiations that crossed (docs/reliability.md).
set -uo pipefail
wgmesh=$(realpath "${1:?usage: first_ping.sh PATH/TO/wgmesh [NODES [REPEATS]]}")
n=${2:-5}
repeats=${3:-2}
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= n)) || { echo "needs a lab with $n nodes"; exit 1; }
work=$(mktemp -d)
on() { local k=$1; shift; ssh -F "$LAB_SSH_CONFIG" "n$k" "$@"; }
wgm() { "$wgmesh" -q -f "$work/mesh.yaml" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
rtt=${RTT_MS:-0}
netem() { # netem add|del on nodes 1..n
  ((rtt > 0)) || return 0
  for ((k = 1; k <= n; k++)); do
    if [[ $1 == add ]]; then
      on "$k" "tc qdisc replace dev eth0 root netem delay ${rtt}ms && tc qdisc replace dev eth1 root netem delay $((rtt / 2))ms"
    else
      on "$k" "tc qdisc del dev eth0 root 2>/dev/null; tc qdisc del dev eth1 root 2>/dev/null; true"
    fi
  done
}
trap 'wgm down -r >/dev/null 2>&1; netem del; rm -rf "$work"' EXIT
netem add || exit 1
printf 'name: fpx\nnetwork: 10.52.77.0/24\nnodes:\n' >"$work/mesh.yaml"
for ((k = 1; k <= n; k++)); do
  printf '  n%s:\n    addr: 10.52.77.%s/24\n    ssh: n%s\n    endpoint: "%s"\n    listen_port: %s\n' \
    "$k" "$k" "$k" "$(eval echo "\$LAB_NODE${k}_UNDERLAY_ADDR")" $((52380 + k)) >>"$work/mesh.yaml"
done
for ((rep = 1; rep <= repeats; rep++)); do
  on 1 'dmesg -c >/dev/null'
  start=$(date +%s%N)
  wgm up || exit 1
  echo "repetition $rep: \`up\` returned after $(( ($(date +%s%N) - start) / 1000000 )) ms"
  for ((k = 1; k <= n; k++)); do
    on "$k" "wg show wg-fpx latest-handshakes | awk '{ if (\$2 == 0) none++; else some++ }
      END { printf \"  n$k: %d peers with a handshake, %d without\n\", some, none }'" &
  done
  wait
  echo "  crossed initiations so far: $(on 1 'dmesg | grep -c "Invalid handshake response"') invalid handshake responses"
  for ((k = 1; k <= n; k++)); do
    on "$k" "for j in \$(seq 1 $n); do [ \$j = $k ] && continue
      (s=\$(date +%s%N)
       if ping -c 1 -W 15 10.52.77.\$j >/dev/null; then echo \"  n$k -> n\$j \$(( (\$(date +%s%N) - s) / 1000000 )) ms\"
       else echo \"  n$k -> n\$j FAIL\"; fi) &
    done; wait" &
  done
  wait
  wgm down -r || exit 1
done
