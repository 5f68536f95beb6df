#!/usr/bin/env bash
# tests/cli/json_offline_test.sh WGMESH: `wgmesh -J` as a pipeline reads it,
# with no host reachable (docs/cli.md, "JSON output" and "Exit status"):
#   - every command prints exactly one JSON document with the envelope
#     (format_version 1, command, ok, errors), for usage errors (exit 2), spec
#     errors (exit 1, each with its attribute path, value and rule) and host
#     failures (exit 1, each with node, host and step)
#   - -J adds the document on stdout and leaves stderr's text as it was, and
#     without -J stdout holds no JSON
#   - plan --detailed-exitcode is 1 (not 0 or 2) when a host cannot be read
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_test_init json_offline_test.sh "${1:-}"
# json DESCRIPTION WANT_RC COMMAND OK [ERROR_KIND [KEY=VALUE...]] -- WGMESH_ARGS...
json() {
  local what=$1 want=$2 envelope=() rc
  shift 2
  while [[ $1 != -- ]]; do envelope+=("$1"); shift; done
  shift
  "$wgmesh" "$@" >"$work/out" 2>"$work/err"; rc=$?
  if [[ $rc != "$want" ]]; then
    bad "$what: exit $rc, wanted $want"; sed 's/^/     | /' "$work/out" "$work/err" | tail -n 20; return
  fi
  if python3 "$here/json_envelope.py" "$work/out" "${envelope[@]}" >"$work/why"; then ok "$what"
  else bad "$what:"; sed 's/^/     /' "$work/why"; sed 's/^/     | /' "$work/out" | tail -n 20; fi
}

example=$root/examples/lab-mesh.yaml
for cmd in up down sync plan info show check render; do
  json "$cmd -J with an unknown argument: usage error, exit 2" 2 "$cmd" false usage \
    "message=unknown argument --bogus" -- -J -f "$example" "$cmd" --bogus
done
json "an unknown command: usage error, exit 2" 2 "" false usage "message=unknown command frob" \
  -- -J frob
json "an unknown global option: usage error, exit 2" 2 "" false usage \
  "message=unknown option --frob" -- -J --frob check
json "check -J of the example: ok" 0 check true -- -J -f "$example" check
json "render -J of the example: ok" 0 render true -- -J -f "$example" render
json "a missing file: a spec error naming it" 1 plan false spec \
  "message=$work/nope.yaml: cannot read the mesh description" -- -J -f "$work/nope.yaml" plan

cat >"$work/bad.yaml" <<'YAML'
name: bad
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    ssh: {host: a.invalid, port: 70000}
    endpoint: 192.0.2.1
  b:
    addr: 10.2.0.2/24
    ssh: b.invalid
YAML
for cmd in up down sync plan info show check render; do
  json "$cmd -J of a bad spec: every problem with its path, value and rule, exit 1" 1 "$cmd" \
    false spec path=nodes.b.addr value=10.2.0.2/24 "rule=must lie inside network 10.1.0.0/24" \
    -- -J -f "$work/bad.yaml" "$cmd"
done
json "a bad ssh port is named too" 1 plan false spec path=nodes.a.ssh.port value=70000 \
  -- -J -f "$work/bad.yaml" plan

# -J adds a document; it changes no text.
for cmd in check plan up; do
  "$wgmesh" -f "$work/bad.yaml" "$cmd" >"$work/text.out" 2>"$work/text.err"
  "$wgmesh" -J -f "$work/bad.yaml" "$cmd" >/dev/null 2>"$work/json.err"
  if cmp -s "$work/text.err" "$work/json.err" && [[ ! -s $work/text.out ]]; then
    ok "$cmd of a bad spec: stderr is the same with -J, stdout empty without"
  else bad "$cmd: -J changed stderr, or text mode printed on stdout"
    diff "$work/text.err" "$work/json.err" | sed 's/^/     /'; fi
done
"$wgmesh" -f "$example" check >"$work/text.out" 2>&1
if [[ $(cat "$work/text.out") == "mesh mesh: 3 nodes, valid" ]]; then ok "check without -J prints its line, no JSON"
else bad "check without -J printed: $(cat "$work/text.out")"; fi

# Hosts that cannot be reached (loopback port 1: refused at once).
cat >"$work/dead.yaml" <<'YAML'
name: dead
network: 10.1.0.0/24
nodes:
  a:
    addr: 10.1.0.1/24
    endpoint: 192.0.2.1
    ssh: {host: 127.0.0.1, port: 1, connect_attempts: 1, insecure_skip_host_key_check: true}
  b:
    addr: 10.1.0.2/24
    endpoint: 192.0.2.2
    ssh: {host: 127.0.0.1, port: 1, connect_attempts: 1, insecure_skip_host_key_check: true}
YAML
dead=(-J -f "$work/dead.yaml")
json "plan -J with unreachable hosts: host errors with node, host and step" 1 plan false host \
  node=a host=127.0.0.1 step=reading -- "${dead[@]}" plan
json "plan --detailed-exitcode with unreachable hosts exits 1, not 2" 1 plan false host \
  node=b step=reading -- "${dead[@]}" plan --detailed-exitcode
json "up -J with unreachable hosts: the failed step" 1 up false host node=a \
  "step=reading keys" -- "${dead[@]}" up
json "sync -J: the command is sync" 1 sync false host node=b -- "${dead[@]}" sync
json "info -J with unreachable hosts" 1 info false host node=a step=reading -- "${dead[@]}" info
json "show -J with unreachable hosts" 1 show false host node=a "step=wg show" -- "${dead[@]}" show
json "down -J with unreachable hosts" 1 down false host node=a "step=taking it down" \
  -- "${dead[@]}" down
json "down -r --skip-unreachable -J: skipped hosts are no error" 0 down true \
  -- "${dead[@]}" down -r --skip-unreachable
"$wgmesh" "${dead[@]}" info >"$work/info.json" 2>/dev/null
python3 - "$work/info.json" <<'PY' && ok "info -J: the original's keys first, the envelope last" || bad "info -J key order"
import json, sys
keys = list(json.load(open(sys.argv[1])))
assert keys == ["name", "network", "is_up", "config_exists", "nodes",
                "format_version", "command", "ok", "errors"], keys
PY

finish
