#!/usr/bin/env bash
# End-to-end test of pulumi-resource-wgmesh with the real Pulumi CLI and YAML
# language host (scripts/install-pulumi) against the lab (docs/lab.md), with a
# local file backend and no network beyond the lab. Run it under
# tests/lab/with-lab.sh (it needs lab.env and at least 3 nodes):
#
#   tests/lab/with-lab.sh tests/e2e/pulumi-e2e.sh [PROVIDER_BINARY]
#
# PROVIDER_BINARY defaults to build/provider/pulumi/pulumi-resource-wgmesh.
# The mesh is named "pulumi" (links wg-pulumi, br-pulumi, gt-pulumi-N) on
# 10.66.0.0/24, so it does not disturb other meshes on the lab hosts.
#
# Steps (issue 5, "Proof"): the example program previews; preview touches no
# host; up (every bridge pings every other); preview shows no changes; add a
# node + change an endpoint -> preview lists only the affected resources ->
# up with the new node's port taken: its create fails in the preflight and
# nothing is recorded for it, while a continuous ping between two nodes that
# stay loses nothing; the next up creates it; drift by
# hand -> refresh shows it -> up repairs; a node resource renamed without
# aliases keeps its host on the mesh; import of a node; key rotation; the
# exported state holds no key in clear; an invalid program names the
# property; destroy leaves the hosts clean.
#
# Exit: 0 all passed, 1 some failed, 77 skipped (no Pulumi, no lab).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
provider="${1:-${WGMESH_PULUMI_PROVIDER:-$root/build/provider/pulumi/pulumi-resource-wgmesh}}"
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
skip() { echo "SKIP - $*"; exit 77; }
log() { echo "# $*"; }

[[ -x "$provider" ]] || skip "no provider binary at $provider (build it first)"
provider="$(realpath "$provider")"
lab_env="${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env"
[[ -r "$lab_env" ]] || skip "no lab ($lab_env): run under tests/lab/with-lab.sh"
# shellcheck disable=SC1090
source "$lab_env"
((LAB_NODES >= 3)) || skip "the lab has $LAB_NODES nodes, this test needs 3"
# shellcheck source=lib/pulumi-env.sh
source "$root/tests/e2e/lib/pulumi-env.sh"

work="$(mktemp -d /tmp/wgmesh-pulumi-e2e.XXXXXX)"
keep="${WGMESH_E2E_KEEP:-0}"
cleanup() {
  if [[ -f "$work/prog/Pulumi.yaml" ]] && ((!${destroyed:-0})); then
    log "cleanup: pulumi destroy"
    (cd "$work/prog" && pulumi destroy --yes --non-interactive >"$work/cleanup.log" 2>&1)
  fi
  ((keep)) || rm -rf "$work"
}
trap cleanup EXIT

pulumi_env "$work" || skip "no Pulumi CLI + YAML host (scripts/install-pulumi) or its file-backend login failed"
mkdir -p "$work/prog"

# The program runs the provider through a wrapper in its own plugin dir that
# records each process's peak RSS (KiB) in $work/rss.log.
plugin_dir="$work/plugin"
mkdir -p "$plugin_dir"
cat >"$plugin_dir/pulumi-resource-wgmesh" <<EOF
#!/bin/sh
exec /usr/bin/time -a -o "$work/rss.log" -f %M "$provider" "\$@"
EOF
chmod +x "$plugin_dir/pulumi-resource-wgmesh"
[[ -x /usr/bin/time ]] || plugin_dir="$(dirname "$provider")"

mesh=pulumi
net=10.66.0
wgport=51866  # other meshes on the lab hosts may hold the default 51820
port() { local v="LAB_NODE$1_PORT"; echo "${!v}"; }

# lab_ssh N CMD: runs CMD as root on lab node N.
lab_ssh() {
  local n="$1"; shift
  ssh -q -i "$LAB_SSH_KEY" -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
    -o BatchMode=yes -o ConnectTimeout=30 -p "$(port "$n")" root@127.0.0.1 "$@"
}
# pings N ADDR: N reaches ADDR on the mesh, a first answer within 45 s (tests/lab/first-answer).
pings() { lab_ssh "$1" sh /run/lab/first-answer "$2"; }
# all_ping N...: every listed node's bridge pings every other's.
all_ping() {
  local a b failed=0
  for a in "$@"; do
    for b in "$@"; do
      [[ $a == "$b" ]] && continue
      pings "$a" "$net.$b" || { echo "    n$a cannot ping $net.$b"; failed=1; }
    done
  done
  return $failed
}
# accepted N: ssh logins sshd on N has accepted so far (this call included).
accepted() { lab_ssh "$1" "grep -c Accepted /var/log/sshd.log"; }
# clean N: nothing of the mesh on node N.
clean() {
  lab_ssh "$1" "! ip -o link show | grep -q -e wg-$mesh -e br-$mesh -e gt-$mesh- \
    && ! test -e /etc/wireguard/wg-$mesh.conf"
}

