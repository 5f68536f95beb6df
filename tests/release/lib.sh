# shellcheck shell=bash
# Sourced by the release tests: counters, a temp work dir, the release's version and dist/.
#   ok / bad MSG          count a check (bad shows the tail of $work/last.log)
#   run CMD...            run CMD with its output in $work/last.log
#   finish                print "N passed, N failed" and exit 0 / 1
# Needs $root (the source tree); sets $work (removed on exit) and $version.
pass=0 fail=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$("$root/scripts/version")"

ok()  { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; tail -30 "$work/last.log" | sed 's/^/     | /'; }
run() { "$@" >"$work/last.log" 2>&1; }
check() { local msg="$1"; shift; if run "$@"; then ok "$msg"; else bad "$msg"; fi; }
finish() { echo "$pass passed, $fail failed"; ((fail == 0)); exit $?; }

# need_dist DIST FILE...: skip (77) unless the release fixture wrote every FILE into DIST.
need_dist() {
  local dist="$1" f
  shift
  for f in "$@"; do
    [[ -e "$dist/$f" ]] || { echo "SKIP - $dist/$f is missing (release_dist failed?)"; exit 77; }
  done
}

# serve_https DIR: serves DIR over HTTPS on loopback (https_mirror.py) until the test exits,
# with a throwaway self-signed certificate; sets $https_port, and $https_cert for clients
# (Go programs trust it through SSL_CERT_FILE). Requests are logged to $work/server.log.
serve_https() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$work/key.pem" -out "$work/cert.pem" >"$work/openssl.log" 2>&1 \
    || { cat "$work/openssl.log"; return 1; }
  python3 "$root/tests/release/https_mirror.py" "$1" "$work/cert.pem" "$work/key.pem" \
    "$work/port" 600 2>"$work/server.log" &
  https_server=$!
  trap 'kill "$https_server" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
  https_port="$(cat "$work/port")" https_cert="$work/cert.pem"
  [[ -n $https_port ]]
}

# example_tfvars DIR SEEN_AS: writes DIR/vars.json for examples/terraform (with DIR/id, an SSH
# key, and an empty DIR/known_hosts, named by their path SEEN_AS, e.g. inside a chroot): two
# nodes whose SSH addresses a plan never dials (nothing exists yet).
example_tfvars() {
  ssh-keygen -q -t ed25519 -N '' -f "$1/id" >/dev/null
  : >"$1/known_hosts"
  cat >"$1/vars.json" <<EOT
{"ssh_private_key_file": "$2/id", "known_hosts_file": "$2/known_hosts",
 "nodes": {"a": {"addr": "10.0.0.1/24", "endpoint": "192.0.2.1", "ssh_host": "127.0.0.1", "ssh_port": 9},
           "b": {"addr": "10.0.0.2/24", "endpoint": "192.0.2.2", "ssh_host": "127.0.0.1", "ssh_port": 9}}}
EOT
}

# plans_three_adds PLAN_COMMAND...: the plan of examples/terraform with example_tfvars adds the
# mesh and its two nodes.
plans_three_adds() {
  "$@" >"$work/plan.out" 2>&1 || { cat "$work/plan.out"; return 1; }
  cat "$work/plan.out"
  grep -q 'Plan: 3 to add' "$work/plan.out"
}
