#!/usr/bin/env bash
# Smoke test of the real engines used by the end-to-end tests:
# installs (or finds cached) OpenTofu and Pulumi + the YAML language host via
# scripts/install-tofu and scripts/install-pulumi, then checks that they report
# the pinned versions and run a provider-less program fully offline.
#
# Offline is enforced, not assumed: when running as root with `unshare`, the
# engine runs happen in a fresh network namespace that has only loopback.
#
# Exits non-zero when any check fails; the last line is "N passed, M failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
check() { # check NAME CMD...
  local name="$1"; shift
  if "$@" >"$tmp/last.log" 2>&1; then ok "$name"; else bad "$name"; sed 's/^/     | /' "$tmp/last.log" | tail -40; fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Run a command without network access (loopback only) when we can.
offline=()
if [[ $(id -u) == 0 ]] && command -v unshare >/dev/null && command -v ip >/dev/null \
   && unshare -n true 2>/dev/null; then
  offline=(unshare -n sh -c 'ip link set lo up && exec "$@"' offline)
  echo "# engine runs are isolated in a network namespace (loopback only)"
else
  echo "# not root or no unshare: offline is only requested via environment variables"
fi
run_offline() { "${offline[@]}" "$@"; }

# Common offline environment.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_CLI_CONFIG_FILE="$tmp/tofurc"
: >"$TF_CLI_CONFIG_FILE"
unset TF_PLUGIN_CACHE_DIR
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_CONFIG_PASSPHRASE=x PULUMI_HOME="$tmp/pulumi-home"
export PULUMI_SKIP_CONFIRMATIONS=true

# ---------------------------------------------------------------- install
tofu_bin="" pulumi_bin=""
if tofu_bin="$("$root/scripts/install-tofu" 2>"$tmp/install-tofu.log" | tail -n 1)" \
   && [[ "$tofu_bin" == /* && -x "$tofu_bin/tofu" ]]; then
  ok "install-tofu prints an absolute bin dir holding tofu ($tofu_bin)"
else
  bad "install-tofu prints an absolute bin dir holding tofu (got '$tofu_bin')"
  tail -40 "$tmp/install-tofu.log" | sed 's/^/     | /'
  tofu_bin=""
fi
if pulumi_bin="$("$root/scripts/install-pulumi" 2>"$tmp/install-pulumi.log" | tail -n 1)" \
   && [[ "$pulumi_bin" == /* && -x "$pulumi_bin/pulumi" ]]; then
  ok "install-pulumi prints an absolute bin dir holding pulumi ($pulumi_bin)"
else
  bad "install-pulumi prints an absolute bin dir holding pulumi (got '$pulumi_bin')"
  tail -40 "$tmp/install-pulumi.log" | sed 's/^/     | /'
  pulumi_bin=""
fi

# A second run with everything cached: no network, same answer, under 1 s.
cached_run() { # cached_run SCRIPT EXPECTED
  local t0 t1 out
  t0=$(date +%s%N)
  out="$(run_offline "$1" 2>/dev/null | tail -n 1)" || return 1
  t1=$(date +%s%N)
  echo "$(basename "$1"): $(((t1 - t0) / 1000000)) ms -> $out"
  [[ "$out" == "$2" ]] && ((t1 - t0 < 1000000000))
}
[[ -n "$tofu_bin" ]] && check "cached install-tofu is offline and < 1 s" \
  cached_run "$root/scripts/install-tofu" "$tofu_bin"
[[ -n "$pulumi_bin" ]] && check "cached install-pulumi is offline and < 1 s" \
  cached_run "$root/scripts/install-pulumi" "$pulumi_bin"

# ------------------------------------------------------------------ tofu
if [[ -n "$tofu_bin" ]]; then
  # The pinned version is the suffix of the cache dir: .../tools/tofu-v1.12.6/bin
  tofu_want="$(basename "$(dirname "$tofu_bin")")"; tofu_want="${tofu_want#tofu-}"
  # Output captured first: `tofu version | tee | head -n 1 | grep -q` raced under
  # pipefail (head exiting early killed tee with SIGPIPE).
  tofu_version() {
    local v
    v=$("$tofu_bin/tofu" version) || return 1
    echo "$v"
    [[ ${v%%$'\n'*} == "OpenTofu $tofu_want" ]]
  }
  check "tofu version prints OpenTofu $tofu_want" tofu_version

  mkdir -p "$tmp/tf"
  cat >"$tmp/tf/main.tf" <<'TF'
output "greeting" {
  value = "hello-${"wgmesh"}"
}
TF
  tofu_apply() {
    cd "$tmp/tf" || return 1
    run_offline "$tofu_bin/tofu" init -input=false -no-color || return 1
    run_offline "$tofu_bin/tofu" apply -auto-approve -input=false -no-color || return 1
    local got; got="$(run_offline "$tofu_bin/tofu" output -raw greeting)" || return 1
    echo "output greeting = $got"
    [[ "$got" == hello-wgmesh ]]
  }
  check "tofu init && tofu apply -auto-approve works offline (output only)" tofu_apply
else
  bad "tofu checks skipped: no tofu"
fi

# ---------------------------------------------------------------- pulumi
if [[ -n "$pulumi_bin" ]]; then
  pulumi_want="$(basename "$(dirname "$pulumi_bin")")"   # pulumi-vX+yaml-vY
  pulumi_want="${pulumi_want#pulumi-}"; pulumi_want="${pulumi_want%%+*}"
  pulumi_version() { local v; v="$("$pulumi_bin/pulumi" version)"; echo "$v"; [[ "$v" == "$pulumi_want" ]]; }
  check "pulumi version prints $pulumi_want (not dev)" pulumi_version
  check "pulumi-language-yaml is installed next to pulumi" test -x "$pulumi_bin/pulumi-language-yaml"

  mkdir -p "$tmp/pu"
  cat >"$tmp/pu/Pulumi.yaml" <<'YAML'
name: wgmesh-engines-smoke
runtime: yaml
description: provider-less program used to check the Pulumi engine offline
variables:
  who: wgmesh
outputs:
  greeting: hello-${who}
YAML
  pulumi_up() {
    cd "$tmp/pu" || return 1
    export PATH="$pulumi_bin:$PATH"
    local p="$pulumi_bin/pulumi"
    mkdir -p "$tmp/pu/.state"
    run_offline "$p" login "file://$tmp/pu/.state" || return 1
    run_offline "$p" stack init dev --non-interactive || return 1
    run_offline "$p" up --yes --non-interactive --skip-preview --color never || return 1
    local got; got="$(run_offline "$p" stack output greeting --non-interactive)" || return 1
    echo "stack output greeting = $got"
    [[ "$got" == hello-wgmesh ]]
  }
  check "pulumi up (runtime: yaml, outputs only) works offline" pulumi_up
else
  bad "pulumi checks skipped: no pulumi"
fi

echo "$pass passed, $fail failed"
((fail == 0))