# program FILE NODES N2_ENDPOINT EPOCH [EXTRA_NODE_YAML]: writes a Pulumi YAML program.
program() {
  local nodes="$1" n2_endpoint="$2" epoch="$3" extra="${4:-}" n
  {
    cat <<EOF
name: wgmesh-e2e
runtime: yaml
plugins:
  providers:
    - name: wgmesh
      path: $plugin_dir
resources:
  mesh:
    type: wgmesh:index:Mesh
    properties:
      name: $mesh
      network: $net.0/24
      keyEpoch: $epoch
      nodes:
EOF
    for n in $nodes; do
      local ep="[fd00:10::$n]:$wgport"
      [[ $n == 2 ]] && ep="$n2_endpoint"
      printf '        n%s:\n          addr: %s.%s/24\n          endpoint: "%s"\n          listenPort: %s\n%s' \
        "$n" "$net" "$n" "$ep" "$wgport" "$extra"
      extra=""
    done
    for n in $nodes; do
      cat <<EOF
  n$n:
    type: wgmesh:index:Node
    properties:
      config: \${mesh.nodeConfigs["n$n"]}
      connection:
        host: 127.0.0.1
        port: $(port "$n")
EOF
    done
    echo "outputs:"
    echo "  publicKeys: \${mesh.publicKeys}"
  } >"$work/prog/Pulumi.yaml"
}

# in_prog CMD...: runs a pulumi command in the program dir, output to $work/last.log.
in_prog() { (cd "$work/prog" && "$@") >"$work/last.log" 2>&1; }
show_log() { sed 's/^/     | /' "$work/last.log" | tail -"${1:-40}"; }
check() { # check NAME CMD...
  local name="$1"; shift
  if "$@"; then ok "$name"; else bad "$name"; show_log; fi
}

# preview_ops: "op name" lines of a JSON preview, sorted, without the stack and provider.
preview_ops() {
  in_prog pulumi preview --json --non-interactive || return 1
  python3 - "$work/last.log" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
doc = json.loads(text[text.index("{"):])
for step in doc.get("steps", []):
    urn = step["urn"]
    if "pulumi:pulumi:Stack" in urn or "pulumi:providers:" in urn:
        continue
    print(step["op"], urn.split("::")[-1])
EOF
}

# ------------------------------------------------------------ the schema
check "pulumi package get-schema loads the provider's schema" \
  sh -c "cd '$work' && pulumi package get-schema '$provider' >'$work/schema.json' 2>'$work/last.log' \
    && cmp -s '$work/schema.json' '$root/schema/wgmesh.schema.json' \
       || python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
            '$work/schema.json' '$root/schema/wgmesh.schema.json'"

# ------------------------------------------------------------ the example
ex="$work/example"
mkdir -p "$ex"
sed "s|path: .*build/provider/pulumi|path: $(dirname "$provider")|" \
  "$root/examples/pulumi/yaml/Pulumi.yaml" >"$ex/Pulumi.yaml"
