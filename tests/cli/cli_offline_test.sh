#!/usr/bin/env bash
# tests/cli/cli_offline_test.sh WGMESH: what `wgmesh` says before it touches
# any host: --help on every command, and errors that name the file, the field
# and the rule (nothing is contacted: the hosts named here do not exist).
set -uo pipefail
wgmesh=$(realpath "${1:?usage: cli_offline_test.sh PATH/TO/wgmesh}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 passed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
expect() { # expect DESCRIPTION WANT_RC NEEDLE COMMAND...
  local what=$1 want=$2 needle=$3; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc == "$want" ]] && grep -qF -- "$needle" <<<"$out"; then ok "$what"
  else bad "$what (exit $rc, wanted $want and \"$needle\"):"; sed 's/^/     /' <<<"$out"; fi
}

expect "wgmesh --help lists every command" 0 "plan        what \`up\` would change" "$wgmesh" --help
for cmd in up down sync plan info show check render; do
  expect "wgmesh $cmd --help" 0 "usage: wgmesh" "$wgmesh" "$cmd" --help
done
expect "an unknown command is refused" 2 "unknown command frobnicate" "$wgmesh" frobnicate
expect "an unknown option of a command prints its usage" 2 "usage: wgmesh" "$wgmesh" up --bogus
expect "a missing file is named" 1 "nope.yaml: cannot read the mesh description" \
  "$wgmesh" -f "$work/nope.yaml" up

cat >"$work/bad-ssh.yaml" <<'YAML'
name: bad
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    ssh: {host: a.invalid, port: 70000}
    endpoint: 192.0.2.1
  b:
    addr: 10.1.0.2/24
    ssh: {host: b.invalid, identity: /x}
YAML
expect "an ssh port out of range names file, field and rule" 1 \
  "$work/bad-ssh.yaml: error: nodes.a.ssh.port: \"70000\": must be a port, 1-65535" \
  "$wgmesh" -f "$work/bad-ssh.yaml" up
expect "an unknown ssh field names file, field and the known ones" 1 \
  "$work/bad-ssh.yaml: error: nodes.b.ssh.identity: unknown field; known: host, user, port" \
  "$wgmesh" -f "$work/bad-ssh.yaml" plan
expect "nothing is touched after a spec error" 1 "no host was touched" \
  "$wgmesh" -f "$work/bad-ssh.yaml" down -r

# Issue 10 item 1: the mapping form's fields meet the string form's rules, so
# nothing from mesh.yaml reaches an ssh_config ProxyCommand's %r / %h (which
# OpenSSH-style configs run through a shell) unvalidated.
cat >"$work/ssh_config" <<CONF
Host *
  ProxyCommand sh -c 'echo %r %h >>$work/proxy-ran; nc %h %p'
CONF
cat >"$work/hostile-user.yaml" <<YAML
name: hostile
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    endpoint: 192.0.2.1
    ssh: {host: a.invalid, user: "x\$(touch $work/pwned)"}
  b:
    addr: 10.1.0.2/24
    endpoint: 192.0.2.2
    ssh: {host: "b.invalid;touch $work/pwned", port: 22}
YAML
expect "check refuses a hostile ssh user with path, value and rule" 1 \
  "error: nodes.a.ssh.user: \"x\$(touch $work/pwned)\": must be a user name without spaces, quotes or shell characters" \
  "$wgmesh" --ssh-config "$work/ssh_config" -f "$work/hostile-user.yaml" check
expect "check refuses a hostile ssh host" 1 "error: nodes.b.ssh.host: \"b.invalid;touch" \
  "$wgmesh" --ssh-config "$work/ssh_config" -f "$work/hostile-user.yaml" check
expect "plan refuses it before any connection" 1 "no host was touched" \
  "$wgmesh" --ssh-config "$work/ssh_config" -f "$work/hostile-user.yaml" plan
if [[ ! -e $work/pwned && ! -e $work/proxy-ran ]]; then ok "no ProxyCommand ran, nothing was executed"
else bad "a ProxyCommand ran or the payload executed"; fi

