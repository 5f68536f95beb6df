#!/usr/bin/env bash
# Smoke test of a running lab (scripts/lab up, or under tests/lab/with-lab.sh).
# Reads $WGMESH_LAB_DIR/lab.env. Checks every node: root ssh with strict host key
# checking against the lab's known_hosts, WireGuard and ip6gretap links can be created,
# sudo works for "mesh" and is refused for "nosudo"; then underlay reachability
# n1 -> n2 and that `scripts/lab link 2 down|up` cuts and restores it.
# Prints "N passed, M failed" last; exits non-zero if anything failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lab=$here/../../scripts/lab
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}

passed=0
failed=0
ok() {
  passed=$((passed + 1))
  echo "ok   $*"
}
bad() {
  failed=$((failed + 1))
  echo "FAIL $*"
}
check() { # description, command...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

if [[ ! -r $dir/lab.env ]]; then
  echo "smoke: no $dir/lab.env: is the lab up? (scripts/lab up)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
# shellcheck disable=SC1091
. "$dir/lab.env"

# Plain ssh options, deliberately not the lab's ssh_config: the known_hosts file alone
# must let ssh verify the host keys.
node_ssh() { # user n cmd...
  local user=$1 n=$2 port
  shift 2
  port=LAB_NODE${n}_PORT
  ssh -i "$LAB_SSH_KEY" -o IdentitiesOnly=yes -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes \
    -o ConnectTimeout=10 -o LogLevel=ERROR -p "${!port}" "$user@127.0.0.1" -- "$@"
}
addr() { # n
  local v=LAB_NODE${1}_UNDERLAY_ADDR
  echo "${!v}"
}
addr6() { # n
  local v=LAB_NODE${1}_UNDERLAY_ADDR6
  echo "${!v:-fd00:10::$1}"
}

node_checks() { # n: the per-node checks (run in parallel for all nodes)
  local n=$1 port=LAB_NODE${1}_PORT name peer
  check "n$n: known_hosts has [127.0.0.1]:${!port} ssh-ed25519" \
    grep -q "^\[127\.0\.0\.1\]:${!port} ssh-ed25519 " "$LAB_KNOWN_HOSTS"
  name=$(node_ssh root "$n" hostname 2>&1)
  check "n$n: root ssh with strict host key checking (hostname $name)" test "$name" = "n$n"
  check "n$n: ip link add wgt0 type wireguard" \
    node_ssh root "$n" 'ip link add wgt0 type wireguard && ip link del wgt0'
  peer=$((n % LAB_NODES + 1))
  check "n$n: ip6gretap can be created" \
    node_ssh root "$n" "ip link add gtt0 type ip6gretap local $(addr6 "$n") remote $(addr6 "$peer") encaplimit none && ip link del gtt0"
  check "n$n: sudo -n true works as mesh" node_ssh mesh "$n" 'sudo -n true'
  if node_ssh nosudo "$n" 'sudo -n true' 2>/dev/null; then
    bad "n$n: sudo -n true is refused as nosudo"
  elif node_ssh nosudo "$n" 'test "$(id -un)" = nosudo'; then
    ok "n$n: sudo -n true is refused as nosudo" # and ssh as nosudo itself works
  else
    bad "n$n: ssh as nosudo works"
  fi
  echo "COUNTS $passed $failed"
}

echo "smoke: $LAB_NODES nodes, $LAB_UNDERLAY underlay, state dir $dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for ((n = 1; n <= LAB_NODES; n++)); do
  (
    passed=0 failed=0
    node_checks "$n"
  ) >"$tmp/n$n" 2>&1 &
done
wait
for ((n = 1; n <= LAB_NODES; n++)); do
  grep -v '^COUNTS ' "$tmp/n$n"
  read -r _ p f < <(grep '^COUNTS ' "$tmp/n$n" || echo "COUNTS 0 1")
  passed=$((passed + p))
  failed=$((failed + f))
done

if ((LAB_NODES >= 2)); then
  a2=$(addr 2)
  ping_cmd="ping -c 1 -W 2 $a2 >/dev/null"
  check "n1 pings n2's underlay address $a2" node_ssh root 1 "$ping_cmd"
  if [[ $LAB_UNDERLAY == ipv4 ]]; then
    check "n1 pings n2's IPv6 underlay address $(addr6 2)" node_ssh root 1 "ping -c 1 -W 2 $(addr6 2) >/dev/null"
  fi
  if "$lab" link 2 down >/dev/null 2>&1; then
    if node_ssh root 1 "$ping_cmd"; then
      bad "scripts/lab link 2 down cuts n1 -> n2"
    else
      ok "scripts/lab link 2 down cuts n1 -> n2"
    fi
  else
    bad "scripts/lab link 2 down"
  fi
  if "$lab" link 2 up >/dev/null 2>&1; then
    restored=0
    for _ in 1 2 3 4 5; do
      if node_ssh root 1 "$ping_cmd"; then
        restored=1
        break
      fi
      sleep 1
    done
    if ((restored)); then ok "scripts/lab link 2 up restores n1 -> n2"; else bad "scripts/lab link 2 up restores n1 -> n2"; fi
  else
    bad "scripts/lab link 2 up"
  fi
else
  echo "smoke: only one node: skipping the underlay checks"
fi

echo "$passed passed, $failed failed"
((failed == 0))