example_preview() {
  (cd "$ex" && pulumi stack init example --non-interactive \
    && pulumi config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS" \
    && pulumi config set --secret wgmesh:privateKey <"$LAB_SSH_KEY" \
    && for n in 1 2 3; do pulumi config set "sshPort$n" "$(port "$n")"; done \
    && pulumi preview --non-interactive && pulumi stack rm --yes --force) \
    >"$work/last.log" 2>&1
}
check "examples/pulumi/yaml previews with the real engine" example_preview

# ------------------------------------------------------------ stack
program "1 2" "[fd00:10::2]:$wgport" 0
in_prog pulumi stack init dev --non-interactive || { show_log; bad "stack init"; exit 1; }
in_prog pulumi config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS"
(cd "$work/prog" && pulumi config set --secret wgmesh:privateKey <"$LAB_SSH_KEY") >/dev/null

for n in 1 2 3; do clean "$n" || lab_ssh "$n" "ip link del wg-$mesh; ip link del br-$mesh; \
  for l in \$(ip -o link | grep -o 'gt-$mesh-[0-9]*'); do ip link del \$l; done; \
  rm -f /etc/wireguard/wg-$mesh.conf*" >/dev/null 2>&1; done

# ------------------------------------------------------------ preview touches nothing
before1=$(accepted 1) before2=$(accepted 2)
check "preview of a new mesh succeeds" in_prog pulumi preview --non-interactive --diff
after1=$(accepted 1) after2=$(accepted 2)
if [[ $after1 == $((before1 + 1)) && $after2 == $((before2 + 1)) ]]; then
  ok "preview opened no ssh connection to any host"
else
  bad "preview opened ssh connections (n1 $before1 -> $after1, n2 $before2 -> $after2; 1 is ours)"
fi
check "preview created nothing on the hosts" clean 1

# ------------------------------------------------------------ up
t0=$(date +%s)
check "pulumi up creates the mesh on n1, n2" in_prog pulumi up --yes --non-interactive --skip-preview
log "up took $(($(date +%s) - t0)) s"
check "every bridge pings every other (n1, n2)" all_ping 1 2
t0=$(date +%s%N)
check "a second preview shows no changes" \
  in_prog pulumi preview --non-interactive --expect-no-changes
log "no-op preview took $((($(date +%s%N) - t0) / 1000000)) ms"

# ------------------------------------------------------------ add a node, change an endpoint
program "1 2 3" "n2-underlay:$wgport" 0
ops="$(preview_ops)"
expected=$'create n3\nupdate mesh\nupdate n1\nupdate n2'
if [[ "$(sort <<<"$ops")" == "$expected" ]]; then
  ok "preview after adding n3 and changing n2's endpoint: mesh, n1, n2 update, n3 create"
else
  bad "preview steps: $(tr '\n' ',' <<<"$ops") (expected $(tr '\n' ',' <<<"$expected"))"
  show_log 30
fi
# A real failure on n3: another WireGuard interface holds its port, so its
# create fails in the preflight, before any change on the host. Nothing is
# recorded for n3 (no partial state a later delete would need), and the next
# up simply creates it (issue 9 item 3). Meanwhile n1 and n2 get their new
# peer without a packet lost between them.
lab_ssh 3 "ip link add wg-blocker type wireguard && wg set wg-blocker listen-port $wgport"
lab_ssh 1 "nohup ping -i 0.2 $net.2 >/tmp/pulumi-e2e-ping.log 2>&1 </dev/null & echo \$! >/tmp/pulumi-e2e-ping.pid"
sleep 2
t0=$(date +%s)
if in_prog pulumi up --yes --non-interactive --skip-preview; then
  bad "up with n3's port taken should fail"
else
  grep -q "already used" "$work/last.log" && ok "up fails on n3 only, naming the port conflict" \
    || { bad "the failure does not say why"; show_log 20; }
fi
log "up took $(($(date +%s) - t0)) s"
sleep 1
summary="$(lab_ssh 1 'kill -INT $(cat /tmp/pulumi-e2e-ping.pid); sleep 1; tail -n 3 /tmp/pulumi-e2e-ping.log')"
sent=$(grep -o '[0-9]* packets transmitted' <<<"$summary" | grep -o '^[0-9]*')
got=$(grep -o '[0-9]* received' <<<"$summary" | grep -o '^[0-9]*')
if [[ -n $sent && $sent -gt 5 && $sent == "$got" ]]; then
  ok "continuous ping n1 -> n2 while both were updated: $got/$sent, zero loss"
else
  bad "continuous ping n1 -> n2 during the update lost packets: $summary"
fi
check "n1 and n2 still ping each other" all_ping 1 2
lab_ssh 3 "ip link del wg-blocker"
not_recorded() {
  (cd "$work/prog" && pulumi stack export) | python3 -c '
import json, sys
sys.exit(1 if any(r["urn"].endswith("::n3") for r in json.load(sys.stdin)["deployment"]["resources"]) else 0)'
}
check "the failed n3 is not in the state (its create changed nothing)" not_recorded
ops="$(preview_ops)"
[[ "$ops" == "create n3" ]] && ok "after the failure the next preview creates n3" \
  || { bad "preview after the failure: $(tr '\n' ',' <<<"$ops")"; show_log 30; }
check "up converges n3" in_prog pulumi up --yes --non-interactive --skip-preview
check "every bridge pings every other (n1, n2, n3)" all_ping 1 2 3

# ------------------------------------------------------------ a change that affects one node
program "1 2 3" "n2-underlay:$wgport" 0 "          persistentKeepalive: 25
"
ops="$(preview_ops)"
[[ "$(sort <<<"$ops")" == $'update mesh\nupdate n1' ]] \
  && ok "preview of n1's keepalive: only the mesh and n1 update" \
  || { bad "preview steps: $(tr '\n' ',' <<<"$ops")"; show_log 30; }
check "pulumi up changes n1's keepalive" in_prog pulumi up --yes --non-interactive --skip-preview
check "every bridge pings every other after the keepalive change" all_ping 1 2 3

# ------------------------------------------------------------ drift
lab_ssh 2 "ip link del gt-$mesh-1"
check "refresh succeeds" in_prog pulumi refresh --yes --non-interactive
drift_state() {
  (cd "$work/prog" && pulumi stack export) | python3 -c '
import json, sys
for r in json.load(sys.stdin)["deployment"]["resources"]:
    if r["urn"].endswith("::n2"):
        o = r.get("outputs", {})
        sys.exit(0 if o.get("inSync") is False and o.get("drift") else 1)
sys.exit(1)'
}
check "refresh records n2's drift (inSync false, drift lines)" drift_state
grep -q -i -e drift -e inSync "$work/last.log" && ok "refresh output shows the drift" \
  || { bad "refresh output does not show the drift"; show_log 30; }
ops="$(preview_ops)"
[[ "$ops" == "update n2" ]] && ok "preview after drift: only n2 updates" \
  || { bad "preview after drift: $(tr '\n' ',' <<<"$ops")"; show_log 30; }
check "up repairs the drift" in_prog pulumi up --yes --non-interactive --skip-preview
check "n2 pings n1 again" pings 2 "$net.1"
check "no changes after the repair" in_prog pulumi preview --non-interactive --expect-no-changes

# ------------------------------------------------------------ rename without aliases
# Renaming n1's resource without `aliases`: the engine creates the new resource,
# then deletes the old one. The new instance takes the host over (it records
# itself as the owner: no link touched); the old one's delete then leaves the
# host alone, with a warning. A continuous ping from n2 loses nothing.
rename_node1() { # FROM TO
  sed -i "s/^  $1:\$/  $2:/" "$work/prog/Pulumi.yaml"
  lab_ssh 2 "ping -i 0.2 -c 400 -W 1 $net.1 > /tmp/pulumi-rename-ping.txt 2>&1 &" </dev/null
  in_prog pulumi up --yes --non-interactive --skip-preview
  local rc=$?
  lab_ssh 2 "pkill -INT -x ping; sleep 1; grep -o '[0-9]* packets transmitted, [0-9]* received' /tmp/pulumi-rename-ping.txt; rm -f /tmp/pulumi-rename-ping.txt" >"$work/rename-ping.txt"
  echo "     n2 -> n1 pings every 0.2 s while renaming $1 to $2: $(cat "$work/rename-ping.txt")"
  return $rc
}
no_ping_lost() { read -r sent _ _ received _ <"$work/rename-ping.txt"; [[ -n $sent && $sent == "$received" ]]; }
check "up with n1's resource renamed (no aliases)" rename_node1 n1 renamed1
grep -q "left as it is" "$work/last.log" && ok "the old resource's delete says it left the host alone" \
  || { bad "no warning that the old resource left the host alone"; show_log 30; }
check "n2 lost no ping to n1 during the rename" no_ping_lost
check "n1 is still on the mesh" all_ping 1 2 3
check "no changes after the rename" in_prog pulumi preview --non-interactive --expect-no-changes
check "renamed back: up" rename_node1 renamed1 n1
check "n2 lost no ping to n1 renaming back" no_ping_lost
check "n1 is still on the mesh after renaming back" all_ping 1 2 3

# ------------------------------------------------------------ import
imp="$work/import"
mkdir -p "$imp"
cat >"$imp/Pulumi.yaml" <<EOF
name: wgmesh-import
runtime: yaml
plugins:
  providers:
    - name: wgmesh
      path: $(dirname "$provider")
resources: {}
EOF
import_node() {
  (cd "$imp" && pulumi stack init imp --non-interactive \
    && pulumi config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS" \
    && pulumi config set --secret wgmesh:privateKey <"$LAB_SSH_KEY" \
    && pulumi import wgmesh:index:Node n3 "$mesh/root@127.0.0.1:$(port 3)" --yes \
         --protect=false --non-interactive --out "$imp/imported.yaml" \
    && pulumi stack export >"$imp/export.json" \
    && pulumi stack rm --yes --force) >"$work/last.log" 2>&1 || return 1
  python3 - "$imp/export.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["deployment"]["resources"]:
    if r["urn"].endswith("::n3"):
        o, i = r.get("outputs", {}), r.get("inputs", {})
        ok = o.get("nodeName") == "n3" and o.get("mesh") == "pulumi" and "config" in i \
            and "connection" in i
        sys.exit(0 if ok else 1)
sys.exit(1)
EOF
}
check "pulumi import reads n3 back (properties and inputs)" import_node

# ------------------------------------------------------------ key rotation
keys_before="$(cd "$work/prog" && pulumi stack output publicKeys --json)"
program "1 2 3" "n2-underlay:$wgport" 1 "          persistentKeepalive: 25
"
check "up with keyEpoch 1 rotates the keys" in_prog pulumi up --yes --non-interactive --skip-preview
keys_after="$(cd "$work/prog" && pulumi stack output publicKeys --json)"
python3 - "$keys_before" "$keys_after" <<'EOF' && ok "every public key changed" || bad "public keys: $keys_before -> $keys_after"
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.exit(0 if a.keys() == b.keys() and all(a[k] != b[k] for k in a) else 1)
EOF
check "every bridge pings every other after rotation" all_ping 1 2 3

# ------------------------------------------------------------ secrets
secrets_hidden() {
  local export_plain export_clear k n seen=0 leaked=0
  export_plain="$(cd "$work/prog" && pulumi stack export)"
  export_clear="$(cd "$work/prog" && pulumi stack export --show-secrets)"
  # Private and preshared keys as the hosts hold them (3 nodes: 3 + 3 x 2).
  for n in 1 2 3; do
    for k in $(lab_ssh "$n" "sed -n 's/^\(PrivateKey\|PresharedKey\) *= *//p' \
               /etc/wireguard/wg-$mesh.conf"); do
      seen=$((seen + 1))
      grep -qF -- "$k" <<<"$export_plain" && { echo "    n$n: a key in clear: ${k:0:6}..."; leaked=1; }
      grep -qF -- "$k" <<<"$export_clear" || { echo "    n$n: a key not in the state at all"; leaked=1; }
    done
  done
  ((seen == 9)) || { echo "    found $seen keys on the hosts, expected 9"; leaked=1; }
  local seed
  seed="$(python3 -c '
import json, sys
for r in json.load(sys.stdin)["deployment"]["resources"]:
    if r["urn"].endswith("::mesh"):
        print(json.loads(r["outputs"]["seed"]["plaintext"]))' <<<"$export_clear" 2>/dev/null)"
  if [[ -z $seed ]]; then echo "    no seed in the --show-secrets export"; leaked=1;
  elif grep -qF -- "$seed" <<<"$export_plain"; then echo "    the seed is in clear"; leaked=1; fi
  return $leaked
}
check "the exported state shows every key and the seed only as ciphertext" secrets_hidden

# ------------------------------------------------------------ invalid program
cp "$work/prog/Pulumi.yaml" "$work/good.yaml"
program "1 2 3" "n2-underlay:$wgport" 1 "          persistentKeepalive: 25
          prio: 70000
"
in_prog pulumi preview --non-interactive
if grep -q 'nodes.n1.prio' "$work/last.log"; then
  ok "an invalid program fails naming nodes.n1.prio"
else
  bad "the error does not name nodes.n1.prio"; show_log 20
fi
cp "$work/good.yaml" "$work/prog/Pulumi.yaml"

# ------------------------------------------------------------ destroy
check "pulumi destroy" in_prog pulumi destroy --yes --non-interactive --skip-preview && destroyed=1
for n in 1 2 3; do check "n$n is clean after destroy" clean "$n"; done

[[ -s "$work/rss.log" ]] && log "provider peak RSS over $(grep -c . "$work/rss.log") runs: \
$(sort -n "$work/rss.log" | tail -n 1) KiB"
echo "$pass passed, $fail failed"
((fail == 0))