cat >"$work/unsafe-fabric.yaml" <<'YAML'
name: fab
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    endpoint: 192.0.2.1
    ssh: {host: a.invalid, gateway: "ssh -W %h:%p bastion", connect_kwargs: {password: s3cret}}
  b:
    addr: 10.1.0.2/24
    endpoint: 192.0.2.2
YAML
expect "a Fabric gateway is refused with how to write a jump host" 1 \
  "nodes.a.ssh.gateway: \"ssh -W %h:%p bastion\": a gateway is a command" \
  "$wgmesh" -f "$work/unsafe-fabric.yaml" check
expect "a password in mesh.yaml is refused, and not shown" 1 \
  "nodes.a.ssh.connect_kwargs.password: \"(hidden)\": is a secret" \
  "$wgmesh" -f "$work/unsafe-fabric.yaml" check
unsafe_out=$("$wgmesh" -f "$work/unsafe-fabric.yaml" check 2>&1)
if grep -q s3cret <<<"$unsafe_out"; then
  bad "the password appears in the output"
else ok "the password never appears in the output"; fi

# Hosts that cannot be reached (loopback port 1: connection refused at once).
cat >"$work/ssh_config2" <<'CONF'
Host deadalias
  HostName 127.0.0.1
  Port 1
  User alice
CONF
cat >"$work/dead.yaml" <<'YAML'
name: dead
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    endpoint: 192.0.2.1
    ssh: {host: deadalias, connect_attempts: 1}
  b:
    addr: 10.1.0.2/24
    endpoint: 192.0.2.2
    ssh: {host: 127.0.0.1, port: 1, connect_attempts: 1, insecure_skip_host_key_check: true}
YAML
dead() { "$wgmesh" --ssh-config "$work/ssh_config2" -f "$work/dead.yaml" "$@"; }
expect "plan against hosts that all fail says how many could not be read" 1 \
  "mesh dead: 2 of 2 node(s) could not be read, so their changes are unknown" dead plan
expect "progress and errors show where an ssh_config alias really points" 1 \
  "a (deadalias): FAILED: deadalias (alice@127.0.0.1:1): connect:" dead plan
expect "the insecure host key option is a warning on stderr" 1 \
  "WARNING: nodes.b.ssh.insecure_skip_host_key_check: the host key of 127.0.0.1 (root@127.0.0.1:1) is NOT verified" \
  dead plan
out=$(dead -q plan 2>&1 >/dev/null)
if grep -q "NOT verified" <<<"$out"; then ok "the warning is printed even with -q"
else bad "the warning is missing with -q: $out"; fi
expect "down -r with unreachable hosts removes nothing and names the option" 1 \
  "add --skip-unreachable to leave out hosts that cannot be reached" dead down -r
expect "down -r --skip-unreachable lists the skipped hosts" 0 \
  "wgmesh down: a (deadalias) SKIPPED (unreachable; the mesh is still configured there)" \
  dead down -r --skip-unreachable
expect "down -r --skip-unreachable counts them" 0 "2 unreachable node(s) skipped" \
  dead down -r --skip-unreachable
expect "the original's long options are accepted" 0 '"valid": true' \
  "$wgmesh" --quiet --file "$root/examples/lab-mesh.yaml" --json-out check

sed 's#addr: 10.99.0.3/24#addr: 10.98.0.3/24#' "$root/examples/lab-mesh.yaml" >"$work/bad-addr.yaml"
expect "a spec error names file, field and rule" 1 "$work/bad-addr.yaml: error: nodes.mesh3.addr" \
  "$wgmesh" -f "$work/bad-addr.yaml" info
expect "the lab example is valid" 0 "mesh mesh: 3 nodes, valid" \
  "$wgmesh" -f "$root/examples/lab-mesh.yaml" check
expect "-f - reads standard input" 0 "mesh mesh: 3 nodes, valid" \
  bash -c '"$1" -f - check <"$2"' _ "$wgmesh" "$root/examples/lab-mesh.yaml"

echo "$passed passed, $failed failed"
((failed == 0))
